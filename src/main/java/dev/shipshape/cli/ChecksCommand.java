package dev.shipshape.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.report.ChecksMarkdown;
import dev.shipshape.cli.report.JsonOutput;
import dev.shipshape.compose.ComposeChecks;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckCatalog;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.cel.CelRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code shipshape checks}: lists the check catalogue. */
@Command(name = "checks", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = "Lists the checks: every check, or those a profile runs. --format markdown prints the checks "
                + "reference (docs/checks.md).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  shipshape checks",
            "  shipshape checks --profile restricted",
            "  shipshape checks --format json | jq -r '.checks[].id'",
            "  shipshape checks --format markdown > docs/checks.md"})
final class ChecksCommand implements Runnable {

    enum CatalogFormat {
        TABLE,
        JSON,
        MARKDOWN
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME", converter = Converters.ProfileConverter.class,
            completionCandidates = Converters.ProfileCandidates.class,
            description = "Only the checks this profile runs: ${COMPLETION-CANDIDATES} (default: every check).")
    Profile profile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = Converters.CatalogFormatConverter.class,
            completionCandidates = Converters.CatalogFormatCandidates.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CatalogFormat format;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<Check> checks = profile == null ? CheckCatalog.all()
                : CheckCatalog.select(profile, PodSecurityVersion.LATEST, Set.of(), Set.of());
        switch (format) {
            case TABLE -> table(checks, profile == null || profile == Profile.HARDENED, out);
            case JSON -> out.print(JsonOutput.pretty(json(checks)));
            case MARKDOWN -> out.print(ChecksMarkdown.generate(checks));
        }
        out.flush();
    }

    /** @param imageOnly whether to list the checks only Dockerfiles and Compose files have (the hardened profile's) */
    private static void table(List<Check> checks, boolean imageOnly, PrintWriter out) {
        List<CheckDescriptor> all = new ArrayList<>(checks.stream().map(Check::descriptor).toList());
        if (imageOnly) {
            DockerfileChecks.imageOnly().forEach(check -> all.add(check.descriptor()));
            all.addAll(ComposeChecks.composeOnly());
        }
        int idWidth = all.stream().mapToInt(descriptor -> descriptor.id().length()).max().orElse(2);
        out.println(pad("ID", idWidth) + "  PROFILE     SEVERITY  AUTO-FIX  APPLIES TO                      TITLE");
        for (CheckDescriptor descriptor : all) {
            out.println(pad(descriptor.id(), idWidth) + "  " + pad(descriptor.profile().id(), 10) + "  "
                    + pad(descriptor.severity().id(), 8) + "  " + pad(descriptor.remediable() ? "yes" : "no", 8)
                    + "  " + pad(String.join(", ", formats(descriptor.id())), 30) + "  " + descriptor.title());
        }
    }

    /** The formats a check applies to: {@code kubernetes}, {@code dockerfile}, {@code compose}. */
    static List<String> formats(String id) {
        boolean pod = CheckCatalog.find(id).isPresent();
        boolean composeOnly = ComposeChecks.composeOnly().stream().anyMatch(check -> check.id().equals(id));
        List<String> formats = new ArrayList<>();
        if (pod) {
            formats.add("kubernetes");
        }
        if (!pod && !composeOnly || DockerfileChecks.CATALOGUE_MEANINGS.containsKey(id)) {
            formats.add("dockerfile");
        }
        if (composeOnly || ComposeChecks.CATALOGUE_MEANINGS.containsKey(id)) {
            formats.add("compose");
        }
        return formats;
    }

    private static ObjectNode json(List<Check> checks) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("checks");
        for (Check check : checks) {
            CheckDescriptor descriptor = check.descriptor();
            ObjectNode node = list.addObject();
            node.put("id", descriptor.id());
            node.put("title", descriptor.title());
            node.put("category", descriptor.category().title());
            node.put("profile", descriptor.profile().id());
            node.put("severity", descriptor.severity().id());
            node.put("podSecurityControl", descriptor.podSecurityControl());
            if (descriptor.podSecurityControl() != null) {
                node.put("podSecuritySince", "v1." + descriptor.podSecuritySince());
                ArrayNode changes = node.putArray("podSecurityChanges");
                descriptor.podSecurityChanges().forEach(change -> changes.addObject()
                        .put("version", "v1." + change.minor()).put("change", change.change()));
            }
            ArrayNode fields = node.putArray("fields");
            descriptor.fields().forEach(fields::add);
            node.put("why", descriptor.why());
            node.put("fix", descriptor.fix());
            node.put("remediation", descriptor.remediation());
            ArrayNode params = node.putArray("params");
            for (CheckParam param : descriptor.params()) {
                params.addObject().put("name", param.name()).put("default", param.defaultValue())
                        .put("description", param.description());
            }
            ArrayNode overrides = node.putArray("overrides");
            descriptor.overrides().forEach(overrides::add);
            CelRule rule = check.celRule();
            node.put("admissionPolicy", rule.expressible());
            if (!rule.expressible()) {
                node.put("webhookOnlyReason", rule.webhookOnlyReason());
            }
            formats(descriptor.id()).forEach(node.putArray("formats")::add);
            node.put("dockerfile", DockerfileChecks.CATALOGUE_MEANINGS.get(descriptor.id()));
            node.put("compose", ComposeChecks.CATALOGUE_MEANINGS.get(descriptor.id()));
        }
        ArrayNode dockerfileChecks = root.putArray("dockerfileChecks");
        for (DockerfileCheck check : DockerfileChecks.imageOnly()) {
            CheckDescriptor descriptor = check.descriptor();
            ObjectNode node = dockerfileChecks.addObject();
            node.put("id", descriptor.id());
            node.put("title", descriptor.title());
            node.put("category", descriptor.category().title());
            node.put("profile", descriptor.profile().id());
            node.put("severity", descriptor.severity().id());
            ArrayNode instructions = node.putArray("instructions");
            descriptor.fields().forEach(instructions::add);
            node.put("why", descriptor.why());
            node.put("fix", descriptor.fix());
            node.putArray("formats").add("dockerfile");
        }
        ArrayNode composeChecks = root.putArray("composeChecks");
        for (CheckDescriptor descriptor : ComposeChecks.composeOnly()) {
            ObjectNode node = composeChecks.addObject();
            node.put("id", descriptor.id());
            node.put("title", descriptor.title());
            node.put("category", descriptor.category().title());
            node.put("profile", descriptor.profile().id());
            node.put("severity", descriptor.severity().id());
            ArrayNode fields = node.putArray("fields");
            descriptor.fields().forEach(fields::add);
            node.put("why", descriptor.why());
            node.put("fix", descriptor.fix());
            node.putArray("formats").add("compose");
        }
        return root;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
