package dev.shipshape.cli.report;

import dev.shipshape.compose.ComposeChecks;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.ContainerType;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.cel.CelRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Generates the checks reference (docs/checks.md) from the catalogue. Deterministic: same catalogue, same text. */
public final class ChecksMarkdown {

    static final String GENERATED_NOTE =
            "<!-- Generated from the check catalogue by `shipshape checks --format markdown` (`make docs`). "
                    + "Do not edit by hand. -->";

    private ChecksMarkdown() {
    }

    public static String generate(List<Check> checks) {
        Map<Profile, List<String>> profileChecks = new LinkedHashMap<>();
        for (Profile profile : Profile.values()) {
            profileChecks.put(profile, CheckCatalog.select(profile, PodSecurityVersion.LATEST, Set.of(), Set.of())
                    .stream()
                    .map(check -> check.descriptor().id()).toList());
        }
        StringBuilder md = new StringBuilder();
        md.append("# Checks reference\n\n").append(GENERATED_NOTE).append("\n\n");
        md.append("Shipshape has ").append(checks.size()).append(" checks. Each has a stable id (used in policies, ")
                .append("findings, reports and metrics), a category, a default severity, a one-line message naming ")
                .append("the offending container and field, and a fix hint. Checks marked *automatic fix* are ")
                .append("remediated by `shipshape fix` and by admission mutation (`remediation.admission: Mutate`): ")
                .append("they fill in missing fields only and never override a value that is set. Each check ")
                .append("lists the containers it reads: ephemeral containers (`kubectl debug`) are checked by every ")
                .append("check of a field they can have, at admission when an UPDATE of `pods/ephemeralcontainers` ")
                .append("adds them (Kubernetes 1.22+) and in the audit; they cannot have probes, resources or ports, ")
                .append("and automatic fixes leave them alone, as their spec cannot change once added. ")
                .append("Checks marked *generated admission policy* are compiled into the ValidatingAdmissionPolicies ")
                .append("that Kubernetes 1.30+ evaluates itself (`spec.enforcement`, `shipshape export ")
                .append("admission-policy`); the others stay with the webhook.\n\n");
        profiles(md, checks, profileChecks);
        for (Category category : Category.values()) {
            List<CheckDescriptor> inCategory = checks.stream().map(Check::descriptor)
                    .filter(descriptor -> descriptor.category() == category).toList();
            if (!inCategory.isEmpty()) {
                category(md, category, inCategory, profileChecks);
            }
        }
        dockerfiles(md);
        compose(md);
        return md.toString();
    }

    private static void profiles(StringBuilder md, List<Check> checks, Map<Profile, List<String>> profileChecks) {
        md.append("## Profiles\n\n");
        md.append("A policy starts from a profile (`spec.profile`, or `--profile` on the command line). Profiles ")
                .append("are cumulative: each runs every check of the profiles before it.\n\n");
        md.append("| Profile | Checks | Decides as |\n|---|---|---|\n");
        md.append("| `baseline` | ").append(profileChecks.get(Profile.BASELINE).size())
                .append(" | Pod Security Standards *baseline*: blocks known privilege escalations |\n");
        md.append("| `restricted` | ").append(profileChecks.get(Profile.RESTRICTED).size())
                .append(" | Pod Security Standards *restricted*: baseline plus current pod hardening best practice |\n");
        md.append("| `hardened` (default) | ").append(profileChecks.get(Profile.HARDENED).size())
                .append(" | restricted plus production hardening: read-only root filesystem, resource requests ")
                .append("and limits, probes, pinned images, no secrets in env literals, no automounted token |\n\n");
        md.append("`baseline` and `restricted` allow and deny exactly the pods that Pod Security Admission allows ")
                .append("and denies at the same level, check for check, and at the same version: ")
                .append("`spec.podSecurityVersion` (`--pss-version` on the command line) is `latest` or `v1.N`, as ")
                .append("Pod Security Admission's `enforce-version` label; each control's history is listed below.");
        List<String> pairs = new ArrayList<>();
        for (Check check : checks) {
            CheckDescriptor descriptor = check.descriptor();
            for (String replaced : descriptor.overrides()) {
                pairs.add("| `" + descriptor.id() + "` | `" + replaced + "` | " + descriptor.profile().id() + " |");
            }
        }
        if (!pairs.isEmpty()) {
            md.append(" As in Pod Security Admission, some checks of a higher profile replace a lower one's check ")
                    .append("while they are active; a policy that disables the replacing check runs the replaced ")
                    .append("one again:\n\n");
            md.append("| Check | Replaces | From profile |\n|---|---|---|\n");
            pairs.forEach(pair -> md.append(pair).append('\n'));
        } else {
            md.append('\n');
        }
        md.append("\nA policy can change a check's severity or parameters, disable it, or add a check of a higher ")
                .append("profile under `spec.checks`; findings can be exempted under `spec.exemptions`.\n\n");
    }

    private static void category(StringBuilder md, Category category, List<CheckDescriptor> descriptors,
                                 Map<Profile, List<String>> profileChecks) {
        md.append("## ").append(category.title()).append("\n\n");
        md.append("| Check | Title | Profile | Severity | Automatic fix |\n|---|---|---|---|---|\n");
        for (CheckDescriptor descriptor : descriptors) {
            md.append("| [`").append(descriptor.id()).append("`](#").append(descriptor.id()).append(") | ")
                    .append(cell(descriptor.title())).append(" | ").append(descriptor.profile().id()).append(" | ")
                    .append(descriptor.severity().id()).append(" | ")
                    .append(descriptor.remediable() ? "yes" : "no").append(" |\n");
        }
        md.append('\n');
        for (CheckDescriptor descriptor : descriptors) {
            check(md, descriptor, profileChecks);
        }
    }

    private static void check(StringBuilder md, CheckDescriptor descriptor, Map<Profile, List<String>> profileChecks) {
        md.append("### ").append(descriptor.id()).append("\n\n");
        md.append("**").append(text(descriptor.title())).append("**\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Profiles | ").append(profiles(descriptor, profileChecks)).append(" |\n");
        md.append("| Default severity | ").append(descriptor.severity().id()).append(" |\n");
        md.append("| Pod Security Standards control | ")
                .append(descriptor.podSecurityControl() == null ? "none (Shipshape hardening)"
                        : cell(descriptor.podSecurityControl())).append(" |\n");
        if (descriptor.podSecurityControl() != null) {
            md.append("| By Pod Security Standards version | ").append(versions(descriptor)).append(" |\n");
        }
        md.append("| Containers | ").append(containers(descriptor)).append(" |\n");
        String inDockerfiles = DockerfileChecks.CATALOGUE_MEANINGS.get(descriptor.id());
        String inCompose = ComposeChecks.CATALOGUE_MEANINGS.get(descriptor.id());
        md.append("| Applies to | Kubernetes workloads").append(inDockerfiles == null ? ""
                : "; [Dockerfiles](#dockerfiles): " + cell(inDockerfiles)).append(inCompose == null ? ""
                : "; [Compose services](#compose): " + cell(inCompose)).append(" |\n");
        md.append("| Fields read | ").append(descriptor.fields().stream().map(field -> "`" + field + "`")
                .collect(Collectors.joining("<br>"))).append(" |\n");
        md.append("| Automatic fix | ").append(descriptor.remediable() ? "yes: " + cell(descriptor.remediation())
                : "no").append(" |\n");
        CelRule rule = CheckCatalog.find(descriptor.id()).orElseThrow().celRule();
        md.append("| Generated admission policy | ").append(rule.expressible()
                ? "yes: the API server decides it in CEL (`spec.enforcement`)"
                : "no, the webhook decides it: " + cell(rule.webhookOnlyReason())).append(" |\n\n");
        md.append("**Why:** ").append(text(descriptor.why())).append("\n\n");
        md.append("**How to fix:** ").append(text(descriptor.fix())).append("\n\n");
        if (!descriptor.params().isEmpty()) {
            md.append("**Parameters** (`spec.checks[].params`):\n\n");
            md.append("| Parameter | Default | Description |\n|---|---|---|\n");
            for (CheckParam param : descriptor.params()) {
                md.append("| `").append(param.name()).append("` | ").append(code(param.defaultValue()))
                        .append(" | ").append(cell(param.description())).append(" |\n");
            }
            md.append('\n');
        }
    }

    /** The catalogue checks' meaning in Dockerfiles, and the checks only Dockerfiles have. */
    private static void dockerfiles(StringBuilder md) {
        md.append("## Dockerfiles\n\n");
        md.append("`shipshape scan` also reads Dockerfiles (`Dockerfile`, `Containerfile`, `*.Dockerfile`, ")
                .append("`Dockerfile.*`, or `--dockerfile PATH`) and reports them like workloads, in every format, ")
                .append("with baselines and exit codes. Catalogue checks whose meaning carries over keep their id, ")
                .append("and run as the policy configures them (severity, parameters, disabled):\n\n");
        md.append("| Check | In a Dockerfile |\n|---|---|\n");
        CheckCatalog.all().stream().map(check -> check.descriptor().id())
                .filter(DockerfileChecks.CATALOGUE_MEANINGS::containsKey)
                .forEach(id -> md.append("| [`").append(id).append("`](#").append(id).append(") | ")
                        .append(cell(DockerfileChecks.CATALOGUE_MEANINGS.get(id))).append(" |\n"));
        md.append("\nThe checks only images have run with the `hardened` profile, at their own severity; ")
                .append("`--ignore-check` turns any of them off:\n\n");
        md.append("| Check | Title | Severity | Instructions |\n|---|---|---|---|\n");
        List<DockerfileCheck> imageOnly = DockerfileChecks.imageOnly();
        for (DockerfileCheck check : imageOnly) {
            CheckDescriptor descriptor = check.descriptor();
            md.append("| [`").append(descriptor.id()).append("`](#").append(descriptor.id()).append(") | ")
                    .append(cell(descriptor.title())).append(" | ").append(descriptor.severity().id()).append(" | ")
                    .append(descriptor.fields().stream().map(field -> "`" + field + "`")
                            .collect(Collectors.joining(", "))).append(" |\n");
        }
        md.append('\n');
        for (DockerfileCheck check : imageOnly) {
            CheckDescriptor descriptor = check.descriptor();
            md.append("### ").append(descriptor.id()).append("\n\n");
            md.append("**").append(text(descriptor.title())).append("** (").append(descriptor.severity().id())
                    .append(", ").append(descriptor.category().title()).append(")\n\n");
            md.append("**Why:** ").append(text(descriptor.why())).append("\n\n");
            md.append("**How to fix:** ").append(text(descriptor.fix())).append("\n\n");
        }
    }

    /** The catalogue checks' meaning for Compose services, and the checks only Compose files have. */
    private static void compose(StringBuilder md) {
        md.append("## Compose\n\n");
        md.append("`shipshape scan` also reads Compose files (`compose.yaml`, `compose.yml`, `docker-compose*.yml`) ")
                .append("and checks each service as the pod it amounts to, so catalogue checks keep their id, ")
                .append("severity and parameters; findings point at the service field and say how to fix it in ")
                .append("Compose. `shipshape fix` fills in `read_only` with a `/tmp` tmpfs, `no-new-privileges` ")
                .append("and `cap_drop: [ALL]`, and limits when given their values.\n\n");
        md.append("| Check | In a Compose service |\n|---|---|\n");
        CheckCatalog.all().stream().map(check -> check.descriptor().id())
                .filter(ComposeChecks.CATALOGUE_MEANINGS::containsKey)
                .forEach(id -> md.append("| [`").append(id).append("`](#").append(id).append(") | ")
                        .append(cell(ComposeChecks.CATALOGUE_MEANINGS.get(id))).append(" |\n"));
        md.append("\nThe checks only Compose files have run with the `hardened` profile:\n\n");
        for (CheckDescriptor descriptor : ComposeChecks.composeOnly()) {
            md.append("### ").append(descriptor.id()).append("\n\n");
            md.append("**").append(text(descriptor.title())).append("** (").append(descriptor.severity().id())
                    .append(", ").append(descriptor.category().title()).append(", fields ")
                    .append(descriptor.fields().stream().map(field -> "`" + field + "`")
                            .collect(Collectors.joining(", "))).append(")\n\n");
            md.append("**Why:** ").append(text(descriptor.why())).append("\n\n");
            md.append("**How to fix:** ").append(text(descriptor.fix())).append("\n\n");
        }
    }

    /** The kinds of container whose fields the check reads, from its fields. */
    private static String containers(CheckDescriptor descriptor) {
        List<String> types = new ArrayList<>();
        for (ContainerType type : ContainerType.values()) {
            if (descriptor.fields().stream().anyMatch(field -> field.startsWith("spec." + type.field() + "[*]"))) {
                types.add(type.label());
            }
        }
        return types.isEmpty() ? "none: pod-level fields only" : String.join(", ", types);
    }

    /** When Pod Security Admission introduced and changed the control, for {@code spec.podSecurityVersion}. */
    private static String versions(CheckDescriptor descriptor) {
        List<String> history = new ArrayList<>();
        history.add(descriptor.podSecuritySince() == 0 ? "all versions"
                : "runs from v1." + descriptor.podSecuritySince());
        for (CheckDescriptor.PodSecurityChange change : descriptor.podSecurityChanges()) {
            history.add("v1." + change.minor() + ": " + cell(change.change()));
        }
        return String.join("<br>", history);
    }

    private static String profiles(CheckDescriptor descriptor, Map<Profile, List<String>> profileChecks) {
        List<String> in = new ArrayList<>();
        List<String> replacedIn = new ArrayList<>();
        for (Map.Entry<Profile, List<String>> entry : profileChecks.entrySet()) {
            if (entry.getValue().contains(descriptor.id())) {
                in.add(entry.getKey().id());
            } else if (entry.getKey().includes(descriptor.profile())) {
                replacedIn.add(entry.getKey().id());
            }
        }
        String profiles = String.join(", ", in);
        if (!replacedIn.isEmpty()) {
            String replacements = CheckCatalog.all().stream().map(Check::descriptor)
                    .filter(other -> other.overrides().contains(descriptor.id()))
                    .map(other -> "`" + other.id() + "`").collect(Collectors.joining(", "));
            profiles += " (replaced by " + replacements + " in " + String.join(" and ", replacedIn) + ")";
        }
        return profiles;
    }

    /** Prose for Markdown: angle brackets would be read as HTML tags. */
    private static String text(String prose) {
        return prose.replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A value as inline code in a table cell. */
    private static String code(String value) {
        return value == null || value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String cell(String prose) {
        return text(prose).replace("|", "\\|");
    }
}
