package dev.shipshape.image;

import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.WorkloadRef;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Dockerfile checks and turns what they report into {@link Finding}s, located at the instruction's path in the
 * Dockerfile's tree ({@code stages[1].instructions[4]}, or {@code stages[1]} for a stage's {@code FROM}).
 */
public final class DockerfileEvaluator {

    private DockerfileEvaluator() {
    }

    /** The path of every instruction, {@code FROM}s as their stage's. */
    public static Map<Dockerfile.Instruction, FieldPath> paths(Dockerfile dockerfile) {
        Map<Dockerfile.Instruction, FieldPath> paths = new IdentityHashMap<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            FieldPath stagePath = FieldPath.of("stages").index(stage.index());
            paths.put(stage.from(), stagePath);
            for (int i = 0; i < stage.instructions().size(); i++) {
                paths.put(stage.instructions().get(i), stagePath.field("instructions").index(i));
            }
        }
        return paths;
    }

    /**
     * Every finding of {@code checks} in the Dockerfile.
     *
     * @param ref how findings name the Dockerfile (kind {@code Dockerfile}, its path as the name)
     * @param paths the Dockerfile's {@link #paths}
     */
    public static List<Finding> findings(List<DockerfileChecks.Active> checks, DockerfileInput input,
                                         WorkloadRef ref, Map<Dockerfile.Instruction, FieldPath> paths) {
        String image = input.dockerfile().finalStage().image();
        List<Finding> findings = new ArrayList<>();
        for (DockerfileChecks.Active active : checks) {
            active.check().evaluate(input, (instruction, message) -> findings.add(new Finding(active.id(),
                    active.severity(), ref, null, image, paths.getOrDefault(instruction, FieldPath.ROOT), message,
                    active.check().fix())));
        }
        return findings;
    }
}
