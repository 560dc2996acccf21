package dev.shipshape.badinput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.Mode;
import dev.shipshape.api.v1alpha1.PolicyExemption;
import dev.shipshape.api.v1alpha1.ProfileName;
import dev.shipshape.api.v1alpha1.SeverityName;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.InvalidPolicyException;
import dev.shipshape.policy.PolicyCompiler;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Remediator;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadKind;
import dev.shipshape.webhook.AdmissionRequest;
import dev.shipshape.webhook.AdmissionReviews;
import dev.shipshape.webhook.BadReviewException;
import dev.shipshape.webhook.PolicyReview;
import dev.shipshape.workload.Workloads;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * HardeningPolicy specs made of valid and invalid parts: unknown and misspelt check ids, bad parameters, globs,
 * selectors, kinds and dates, duplicate overrides and exemptions, lists of thousands. The compiler the operator and
 * the CLI share must compile each (and the result must evaluate every sample workload) or name every problem
 * with the path of a field that is in the spec.
 */
final class PolicyCorpus {

    /** The fields of a HardeningPolicy manifest the loader reads, for targeted changes to policy files. */
    static final List<String> FIELDS = List.of("/apiVersion", "/kind", "/metadata", "/metadata/name", "/spec",
            "/spec/profile", "/spec/mode", "/spec/denySeverity", "/spec/match", "/spec/match/namespaces",
            "/spec/match/namespaces/0", "/spec/match/excludedNamespaces", "/spec/match/kinds",
            "/spec/match/namespaceSelector", "/spec/match/objectSelector", "/spec/checks", "/spec/checks/0",
            "/spec/checks/0/id", "/spec/checks/0/severity", "/spec/checks/0/disabled", "/spec/checks/0/params",
            "/spec/checks/1/params/requireDigest", "/spec/exemptions", "/spec/exemptions/0",
            "/spec/exemptions/0/checks", "/spec/exemptions/0/namespaces", "/spec/exemptions/0/reason",
            "/spec/exemptions/0/expires", "/spec/allowAnnotationExemptions", "/spec/remediation",
            "/spec/remediation/admission", "/spec/remediation/existing");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> WORKLOADS =
            Samples.workloads().values().stream().map(Samples::yamlTree).toList();
    private static final List<String> CHECK_IDS = List.copyOf(CheckCatalog.ids());
    private static final List<String> PARAM_NAMES = Stream.concat(
            CheckCatalog.all().stream().flatMap(check -> check.descriptor().params().stream()).map(CheckParam::name),
            Stream.of("foo", "", "requiredigest")).distinct().toList();

    private PolicyCorpus() {
    }

    /** A generated spec; its text, for reports, is its JSON. */
    record GeneratedSpec(HardeningPolicySpec spec) {
        @Override
        public String toString() {
            return Verdict.abbreviate(json(spec));
        }
    }

    static Arbitrary<GeneratedSpec> specs() {
        return Builders.withBuilder(HardeningPolicySpec::new)
                .use(Arbitraries.of(ProfileName.class).injectNull(0.2))
                .in((spec, value) -> set(spec, s -> s.setProfile(value)))
                .use(Arbitraries.of(Mode.class).injectNull(0.2)).in((spec, value) -> set(spec, s -> s.setMode(value)))
                .use(Arbitraries.of(SeverityName.class).injectNull(0.2))
                .in((spec, value) -> set(spec, s -> s.setDenySeverity(value)))
                .use(match().injectNull(0.2)).in((spec, value) -> set(spec, s -> s.setMatch(value)))
                .use(sometimesDuplicated(override().list().ofMaxSize(8)).injectNull(0.1))
                .in((spec, value) -> set(spec, s -> s.setChecks(value)))
                .use(sometimesDuplicated(exemption().list().ofMaxSize(4)).injectNull(0.1))
                .in((spec, value) -> set(spec, s -> s.setExemptions(value)))
                .use(Arbitraries.of(true, false))
                .in((spec, value) -> set(spec, s -> s.setAllowAnnotationExemptions(value)))
                .build(GeneratedSpec::new);
    }

    /** Compiles the spec; a compiled policy must also evaluate and remediate every sample workload. */
    static Verdict check(HardeningPolicySpec spec) {
        Bounded.Run<List<String>> run = Bounded.run(() -> {
            try {
                CompiledPolicy policy = PolicyCompiler.compile("generated", spec);
                for (JsonNode manifest : WORKLOADS) {
                    Workload workload = Workloads.fromTree(manifest.deepCopy()).orElseThrow();
                    EvaluationResult result = PolicyEvaluator.evaluate(policy, workload,
                            Map.of("kubernetes.io/metadata.name", "shop"), AdmissionCorpus.NOW);
                    Remediator.remediate(policy, workload, result);
                }
                return List.of();
            } catch (InvalidPolicyException e) {
                return e.problems().stream().map(FieldProblem::toString).toList();
            }
        });
        return run.verdict(json(spec).length(), (problems, violations) -> {
            if (problems.isEmpty()) {
                return "compiles";
            }
            ObjectNode document = JSON.createObjectNode();
            document.set("spec", JSON.valueToTree(spec));
            for (String problem : problems) {
                problemOfSpec(problem, document).ifPresent(violations::add);
            }
            return "invalid";
        });
    }

    /**
     * The policy document applied, as the API server sends it to the webhook that checks policies: the review is
     * answered (an unreadable one with HTTP 400), and each problem of a refusal names a field that is in the spec.
     */
    static Verdict checkAtApply(byte[] policy) {
        byte[] review = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + "{\"uid\":\"u-1\",\"operation\":\"CREATE\",\"resource\":{\"group\":\"shipshape.dev\","
                + "\"version\":\"v1alpha1\",\"resource\":\"hardeningpolicies\"},\"object\":"
                + new String(policy, StandardCharsets.UTF_8) + "}}").getBytes(StandardCharsets.UTF_8);
        Bounded.Run<Optional<AdmissionRequest>> run = Bounded.run(() -> {
            try {
                return Optional.of(AdmissionReviews.read(review));
            } catch (BadReviewException e) {
                return Optional.empty();
            }
        });
        return run.verdict(review.length, (request, violations) -> {
            if (request.isEmpty()) {
                return "400";
            }
            List<FieldProblem> problems = PolicyReview.problems(request.get(), List.of());
            AdmissionReviews.invalid("u-1", "HardeningPolicy", "name", problems);
            for (FieldProblem problem : problems) {
                problemOfSpec(problem.toString(), request.get().object()).ifPresent(violations::add);
            }
            return problems.isEmpty() ? "allowed" : "refused";
        });
    }

    /** The sample policies, broken as YAML manifests are. */
    static Arbitrary<MutatedText> yamlPolicyFiles() {
        return TextMutations.texts(Samples.policies());
    }

    /** The sample policies as JSON, with fields of other types, missing, duplicated or huge. */
    static Arbitrary<MutatedJson> jsonPolicyFiles() {
        Map<String, String> json = new LinkedHashMap<>();
        Samples.policies().forEach((name, text) -> json.put(name, json(Samples.yamlTree(text))));
        return JsonMutations.documents(json, FIELDS);
    }

    /** A folder with two sample workloads to scan; the policy file is written by {@link #checkFile}. */
    static Path workspace() {
        Path workspace = Cli.temporaryDirectory("shipshape-bad-policies");
        Map<String, String> workloads = Samples.workloads();
        for (String name : List.of("bad-deployment.yaml", "hardened-pod.yaml")) {
            Cli.write(workspace.resolve("workloads").resolve(name),
                    workloads.get(name).getBytes(StandardCharsets.UTF_8));
        }
        return workspace;
    }

    /**
     * Scans the workspace with {@code bytes} as the {@code --policy} file {@code name}: a policy that loads gives a
     * report, one that does not gives exit code 2 and each problem with the file's path and a line in it.
     */
    static Verdict checkFile(Path workspace, String name, byte[] bytes) {
        Cli.write(workspace.resolve(name), bytes);
        Bounded.Run<Cli.Result> run = Bounded.run(() ->
                Cli.run(workspace, "scan", "--format", "json", "--policy", name, "workloads"));
        return run.verdict(bytes.length, (result, violations) -> {
            violations.addAll(Cli.problemsOfErrors(result.err(), name, Cli.lines(bytes)));
            if (result.err().isEmpty() && result.exitCode() != 0 && result.exitCode() != 1) {
                violations.add("exit code " + result.exitCode() + " without an error");
            } else if (!result.err().isEmpty() && result.exitCode() != 2) {
                violations.add("exit code " + result.exitCode() + " after errors: " + Verdict.abbreviate(result.err()));
            }
            if (result.err().isEmpty() && !result.out().startsWith("{")) {
                violations.add("no JSON report: " + Verdict.abbreviate(result.out()));
            }
            return result.err().isEmpty() ? "loaded" : "refused";
        });
    }

    private static Optional<String> problemOfSpec(String problem, JsonNode document) {
        var path = FieldPaths.leading(problem);
        int colon = problem.indexOf(": ");
        if (path.isEmpty() || !"spec".equals(path.get().get(0)) || colon < 0
                || problem.substring(colon + 2).isBlank()) {
            return Optional.of("a problem without a path: " + Verdict.abbreviate(problem));
        }
        if (!FieldPaths.existsOrParentDoes(document, path.get())) {
            return Optional.of("a problem naming " + FieldPaths.format(path.get())
                    + ", which is not in the spec: " + Verdict.abbreviate(problem));
        }
        return Optional.empty();
    }

    private static Arbitrary<Match> match() {
        return Builders.withBuilder(Match::new)
                .use(globs()).in((match, value) -> set(match, m -> m.setNamespaces(value)))
                .use(globs()).in((match, value) -> set(match, m -> m.setExcludedNamespaces(value)))
                .use(selector().injectNull(0.5)).in((match, value) -> set(match, m -> m.setNamespaceSelector(value)))
                .use(selector().injectNull(0.5)).in((match, value) -> set(match, m -> m.setObjectSelector(value)))
                .use(Arbitraries.of(kinds()).injectNull(0.05).list().ofMaxSize(4).injectNull(0.1))
                .in((match, value) -> set(match, m -> m.setKinds(value)))
                .build();
    }

    private static List<String> kinds() {
        List<String> kinds = new ArrayList<>(WorkloadKind.names());
        kinds.addAll(List.of("Deploymnet", "deployment", "", "ConfigMap", "CronJob/v1beta1", "*"));
        return kinds;
    }

    private static Arbitrary<LabelSelector> selector() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("app", "app.kubernetes.io/name", "example.com/team", "bad key", "", "-app", "app-",
                        "x".repeat(64), "example.com/", "/name", "a/b/c", "UPPER_case", "ü", "a".repeat(254) + "/x"),
                Arbitraries.strings().withChars("aZ09-_./ ").ofMaxLength(10));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("web", "", "web_", "-web", "x".repeat(64), "a b", "ü", "1.0"),
                Arbitraries.strings().withChars("aZ09-_. ").ofMaxLength(10)).injectNull(0.05);
        Arbitrary<LabelSelectorRequirement> requirements = Combinators.combine(keys.injectNull(0.05),
                        Arbitraries.of("In", "NotIn", "Exists", "DoesNotExist", "Is", "in", "").injectNull(0.05),
                        values.list().ofMaxSize(3).injectNull(0.2))
                .as(LabelSelectorRequirement::new);
        return Combinators.combine(requirements.injectNull(0.05).list().ofMaxSize(3).injectNull(0.2),
                        Arbitraries.maps(keys, values).ofMaxSize(3).injectNull(0.2))
                .as(LabelSelector::new);
    }

    private static Arbitrary<CheckOverride> override() {
        Arbitrary<Map<String, String>> params = Arbitraries.maps(Arbitraries.of(PARAM_NAMES), paramValues())
                .ofMaxSize(2).injectNull(0.1);
        return Builders.withBuilder(CheckOverride::new)
                .use(checkIds()).in((override, value) -> set(override, o -> o.setId(value)))
                .use(Arbitraries.of(SeverityName.class).injectNull(0.5))
                .in((override, value) -> set(override, o -> o.setSeverity(value)))
                .use(Arbitraries.of(true, false)).in((override, value) -> set(override, o -> o.setDisabled(value)))
                .use(params).in((override, value) -> set(override, o -> o.setParams(value)))
                .build()
                .injectNull(0.03);
    }

    private static Arbitrary<PolicyExemption> exemption() {
        Arbitrary<String> reasons = Arbitraries.oneOf(Arbitraries.of("vendor image", "", " ", "\n", "x".repeat(10_000)),
                Arbitraries.strings().ofMaxLength(20)).injectNull(0.1);
        return Builders.withBuilder(PolicyExemption::new)
                .use(checkIds().list().ofMaxSize(3).injectNull(0.1))
                .in((exemption, value) -> set(exemption, e -> e.setChecks(value)))
                .use(globs()).in((exemption, value) -> set(exemption, e -> e.setNamespaces(value)))
                .use(globs()).in((exemption, value) -> set(exemption, e -> e.setWorkloads(value)))
                .use(globs()).in((exemption, value) -> set(exemption, e -> e.setContainers(value)))
                .use(globs()).in((exemption, value) -> set(exemption, e -> e.setImages(value)))
                .use(reasons).in((exemption, value) -> set(exemption, e -> e.setReason(value)))
                .use(dates()).in((exemption, value) -> set(exemption, e -> e.setExpires(value)))
                .build()
                .injectNull(0.03);
    }

    private static Arbitrary<String> checkIds() {
        Arbitrary<String> known = Arbitraries.of(CHECK_IDS);
        return Arbitraries.frequencyOf(
                Tuple.of(6, known),
                Tuple.of(2, known.map(id -> id.substring(1))),
                Tuple.of(1, known.map(id -> id.toUpperCase(Locale.ROOT))),
                Tuple.of(1, Arbitraries.of("", " ", "*", "ALL", "privileged ", "run_as_user", "x".repeat(5000))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)))
                .injectNull(0.08);
    }

    private static Arbitrary<String> paramValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("true", "false", "yes", "", " ", "cpu", "cpu,memory", "gpu", ",",
                        "memory, ephemeral-storage", ".*", "(", "[a-", "(?i)password|token", "\\", "v1.32", "latest",
                        "v1.99999999999", "1.5", "1.30")),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.integers().between(1, 20_000)
                        .map(depth -> "(".repeat(depth) + ")".repeat(depth))))
                .injectNull(0.08);
    }

    private static Arbitrary<String> dates() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("2027-01-31T00:00:00Z", "2020-01-31T00:00:00Z",
                        "2027-01-31T00:00:00.123456789+02:00", "2027-01-31t00:00:00z", "2027-01-31", "tomorrow",
                        "2027-02-30T00:00:00Z", "2027-01-31T24:00:00Z", "2027-01-31T23:59:60Z",
                        "+999999999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "99999-01-01T00:00:00Z",
                        "2027-01-31T00:00:00+25:00", "", " ", "2027-01-31T00:00:00.1234567890Z",
                        "٢٠٢٧-01-31T00:00:00Z", "2027-01-31T00:00:00")),
                Tuple.of(2, Arbitraries.strings().withChars("0123456789-:TZ.+").ofMaxLength(30)))
                .injectNull(0.1);
    }

    /** Globs, now and then a list of thousands. */
    private static Arbitrary<List<String>> globs() {
        Arbitrary<String> shortGlob = Arbitraries.oneOf(
                Arbitraries.of("*", "prod-*", "kube-?", "", " ", "a b", "prod-[ab]", "{a,b}", "\\*", "!x", "\t",
                        "ü*", "**", "?", "legacy-*"),
                Arbitraries.strings().withChars("ab*?-[]{}!\\ .").ofMaxLength(12)).injectNull(0.05);
        Arbitrary<String> glob = Arbitraries.frequencyOf(Tuple.of(30, shortGlob),
                Tuple.of(1, Arbitraries.of("*".repeat(5_000), "x".repeat(5_000) + "*", "?".repeat(5_000))));
        return Arbitraries.frequencyOf(
                Tuple.of(30, glob.list().ofMaxSize(4)),
                Tuple.of(1, Combinators.combine(shortGlob, Arbitraries.integers().between(1_000, 5_000))
                        .as((one, count) -> new ArrayList<>(Collections.nCopies(count, one)))))
                .injectNull(0.05);
    }

    /** The list, or now and then the list twice over: duplicate overrides and exemptions. */
    private static <T> Arbitrary<List<T>> sometimesDuplicated(Arbitrary<List<T>> lists) {
        return Combinators.combine(lists, Arbitraries.of(false, false, false, true)).as((list, twice) -> {
            List<T> result = new ArrayList<>(list);
            if (twice) {
                result.addAll(list);
            }
            return result;
        });
    }

    private static <T> T set(T target, Consumer<T> setter) {
        setter.accept(target);
        return target;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
