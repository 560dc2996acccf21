package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.checks.ImageTagPinnedCheck;

/**
 * image-tag-pinned for images: every base image ({@code FROM}, build arguments resolved from their defaults) and
 * every image {@code COPY --from} reads is pinned as the policy's check requires (a version tag, or a digest under
 * {@code requireDigest}). References to earlier stages and {@code scratch} pin nothing.
 */
public final class ImageTagPinnedInImage extends CatalogueCheckInImage<ImageTagPinnedCheck> {


    /** @param configured the pod check as the policy configures it */
    public ImageTagPinnedInImage(ImageTagPinnedCheck configured) {
        super(configured);
    }

    @Override
    public String fix() {
        return "Pin every FROM and COPY --from image to a version tag (node:20.11-alpine) or, better, a digest "
                + "(node@sha256:...); give ARGs used in FROM a pinned default.";
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        Dockerfile dockerfile = input.dockerfile();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            if (!isStageOrScratch(dockerfile, stage.image(), stage.index())) {
                String problem = configured.problem(stage.image());
                if (problem != null) {
                    findings.at(stage.from(), DockerfileCheck.describe(dockerfile, stage) + " base " + problem);
                }
            }
            for (Dockerfile.Instruction copy : stage.all("COPY")) {
                String from = copy.flag("from");
                if (from != null && !from.isEmpty() && !isStageOrScratch(dockerfile, from, stage.index())) {
                    String problem = configured.problem(from);
                    if (problem != null) {
                        findings.at(copy, "COPY --from " + problem);
                    }
                }
            }
        }
    }

    private static boolean isStageOrScratch(Dockerfile dockerfile, String image, int before) {
        Dockerfile.Stage stage = dockerfile.stage(image);
        return image.equalsIgnoreCase("scratch") || stage != null && stage.index() < before;
    }
}
