package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.image.DockerfileParser;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Runs one Dockerfile check over a Dockerfile written in a test table ({@code \n} for line breaks). */
final class DockerfileChecking {

    private DockerfileChecking() {
    }

    /** The lines of the findings, in order, e.g. {@code 3,7}; empty when there are none. */
    static String lines(DockerfileCheck check, String text) {
        return lines(check, text, ".git\n.env\n", true);
    }

    static String lines(DockerfileCheck check, String text, String dockerignore, boolean contextKnown) {
        return findings(check, text, dockerignore, contextKnown).stream().map(finding -> finding.split(":")[0])
                .collect(Collectors.joining(","));
    }

    /** {@code line: message} of every finding. */
    static List<String> findings(DockerfileCheck check, String text, String dockerignore, boolean contextKnown) {
        Dockerfile dockerfile;
        try {
            dockerfile = DockerfileParser.parse(text.replace("\\n", "\n"));
        } catch (DockerfileParser.DockerfileException e) {
            throw new AssertionError(e);
        }
        List<String> found = new ArrayList<>();
        check.evaluate(new DockerfileInput(dockerfile, dockerignore, contextKnown),
                (instruction, message) -> found.add(instruction.line() + ": " + message));
        return found;
    }

    static List<String> findings(DockerfileCheck check, String text) {
        return findings(check, text, ".git\n.env\n", true);
    }
}
