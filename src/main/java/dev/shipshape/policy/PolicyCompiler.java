package dev.shipshape.policy;

import dev.shipshape.api.v1alpha1.CheckOverride;
import dev.shipshape.api.v1alpha1.DelegatedExemptions;
import dev.shipshape.api.v1alpha1.HardeningPolicySpec;
import dev.shipshape.api.v1alpha1.Match;
import dev.shipshape.api.v1alpha1.PolicyExemption;
import dev.shipshape.api.v1alpha1.ProfileName;
import dev.shipshape.api.v1alpha1.SeverityName;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a HardeningPolicy spec into a {@link CompiledPolicy}: resolves the profile's checks with the overrides,
 * validates parameters, globs, selectors, kinds and exemptions, and reports every problem at once.
 */
public final class PolicyCompiler {

    private static final FieldPath SPEC = FieldPath.of("spec");
    private static final HardeningPolicySpec DEFAULTS = new HardeningPolicySpec();
    private static final String ALL_KINDS = String.join(", ", WorkloadKind.names());

    /** RFC 3339 date-time: seconds required, fraction optional, offset or Z; 't' and 'z' in either case. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private PolicyCompiler() {
    }

    /**
     * @param name the policy's name, used in findings and messages
     * @param spec the spec; null and unset fields take their documented defaults
     * @throws InvalidPolicyException listing every problem of the spec, each with its field path
     */
    public static CompiledPolicy compile(String name, HardeningPolicySpec spec) throws InvalidPolicyException {
        return compile(name, 0, spec);
    }

    /** Every problem of the spec, each with its field path; empty when the spec compiles. */
    public static List<FieldProblem> problems(HardeningPolicySpec spec) {
        try {
            compile("", spec);
            return List.of();
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
    }

    /** Whether the spec compiles. */
    public static boolean isValid(HardeningPolicySpec spec) {
        return problems(spec).isEmpty();
    }

    /**
     * @param generation the policy's {@code metadata.generation}, carried along so a change is noticed
     * @see #compile(String, HardeningPolicySpec)
     */
    public static CompiledPolicy compile(String name, long generation, HardeningPolicySpec spec)
            throws InvalidPolicyException {
        HardeningPolicySpec source = spec == null ? DEFAULTS : spec;
        List<FieldProblem> problems = new ArrayList<>();
        Profile profile = profile(source.getProfile() == null ? DEFAULTS.getProfile() : source.getProfile());
        PodSecurityVersion version = podSecurityVersion(source.getPodSecurityVersion(), problems);
        PolicyMatch match = compileMatch(source.getMatch() == null ? DEFAULTS.getMatch() : source.getMatch(),
                SPEC.field("match"), problems);
        Map<String, CheckOverride> overrides = compileOverrides(orEmpty(source.getChecks()), problems);
        Exemptions exemptions = compileExemptions(orEmpty(source.getExemptions()), problems);
        Delegation delegation = compileDelegation(source.getDelegatedExemptions(),
                SPEC.field("delegatedExemptions"), problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new CompiledPolicy(name, generation, profile, PolicyActions.of(source),
                activeChecks(profile, version, overrides), match, exemptions, source.isAllowAnnotationExemptions(),
                delegation);
    }

    private static PodSecurityVersion podSecurityVersion(String value, List<FieldProblem> problems) {
        if (value == null) {
            return PodSecurityVersion.LATEST;
        }
        return PodSecurityVersion.parse(value).orElseGet(() -> {
            problems.add(new FieldProblem(SPEC.field("podSecurityVersion"), "must be \"latest\" or a Kubernetes version \"v1.N\" "
                    + "(e.g. \"v1.33\"), got \"" + value + "\""));
            return PodSecurityVersion.LATEST;
        });
    }

    private static List<ActiveCheck> activeChecks(Profile profile, PodSecurityVersion version,
                                                  Map<String, CheckOverride> overrides) {
        Set<String> added = new HashSet<>();
        Set<String> disabled = new HashSet<>();
        overrides.forEach((id, override) -> (override.isDisabled() ? disabled : added).add(id));
        List<ActiveCheck> active = new ArrayList<>();
        for (Check check : CheckCatalog.select(profile, version, added, disabled)) {
            CheckDescriptor descriptor = check.descriptor();
            CheckOverride override = overrides.get(descriptor.id());
            if (override == null) {
                active.add(new ActiveCheck(check, descriptor.severity()));
                continue;
            }
            Severity severity = override.getSeverity() == null ? descriptor.severity() : severity(override.getSeverity());
            Map<String, String> params = orEmpty(override.getParams());
            Check configured = params.isEmpty() ? check : check.withParams(CheckParams.of(descriptor, params));
            active.add(new ActiveCheck(configured, severity));
        }
        return active;
    }

    private static Map<String, CheckOverride> compileOverrides(List<CheckOverride> checks, List<FieldProblem> problems) {
        Map<String, CheckOverride> overrides = new HashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            FieldPath at = SPEC.field("checks").index(i);
            CheckOverride override = checks.get(i);
            if (override == null) {
                problems.add(new FieldProblem(at, "must be an object with an id"));
                continue;
            }
            String id = override.getId();
            if (id == null || id.isBlank()) {
                problems.add(new FieldProblem(at.field("id"), "required"));
                continue;
            }
            Check check = CheckCatalog.find(id).orElse(null);
            if (check == null) {
                problems.add(new FieldProblem(at.field("id"), unknownCheck(id)));
                continue;
            }
            Integer first = firstIndex.putIfAbsent(id, i);
            if (first != null) {
                problems.add(new FieldProblem(at.field("id"), "duplicate override of \"" + id + "\", already configured by "
                        + SPEC.field("checks").index(first)));
                continue;
            }
            validateParams(check.descriptor(), orEmpty(override.getParams()), at.field("params"), problems);
            overrides.put(id, override);
        }
        return overrides;
    }

    private static void validateParams(CheckDescriptor descriptor, Map<String, String> params, FieldPath at,
                                       List<FieldProblem> problems) {
        params.forEach((key, value) -> {
            FieldPath path = at.field(key);
            CheckParam param = descriptor.param(key).orElse(null);
            if (param == null) {
                problems.add(new FieldProblem(path, "unknown parameter for " + descriptor.id() + " (" + knownParams(descriptor) + ")"
                        + (descriptor.podSecurityControl() != null && key.equals("version")
                        ? "; the Pod Security Standards version is set for the whole policy in spec.podSecurityVersion"
                        : "")));
            } else if (value == null) {
                problems.add(new FieldProblem(path, "must be a string"));
            } else {
                param.validate(value).ifPresent(problem -> problems.add(new FieldProblem(path, problem)));
            }
        });
    }

    private static String knownParams(CheckDescriptor descriptor) {
        if (descriptor.params().isEmpty()) {
            return "it has no parameters";
        }
        return "known: " + descriptor.params().stream().map(CheckParam::name).collect(Collectors.joining(", "));
    }

    private static PolicyMatch compileMatch(Match match, FieldPath at, List<FieldProblem> problems) {
        List<String> namespaces = globs(match.getNamespaces(), at.field("namespaces"), problems);
        List<String> excluded = globs(match.getExcludedNamespaces(), at.field("excludedNamespaces"), problems);
        LabelSelectorMatcher namespaceSelector =
                LabelSelectorMatcher.compile(match.getNamespaceSelector(), at.field("namespaceSelector"), problems);
        LabelSelectorMatcher objectSelector =
                LabelSelectorMatcher.compile(match.getObjectSelector(), at.field("objectSelector"), problems);
        Set<String> kinds = new LinkedHashSet<>();
        List<String> kindNames = orEmpty(match.getKinds());
        for (int i = 0; i < kindNames.size(); i++) {
            String kind = kindNames.get(i);
            if (kind != null && WorkloadKind.names().contains(kind)) {
                kinds.add(kind);
            } else {
                problems.add(new FieldProblem(at.field("kinds").index(i), (kind == null ? "must not be empty" : "unknown kind \"" + kind + "\"")
                        + " (known: " + ALL_KINDS + ")"));
            }
        }
        return new PolicyMatch(namespaces, excluded, namespaceSelector, objectSelector, kinds);
    }

    private static Delegation compileDelegation(DelegatedExemptions spec, FieldPath at, List<FieldProblem> problems) {
        if (spec == null) {
            return Delegation.NONE;
        }
        List<String> namespaces = globs(spec.getNamespaces(), at.field("namespaces"), problems);
        List<String> checks = checkIds(spec.getChecks(), at.field("checks"), problems);
        List<String> allBut = checkIds(spec.getAllChecksBut(), at.field("allChecksBut"), problems);
        if (!orEmpty(spec.getChecks()).isEmpty() && !orEmpty(spec.getAllChecksBut()).isEmpty()) {
            problems.add(new FieldProblem(at.field("allChecksBut"), "must be empty when checks lists the only "
                    + "checks that may be exempted"));
        }
        int maxDays = spec.getMaxDays() == null ? Delegation.DEFAULT_MAX_DAYS : spec.getMaxDays();
        if (maxDays < 1) {
            problems.add(new FieldProblem(at.field("maxDays"), "must be at least 1, got " + maxDays));
        }
        return new Delegation(true, namespaces, checks, allBut, maxDays);
    }

    private static Exemptions compileExemptions(List<PolicyExemption> specs, List<FieldProblem> problems) {
        List<Exemption> exemptions = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            FieldPath at = SPEC.field("exemptions").index(i);
            PolicyExemption spec = specs.get(i);
            if (spec == null) {
                problems.add(new FieldProblem(at, "must be an object with a reason"));
                continue;
            }
            List<String> checks = checkIds(spec.getChecks(), at.field("checks"), problems);
            List<String> namespaces = globs(spec.getNamespaces(), at.field("namespaces"), problems);
            List<String> workloads = globs(spec.getWorkloads(), at.field("workloads"), problems);
            List<String> containers = globs(spec.getContainers(), at.field("containers"), problems);
            List<String> images = globs(spec.getImages(), at.field("images"), problems);
            if (orEmpty(spec.getChecks()).isEmpty() && orEmpty(spec.getNamespaces()).isEmpty()
                    && orEmpty(spec.getWorkloads()).isEmpty() && orEmpty(spec.getContainers()).isEmpty()
                    && orEmpty(spec.getImages()).isEmpty()) {
                problems.add(new FieldProblem(at, "would exempt every finding of every workload; list checks or set namespaces, "
                        + "workloads, containers or images"));
            }
            if (spec.getReason() == null || spec.getReason().isBlank()) {
                problems.add(new FieldProblem(at.field("reason"), "required"));
            }
            Instant expires = expiry(spec.getExpires(), at.field("expires"), problems);
            exemptions.add(new Exemption(i, checks, namespaces, workloads, containers, images, spec.getReason(),
                    expires));
        }
        return exemptions.isEmpty() ? Exemptions.NONE : new Exemptions(exemptions);
    }

    static List<String> checkIds(List<String> ids, FieldPath at, List<FieldProblem> problems) {
        List<String> valid = new ArrayList<>();
        List<String> given = orEmpty(ids);
        for (int i = 0; i < given.size(); i++) {
            String id = given.get(i);
            if (id == null || id.isBlank()) {
                problems.add(new FieldProblem(at.index(i), "must not be empty"));
            } else if (CheckCatalog.find(id).isEmpty()) {
                problems.add(new FieldProblem(at.index(i), unknownCheck(id)));
            } else {
                valid.add(id);
            }
        }
        return valid;
    }

    static List<String> globs(List<String> globs, FieldPath at, List<FieldProblem> problems) {
        List<String> valid = new ArrayList<>();
        List<String> given = orEmpty(globs);
        for (int i = 0; i < given.size(); i++) {
            FieldPath path = at.index(i);
            String glob = given.get(i);
            Globs.validate(glob).ifPresentOrElse(problem -> problems.add(new FieldProblem(path, problem)), () -> valid.add(glob));
        }
        return valid;
    }

    static Instant expiry(String expires, FieldPath at, List<FieldProblem> problems) {
        if (expires == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(expires, RFC_3339).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(at, "not an RFC 3339 date-time: \"" + expires + "\" (e.g. 2027-01-31T00:00:00Z)"));
            return null;
        }
    }

    private static String unknownCheck(String id) {
        return "unknown check \"" + id + "\""
                + CheckCatalog.closest(id).map(closest -> " (did you mean \"" + closest + "\"?)").orElse("");
    }

    private static Profile profile(ProfileName name) {
        return Profile.find(name.name()).orElseThrow();
    }

    private static Severity severity(SeverityName name) {
        return Severity.find(name.name()).orElseThrow();
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
