package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.checks.RunAsNonRootCheck;

import java.util.List;

/**
 * run-as-non-root for images: the final image's last {@code USER} is a non-zero numeric UID. No {@code USER} runs
 * as the base image's user (root for most), {@code USER root} or {@code 0} runs as root, and a user name keeps
 * Kubernetes' {@code runAsNonRoot} from starting the image, since the kubelet can only verify a numeric UID.
 */
public final class RunAsNonRootInImage extends CatalogueCheckInImage<RunAsNonRootCheck> {

    /** @param configured the pod check as the policy configures it */
    public RunAsNonRootInImage(RunAsNonRootCheck configured) {
        super(configured);
    }

    @Override
    public String fix() {
        return "Create a user in the image and end the final stage with USER and its numeric UID, e.g. USER 10001.";
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile dockerfile = input.dockerfile();
        List<Dockerfile.Stage> stages = DockerfileCheck.finalImageStages(dockerfile);
        Dockerfile.Instruction user = null;
        for (Dockerfile.Stage stage : stages) {
            user = stage.last("USER");
            if (user != null) {
                break;
            }
        }
        if (user == null) {
            findings.at(dockerfile.finalStage().from(), "the final stage sets no USER, so the image runs as its base "
                    + "image's user, root for most; end it with USER and a non-root numeric UID");
            return;
        }
        String value = user.expanded().strip();
        String name = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
        if (name.isEmpty() || name.equals("root") || name.chars().allMatch(c -> c == '0')) {
            findings.at(user, "the image runs as root (USER " + value + "); set USER to a non-root numeric UID");
        } else if (!name.chars().allMatch(Character::isDigit)) {
            findings.at(user, "USER " + value + " is a name: Kubernetes' runAsNonRoot starts an image only when it "
                    + "can verify a numeric UID; use the user's UID, e.g. USER 10001");
        }
    }
}
