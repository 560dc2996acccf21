package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.image.DockerfileParser;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.List;

/** {@code ADD} of a URL fetches whatever the server sends at build time, unless {@code --checksum} pins it. */
public final class RemoteAddInImage extends ImageOnlyCheck {

    public RemoteAddInImage() {
        super("dockerfile-remote-add", "Remote ADD without a checksum", Category.SUPPLY_CHAIN, Severity.MEDIUM,
                "ADD https://... puts whatever the server returns at build time into the image, unverified: builds "
                        + "are not reproducible and a compromised server or mirror ships into production.",
                "Pin the download with ADD --checksum=sha256:... URL, or download and verify it in a build stage.",
                "ADD");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        for (Dockerfile.Stage stage : input.dockerfile().stages()) {
            for (Dockerfile.Instruction add : stage.all("ADD")) {
                if (add.flag("checksum") != null) {
                    continue;
                }
                List<String> words = add.json() != null ? add.json() : DockerfileParser.words(add.expanded());
                for (String source : words.subList(0, Math.max(0, words.size() - 1))) {
                    String url = source.replace("\"", "");
                    if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("git@")) {
                        findings.at(add, "ADD fetches " + url + " without --checksum, so the build takes whatever "
                                + "it serves");
                    }
                }
            }
        }
    }
}
