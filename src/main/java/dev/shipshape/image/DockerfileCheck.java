package dev.shipshape.image;

import dev.shipshape.policy.CheckDescriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * One check of a Dockerfile: a catalogue check's meaning for images (same id: run-as-non-root, image-tag-pinned,
 * secret-env-literals, liveness-probe), or a rule only images have (ids starting {@code dockerfile-}). Pure and
 * stateless.
 */
public interface DockerfileCheck {

    /** The check's id, title, severity and why; for a catalogue check, the catalogue's. */
    CheckDescriptor descriptor();

    /** How to fix a finding in a Dockerfile. */
    String fix();

    void evaluate(DockerfileInput input, DockerfileFindings findings);

    /** How messages name a stage: {@code the final stage}, {@code stage "build"} or {@code stage 0}. */
    static String describe(Dockerfile dockerfile, Dockerfile.Stage stage) {
        if (stage == dockerfile.finalStage()) {
            return "the final stage";
        }
        return stage.name() != null ? "stage \"" + stage.name() + "\"" : "stage " + stage.index();
    }

    /** A {@code RUN} of the final image and the stage it is in. */
    record Run(Dockerfile.Stage stage, Dockerfile.Instruction instruction) {
    }

    /** Every {@code RUN} whose result the final image carries, in its stages, last stage first. */
    static List<Run> finalImageRuns(Dockerfile dockerfile) {
        List<Run> runs = new ArrayList<>();
        for (Dockerfile.Stage stage : finalImageStages(dockerfile)) {
            stage.all("RUN").forEach(run -> runs.add(new Run(stage, run)));
        }
        return runs;
    }

    /**
     * The stages whose instructions the final image carries: the final stage, and the stages it is built {@code FROM}
     * (by name), last first.
     */
    static List<Dockerfile.Stage> finalImageStages(Dockerfile dockerfile) {
        List<Dockerfile.Stage> chain = new ArrayList<>();
        Dockerfile.Stage stage = dockerfile.finalStage();
        while (stage != null && !chain.contains(stage)) {
            chain.add(stage);
            Dockerfile.Stage base = dockerfile.stage(stage.image());
            stage = base != null && base.index() < stage.index() ? base : null;
        }
        return chain;
    }
}
