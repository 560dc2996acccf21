package dev.shipshape.image.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.regex.Pattern;

/** {@code sudo}: a way back to root for whoever gets a shell in the container. */
public final class SudoInImage extends CommandRulesInImage {

    public SudoInImage() {
        super("dockerfile-sudo", "sudo in images", Category.PRIVILEGES, Severity.MEDIUM,
                "sudo in an image is a way back to root for whoever gets a shell in the container, and builds run "
                        + "as root anyway.",
                "Run build steps as root before USER, and do not install sudo.",
                Pattern.compile("(^|[;&|\\s])sudo(\\s|$)"),
                "uses or installs sudo");
    }
}
