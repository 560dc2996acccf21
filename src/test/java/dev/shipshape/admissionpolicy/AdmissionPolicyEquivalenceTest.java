package dev.shipshape.admissionpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Exemptions;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.PolicyActions;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.WorkloadMatch;
import dev.shipshape.policy.checks.CheckFixtures;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated CEL fails for exactly the pod and containers the engine reports, check by check, over every check
 * fixture and every sample workload, under the baseline and hardened profiles at the Pod Security versions where
 * controls changed, and with parameters set.
 */
class AdmissionPolicyEquivalenceTest {

    private static final List<String> VERSIONS = List.of("v1.0", "v1.8", "v1.18", "v1.19", "v1.22", "v1.23",
            "v1.25", "v1.31", "v1.34", "v1.35", "latest");

    private static final List<CompiledPolicy> POLICIES = policies();

    private static List<CompiledPolicy> policies() {
        List<CompiledPolicy> policies = new ArrayList<>();
        for (String version : VERSIONS) {
            PodSecurityVersion podSecurity = PodSecurityVersion.parse(version).orElseThrow();
            for (Profile profile : List.of(Profile.BASELINE, Profile.HARDENED)) {
                CompiledPolicy policy = CompiledPolicy.forProfile(profile, podSecurity);
                policies.add(new CompiledPolicy(profile.id() + "-" + version, 0, profile, policy.actions(),
                        policy.checks(), WorkloadMatch.ALL, Exemptions.NONE, false));
            }
        }
        policies.add(new CompiledPolicy("parameters", 0, Profile.HARDENED, PolicyActions.defaults(), List.of(
                configured("image-tag-pinned", Map.of("requireDigest", "true")),
                configured("resource-limits", Map.of("resources", "cpu,memory,ephemeral-storage")),
                configured("resource-requests", Map.of("resources", "memory"))),
                WorkloadMatch.ALL, Exemptions.NONE, false));
        return policies;
    }

    private static ActiveCheck configured(String id, Map<String, String> params) {
        Check check = CheckCatalog.find(id).orElseThrow();
        return new ActiveCheck(check.withParams(CheckParams.of(check.descriptor(), params)),
                check.descriptor().severity());
    }

    static Stream<Named<Path>> manifests() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> fixtures = Files.walk(Path.of("src/test/resources/checks"));
             Stream<Path> samples = Files.walk(Path.of("deploy/samples/workloads"))) {
            fixtures.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
            samples.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        return files.stream().map(file -> Named.of(file.toString(), file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void generatedPoliciesFailWhereTheEngineDoes(Path file) {
        List<JsonNode> objects = admitted(file);
        for (JsonNode object : objects) {
            for (CompiledPolicy policy : POLICIES) {
                AdmissionPolicyEquivalence.assertSameLocations(file + " " + object.path("kind").asText(), policy,
                        object);
            }
        }
    }

    @Test
    void theManifestsExerciseEveryGeneratedCheck() throws IOException {
        java.util.Set<String> failing = new java.util.TreeSet<>();
        for (Path file : manifests().map(Named::getPayload).toList()) {
            for (JsonNode object : admitted(file)) {
                for (CompiledPolicy policy : POLICIES) {
                    AdmissionPolicyEquivalence.celLocations(policy, object).forEach((check, locations) -> {
                        if (!locations.isEmpty()) {
                            failing.add(check);
                        }
                    });
                }
            }
        }
        List<String> expressible = CheckCatalog.all().stream().filter(check -> check.celRule().expressible())
                .map(check -> check.descriptor().id()).toList();
        assertThat(failing).containsExactlyInAnyOrderElementsOf(expressible);
    }

    private static List<JsonNode> admitted(Path file) {
        try {
            List<JsonNode> documents = new ArrayList<>(CheckFixtures.documents(Files.readString(file)));
            return AdmissionPolicyEquivalence.admitted(documents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
