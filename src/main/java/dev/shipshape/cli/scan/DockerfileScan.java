package dev.shipshape.cli.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestLoader;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.input.SourceMap;
import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileChecks;
import dev.shipshape.image.DockerfileEvaluator;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.image.DockerfileParser;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scans a Dockerfile with the Dockerfile checks a policy runs, as a workload of kind {@code Dockerfile} named by its
 * path, so that every report, baseline and exit code treats it as it treats manifests. Its tree for the reports holds
 * the stages and instructions, each located at its line.
 */
final class DockerfileScan {

    static final String KIND = "Dockerfile";
    private static final String API_VERSION = "shipshape.dev/dockerfile";

    private final CompiledPolicy policy;
    private final List<DockerfileChecks.Active> checks;
    private final List<String> checkIds;
    private final Instant now;
    private final Path workingDirectory;

    DockerfileScan(CompiledPolicy policy, Set<String> ignored, Instant now, Path workingDirectory) {
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.policy = policy;
        this.checks = DockerfileChecks.of(policy).stream().filter(check -> !ignored.contains(check.id())).toList();
        this.checkIds = checks.stream().map(DockerfileChecks.Active::id).toList();
        this.now = now;
    }

    /** The Dockerfile as a scanned workload; a Dockerfile that cannot be parsed is a problem naming its line. */
    ScannedWorkload scan(ManifestLoader.InputContent content) throws WorkloadScanner.InvalidObjectException {
        String name = content.source().name();
        Dockerfile dockerfile;
        try {
            dockerfile = DockerfileParser.parse(content.text());
        } catch (DockerfileParser.DockerfileException e) {
            throw new WorkloadScanner.InvalidObjectException(new InputProblem(name, e.line(), 1, e.getMessage()));
        }
        Path path = content.source().path();
        DockerfileInput input = new DockerfileInput(dockerfile, path == null ? null : dockerignore(path,
                workingDirectory), path != null);
        WorkloadRef ref = new WorkloadRef(API_VERSION, KIND, null, name);
        Workload workload = new Workload(ref, Map.of(), Map.of(), null, null, FieldPath.ROOT, FieldPath.ROOT, false);
        Map<Dockerfile.Instruction, FieldPath> paths = DockerfileEvaluator.paths(dockerfile);
        List<Finding> found = DockerfileEvaluator.findings(checks, input, ref, paths);
        EvaluationResult result = PolicyEvaluator.decide(policy, workload, found, now);
        ManifestFile file = content.placeholder();
        ManifestDocument document = new ManifestDocument(0, tree(dockerfile), sourceMap(dockerfile, paths), null, 0,
                null);
        return new ScannedWorkload(new ManifestObject(file, document, FieldPath.ROOT, document.tree()), workload,
                result, result.violations(), List.of(), checkIds);
    }

    /**
     * The ignore file of the Dockerfile's build context, which may be its folder or any folder above it (a repository
     * root built with {@code -f}): {@code NAME.dockerignore} beside the Dockerfile (BuildKit reads that first), else
     * the nearest {@code .dockerignore} from its folder up to the working directory; null when there is none.
     */
    private static String dockerignore(Path dockerfile, Path workingDirectory) {
        Path folder = dockerfile.toAbsolutePath().normalize().getParent();
        List<Path> candidates = new ArrayList<>(List.of(folder.resolve(dockerfile.getFileName() + ".dockerignore")));
        for (Path above = folder; above != null; above = above.getParent()) {
            candidates.add(above.resolve(".dockerignore"));
            if (!above.startsWith(workingDirectory) || above.equals(workingDirectory)) {
                break;
            }
        }
        for (Path candidate : candidates) {
            try {
                if (Files.isRegularFile(candidate)) {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static ObjectNode tree(Dockerfile dockerfile) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode().put("apiVersion", API_VERSION).put("kind", KIND);
        ArrayNode stages = root.putArray("stages");
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            ObjectNode node = stages.addObject().put("image", stage.image()).put("name", stage.name());
            ArrayNode instructions = node.putArray("instructions");
            stage.instructions().forEach(instruction -> instructions.addObject()
                    .put("instruction", instruction.keyword()).put("arguments", instruction.arguments()));
        }
        return root;
    }

    private static SourceMap sourceMap(Dockerfile dockerfile, Map<Dockerfile.Instruction, FieldPath> paths) {
        Map<FieldPath, Integer> lines = new HashMap<>();
        lines.put(FieldPath.ROOT, dockerfile.stages().get(0).from().line());
        paths.forEach((instruction, path) -> lines.put(path, instruction.line()));
        return SourceMap.of(lines);
    }
}
