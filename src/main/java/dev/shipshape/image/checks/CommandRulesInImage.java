package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.regex.Pattern;

/** Checks that flag one pattern in any stage's {@code RUN} commands. */
abstract class CommandRulesInImage extends ImageOnlyCheck {

    private final Pattern pattern;
    private final String problem;

    CommandRulesInImage(String id, String title, Category category, Severity severity, String why, String fix,
                        Pattern pattern, String problem) {
        super(id, title, category, severity, why, fix, "RUN");
        this.pattern = pattern;
        this.problem = problem;
    }

    @Override
    public final void evaluate(DockerfileInput input, DockerfileFindings findings) {
        for (Dockerfile.Stage stage : input.dockerfile().stages()) {
            for (Dockerfile.Instruction run : stage.all("RUN")) {
                if (pattern.matcher(run.command()).find()) {
                    findings.at(run, "RUN " + problem);
                }
            }
        }
    }
}
