package dev.shipshape.image.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.regex.Pattern;

/** {@code chmod 777}: any user in the container may change the files. */
public final class WorldWritableInImage extends CommandRulesInImage {

    public WorldWritableInImage() {
        super("dockerfile-chmod-777", "World-writable files", Category.FILESYSTEM, Severity.MEDIUM,
                "Files every user may write let any process in the container, whatever its UID, replace the "
                        + "application's code or configuration.",
                "Give the files to the application's user (COPY --chown=10001:10001 or chown) with 755/644 "
                        + "modes, and write only to volumes.",
                Pattern.compile("\\bchmod\\s+(-[a-zA-Z]+\\s+)*(0?777|a\\+rwx|o\\+w|a\\+w|ugo\\+rwx)\\b"),
                "makes files writable by every user (chmod 777)");
    }
}
