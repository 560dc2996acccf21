package dev.shipshape.image.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.regex.Pattern;

/** {@code curl ... | sh}: runs whatever the server sends, unverified. */
public final class PipeToShellInImage extends CommandRulesInImage {

    public PipeToShellInImage() {
        super("dockerfile-pipe-to-shell", "Downloads piped into a shell", Category.SUPPLY_CHAIN, Severity.HIGH,
                "A script piped from the network into a shell runs whatever the server (or anyone between) sends, "
                        + "unverified, with the build's privileges.",
                "Download to a file, verify its checksum or signature (sha256sum -c), then run it; or install a "
                        + "pinned package.",
                Pattern.compile("\\b(curl|wget)\\b[^|\\n]*\\|\\s*(sudo\\s+)?(ba|z|da)?sh\\b"),
                "pipes a download into a shell, running it unverified");
    }
}
