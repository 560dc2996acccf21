package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.image.DockerfileParser;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** No stage copies key files, {@code .env} files or credentials into an image; build secrets are mounted. */
public final class SecretFilesInImage extends ImageOnlyCheck {

    private static final Pattern SECRET_FILE = Pattern.compile("(^|/)(\\.env(\\.[^/]*)?|[^/]*\\.(pem|key|p12|pfx|jks)"
            + "|id_(rsa|dsa|ecdsa|ed25519)|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|credentials(\\.json)?"
            + "|\\.dockercfg|\\.docker/config\\.json|kubeconfig)$");

    public SecretFilesInImage() {
        super("dockerfile-secret-files", "Secret files copied into images", Category.SECRETS, Severity.HIGH,
                "A key, .env or credentials file copied into any stage stays in that layer, readable by anyone who "
                        + "pulls the image or its build cache, even when a later step deletes it.",
                "Mount build secrets with RUN --mount=type=secret,id=NAME (docker build --secret id=NAME,src=FILE) "
                        + "and keep such files out of the build context with .dockerignore.",
                "COPY", "ADD");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        for (Dockerfile.Stage stage : input.dockerfile().stages()) {
            for (Dockerfile.Instruction instruction : stage.instructions()) {
                if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")
                        || instruction.flag("from") != null || !instruction.heredocs().isEmpty()) {
                    continue;
                }
                List<String> words = instruction.json() != null ? instruction.json()
                        : DockerfileParser.words(instruction.expanded());
                for (String source : words.subList(0, Math.max(0, words.size() - 1))) {
                    String path = source.replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
                    if (SECRET_FILE.matcher(path).find()) {
                        findings.at(instruction, instruction.keyword() + " copies " + source + " into the image, "
                                + "where every layer keeps it; mount it as a build secret instead");
                    }
                }
            }
        }
    }
}
