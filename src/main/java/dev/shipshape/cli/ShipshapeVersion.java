package dev.shipshape.cli;

import picocli.CommandLine;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the running CLI, from the jar it runs from. Never searches the class path for a resource:
 * with the operator's 150 jars on it, that alone would cost a noticeable part of the start-up time.
 */
final class ShipshapeVersion implements CommandLine.IVersionProvider {

    private static final String UNKNOWN = "0.0.0-dev";
    private static final Pattern JAR_NAME = Pattern.compile("shipshape-(\\d[^/]*)\\.jar");

    private static String version;

    static synchronized String version() {
        if (version == null) {
            version = lookUp();
        }
        return version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"shipshape " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }

    private static String lookUp() {
        String manifestVersion = ShipshapeVersion.class.getPackage().getImplementationVersion();
        return manifestVersion != null ? manifestVersion : fromJarName();
    }

    /** Maven and Quarkus name the application jar {@code shipshape-<version>.jar}. */
    private static String fromJarName() {
        CodeSource codeSource = ShipshapeVersion.class.getProtectionDomain().getCodeSource();
        if (codeSource == null) {
            return UNKNOWN;
        }
        try {
            Path location = Path.of(codeSource.getLocation().toURI());
            Matcher matcher = JAR_NAME.matcher(location.getFileName().toString());
            return matcher.matches() ? matcher.group(1) : UNKNOWN;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
