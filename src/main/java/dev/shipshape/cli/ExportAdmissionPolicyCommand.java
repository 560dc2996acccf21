package dev.shipshape.cli;

import dev.shipshape.admissionpolicy.AdmissionPolicyGenerator;
import dev.shipshape.admissionpolicy.GeneratedPolicies;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.report.AdmissionPolicyManifests;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** Prints the ValidatingAdmissionPolicies and bindings a policy compiles to, for clusters without the operator. */
@Command(name = "admission-policy", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = {
            "Prints the ValidatingAdmissionPolicies and bindings (admissionregistration.k8s.io/v1, Kubernetes 1.30+) "
                + "that a HardeningPolicy or profile compiles to: the API server then enforces its checks itself, "
                + "with no webhook and no operator. One policy and binding per admission action (Deny, Warn, Audit).",
            "Checks that CEL cannot decide exactly are left out and named on stderr and in the output's header; "
                + "exemptions expire only when the objects are generated again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:printed",
            "2:usage or input error (unreadable or invalid policy)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape export admission-policy --policy deploy/samples/policies/restricted-enforce.yaml",
            "  shipshape export admission-policy --profile baseline --mode Warn > baseline-warn.yaml",
            "  shipshape export admission-policy --policy policy.yaml | kubectl apply -f -"})
final class ExportAdmissionPolicyCommand implements Callable<Integer> {

    /** Never reviewed, as the webhook never reviews it. */
    static final String KUBE_SYSTEM = "kube-system";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "What the API server does with findings: ${COMPLETION-CANDIDATES} (default: the --policy "
                    + "file's spec.mode; Enforce for a --profile).")
    Mode mode;

    @Option(names = "--deny-severity", paramLabel = "SEVERITY", converter = Converters.SeverityConverter.class,
            completionCandidates = Converters.SeverityCandidates.class,
            description = "In Enforce mode, the lowest severity that denies; lower ones warn (default: the --policy "
                    + "file's spec.denySeverity; low for a --profile).")
    Severity denySeverity;

    @Option(names = "--exclude-namespace", paramLabel = "NS",
            description = "Also leave this namespace alone (repeatable), as the operator leaves its own namespace; "
                    + "kube-system always is.")
    List<String> excludedNamespaces = new ArrayList<>();

    ExportAdmissionPolicyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InputException {
        List<String> warnings = new ArrayList<>();
        CompiledPolicy policy = withActions(policyOptions.load(context, warnings));
        PrintWriter err = spec.commandLine().getErr();
        warnings.forEach(err::println);
        Set<String> excluded = new TreeSet<>(excludedNamespaces);
        excluded.add(KUBE_SYSTEM);
        GeneratedPolicies generated = new AdmissionPolicyGenerator(policyOptions.kinds(), excluded)
                .generate(policy, context.clock().instant());
        generated.webhookOnly().forEach((check, reason) -> err.println(
                "shipshape: " + check + " is not in the admission policies (only the webhook decides it): " + reason));
        PrintWriter out = spec.commandLine().getOut();
        out.print(AdmissionPolicyManifests.yaml(generated));
        out.flush();
        return 0;
    }

    private CompiledPolicy withActions(CompiledPolicy policy) {
        PolicyActions actions = policy.actions();
        Mode chosenMode = mode != null ? mode : policyOptions.fromFile() ? actions.mode() : Mode.Enforce;
        Severity chosenSeverity = denySeverity != null ? denySeverity : actions.denySeverity();
        return new CompiledPolicy(policy.name(), policy.generation(), policy.profile(),
                new PolicyActions(chosenMode, chosenSeverity, actions.admission(), actions.existing(),
                        actions.enforcement()), policy.checks(),
                policy.match(), policy.exemptions(), policy.allowAnnotationExemptions(), policy.delegation());
    }
}
