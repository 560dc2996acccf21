package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.image.DockerfileParser;
import dev.shipshape.policy.checks.SecretEnvLiteralsCheck;

import java.util.Map;

/**
 * secret-env-literals for images: no {@code ENV} of the final image and no {@code ARG} default of any stage holds a
 * secret literally, by the names and values the policy's check judges secrets by. Both end up in the image's
 * configuration or history, readable by anyone who can pull it.
 */
public final class SecretLiteralsInImage extends CatalogueCheckInImage<SecretEnvLiteralsCheck> {


    /** @param configured the pod check as the policy configures it */
    public SecretLiteralsInImage(SecretEnvLiteralsCheck configured) {
        super(configured);
    }

    @Override
    public String fix() {
        return "Pass secrets at build time with RUN --mount=type=secret,id=NAME (docker build --secret) and at run time "
                + "from the platform (a Kubernetes Secret), never as ENV or ARG values.";
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile dockerfile = input.dockerfile();
        for (Dockerfile.Stage stage : DockerfileCheck.finalImageStages(dockerfile)) {
            for (Dockerfile.Instruction env : stage.all("ENV")) {
                report(env, "ENV", DockerfileParser.keyValues(env.arguments(), false), findings);
            }
        }
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Instruction arg : stage.all("ARG")) {
                report(arg, "ARG", DockerfileParser.keyValues(arg.arguments(), true), findings);
            }
        }
    }

    private void report(Dockerfile.Instruction instruction, String keyword, Map<String, String> values,
                        DockerfileFindings findings) {
        values.forEach((name, value) -> {
            SecretEnvLiteralsCheck.LiteralSecret secret = configured.literalSecret(name, value);
            if (secret == SecretEnvLiteralsCheck.LiteralSecret.PRIVATE_KEY) {
                findings.at(instruction, keyword + " " + name + " holds a literal PEM private key, kept in the image "
                        + "for anyone who pulls it");
            } else if (secret == SecretEnvLiteralsCheck.LiteralSecret.SECRET_NAME) {
                findings.at(instruction, keyword + " " + name + " sets a literal value, kept in the image for anyone "
                        + "who pulls it; use a build secret (RUN --mount=type=secret)");
            }
        });
    }
}
