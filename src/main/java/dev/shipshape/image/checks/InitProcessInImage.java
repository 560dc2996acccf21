package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.List;
import java.util.Locale;

/**
 * A shell script as the container's first process gets signals it does not forward and reaps no zombies: the final
 * image's entrypoint is then an init (tini, dumb-init), or runs the script with {@code exec}.
 */
public final class InitProcessInImage extends ImageOnlyCheck {

    private static final List<String> INITS = List.of("tini", "dumb-init", "catatonit", "s6-svscan", "/init");

    public InitProcessInImage() {
        super("dockerfile-init-process", "Init process for shell entrypoints", Category.RELIABILITY, Severity.LOW,
                "A shell script running as PID 1 does not forward SIGTERM to the application, which is then killed "
                        + "after the grace period instead of shutting down, and leaves zombie processes unreaped.",
                "ENTRYPOINT [\"tini\", \"--\", \"/entrypoint.sh\"] (or dumb-init), run the container with --init, or "
                        + "exec the application at the end of the script.",
                "ENTRYPOINT", "CMD");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile.Instruction entrypoint = null;
        Dockerfile.Instruction cmd = null;
        for (Dockerfile.Stage stage : DockerfileCheck.finalImageStages(input.dockerfile())) {
            entrypoint = entrypoint != null ? entrypoint : stage.last("ENTRYPOINT");
            cmd = cmd != null ? cmd : stage.last("CMD");
        }
        Dockerfile.Instruction first = entrypoint != null ? entrypoint : cmd;
        if (first == null) {
            return;
        }
        List<String> words = first.json() != null ? first.json() : List.of(first.arguments().strip().split("\\s+"));
        if (words.isEmpty()) {
            return;
        }
        String program = words.get(0).toLowerCase(Locale.ROOT);
        if (INITS.stream().anyMatch(program::endsWith)) {
            return;
        }
        boolean script = program.endsWith(".sh") || (program.endsWith("sh") && words.size() > 1
                && words.get(1).equals("-c") && !first.command().contains("exec "));
        if (script) {
            findings.at(first, first.keyword() + " runs the shell script " + words.get(0) + " as PID 1, which "
                    + "forwards no signals and reaps no zombies; start it through tini or dumb-init");
        }
    }
}
