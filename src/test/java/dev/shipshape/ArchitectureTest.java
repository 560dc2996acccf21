package dev.shipshape;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.shipshape.policy.PolicyEvaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The engine stays pure: webhook, reconciler and CLI adapt it, never the other way round. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        URL mainClasses = PolicyEvaluator.class.getProtectionDomain().getCodeSource().getLocation();
        classes = new ClassFileImporter().importUrl(mainClasses);
    }

    @Test
    void engineUsesNoClientQuarkusOrOperatorSdk() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.shipshape.policy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..", "io.quarkus..", "io.javaoperatorsdk..", "jakarta..",
                        "io.vertx..", "io.micrometer..", "java.net..", "java.nio.file..", "picocli..",
                        "org.yaml..")
                .because("the policy package is the pure engine: no I/O, no framework");
        rule.check(classes);
    }

    @Test
    void engineDependsOnNoAdapter() {
        noClasses().that().resideInAnyPackage("dev.shipshape.policy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.shipshape.workload..", "dev.shipshape.cli..", "dev.shipshape.webhook..",
                        "dev.shipshape.audit..", "dev.shipshape.cluster..")
                .check(classes);
    }

    @Test
    void workloadExtractionIsPureToo() {
        noClasses().that().resideInAnyPackage("dev.shipshape.workload..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..", "io.quarkus..", "io.javaoperatorsdk..", "java.net..",
                        "java.nio.file..", "dev.shipshape.cli..", "dev.shipshape.webhook..", "dev.shipshape.audit..",
                        "dev.shipshape.cluster..")
                .check(classes);
    }

    @Test
    void admissionPolicyGenerationIsPure() {
        noClasses().that().resideInAnyPackage("dev.shipshape.admissionpolicy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..", "io.quarkus..", "io.javaoperatorsdk..", "jakarta..",
                        "java.net..", "java.nio.file..", "dev.shipshape.cli..", "dev.shipshape.webhook..",
                        "dev.shipshape.audit..")
                .because("ValidatingAdmissionPolicies are generated from the engine alone, for the CLI and the operator")
                .check(classes);
    }

    @Test
    void dockerfileAndComposeChecksArePureLikeTheEngine() {
        noClasses().that().resideInAnyPackage("dev.shipshape.image..", "dev.shipshape.compose..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..", "io.quarkus..", "io.javaoperatorsdk..", "jakarta..",
                        "java.net..", "java.nio.file..", "java.io.File", "dev.shipshape.cli..",
                        "dev.shipshape.webhook..", "dev.shipshape.audit..")
                .because("Dockerfiles and Compose files are checked from their text alone; the CLI reads files")
                .check(classes);
    }

    @Test
    void cliStartsNoFramework() {
        noClasses().that().resideInAnyPackage("dev.shipshape.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.javaoperatorsdk..", "jakarta.enterprise..", "jakarta.inject..")
                .because("the CLI must start in well under a second without a cluster")
                .check(classes);
    }

    @Test
    void cliWingsAreLayeredBelowTheCommands() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("commands").definedBy("dev.shipshape.cli")
                .layer("fix").definedBy("dev.shipshape.cli.fix..")
                .layer("report").definedBy("dev.shipshape.cli.report..")
                .layer("scan").definedBy("dev.shipshape.cli.scan..")
                .layer("input").definedBy("dev.shipshape.cli.input..")
                .whereLayer("commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("fix").mayOnlyBeAccessedByLayers("commands")
                .whereLayer("report").mayOnlyBeAccessedByLayers("commands", "fix")
                .whereLayer("scan").mayOnlyBeAccessedByLayers("commands", "fix", "report")
                .whereLayer("input").mayOnlyBeAccessedByLayers("commands", "fix", "report", "scan")
                .because("input reads files, scan runs the engine over them, report writes what a scan found, "
                        + "fix patches the files; the commands wire them")
                .check(classes);
    }

    @Test
    void webhookAndAuditAreSiblings() {
        noClasses().that().resideInAnyPackage("dev.shipshape.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.shipshape.webhook..")
                .because("what both need lives in dev.shipshape.cluster")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.shipshape.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.shipshape.audit..")
                .check(classes);
    }

    @Test
    void clusterPlumbingDependsOnNoAdapter() {
        noClasses().that().resideInAnyPackage("dev.shipshape.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.shipshape.webhook..", "dev.shipshape.audit..", "dev.shipshape.cli..")
                .check(classes);
    }

    @Test
    void webhookConfigurationDependsOnTheWebhookNotTheOtherWayRound() {
        noClasses().that().resideInAPackage("dev.shipshape.webhook")
                .should().dependOnClassesThat().resideInAnyPackage("dev.shipshape.webhook.config..")
                .because("a package cycle: webhook.config registers the webhooks the webhook package serves")
                .check(classes);
    }
}
