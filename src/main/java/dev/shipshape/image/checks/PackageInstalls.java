package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The package-manager commands of a {@code RUN}: each {@code apt-get install}, {@code apk add}, ... with its words. */
final class PackageInstalls {

    private static final Pattern COMMAND_SEPARATOR = Pattern.compile("&&|\\|\\||;|\\n");
    private static final Pattern INSTALL = Pattern.compile(
            "^(?:sudo\\s+)?(?:DEBIAN_FRONTEND=\\S+\\s+)?(apt-get|apt|apk|yum|dnf|microdnf|zypper)\\s+(.*)$");

    private PackageInstalls() {
    }

    /**
     * One package-manager call.
     *
     * @param manager apt-get, apt, apk, yum, dnf, microdnf or zypper
     * @param verb install, add, update, ...
     * @param options its words starting with {@code -}
     * @param packages its other words after the verb
     */
    record Call(String manager, String verb, List<String> options, List<String> packages) {
    }

    /**
     * A package-manager call in a {@code RUN} whose result the final image carries.
     *
     * @param stage the stage of the {@code RUN}
     * @param run the {@code RUN}
     * @param call the call
     */
    record Installed(Dockerfile.Stage stage, Dockerfile.Instruction run, Call call) {
    }

    /** Every package-manager call of the {@code RUN}s the final image carries, in order. */
    static List<Installed> inFinalImage(Dockerfile dockerfile) {
        List<Installed> installed = new ArrayList<>();
        for (DockerfileCheck.Run run : DockerfileCheck.finalImageRuns(dockerfile)) {
            of(run.instruction().command()).forEach(call -> installed.add(new Installed(run.stage(),
                    run.instruction(), call)));
        }
        return installed;
    }

    static List<Call> of(String command) {
        List<Call> calls = new ArrayList<>();
        for (String part : COMMAND_SEPARATOR.split(command)) {
            Matcher install = INSTALL.matcher(part.strip());
            if (!install.matches()) {
                continue;
            }
            List<String> options = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            String verb = null;
            for (String word : install.group(2).strip().split("\\s+")) {
                if (word.startsWith("-")) {
                    options.add(word);
                } else if (verb == null) {
                    verb = word;
                } else {
                    rest.add(word);
                }
            }
            if (verb != null) {
                calls.add(new Call(install.group(1), verb, options, rest));
            }
        }
        return calls;
    }
}
