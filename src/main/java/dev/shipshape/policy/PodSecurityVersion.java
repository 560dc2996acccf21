package dev.shipshape.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pod Security Standards version the baseline and restricted controls decide by, as Pod Security Admission's
 * {@code pod-security.kubernetes.io/enforce-version} label: {@code latest} or {@code v1.N}. Like Pod Security
 * Admission, a version newer than the newest one whose rules Shipshape knows decides as that newest one.
 *
 * @param minor the Kubernetes 1.x minor version whose rules apply
 * @param latest whether the policy asked for {@code latest} rather than a pinned version
 */
public record PodSecurityVersion(int minor, boolean latest) {

    /** The newest Kubernetes minor version that changed a control: sysctls gained two safe names in 1.37. */
    public static final int NEWEST_KNOWN_MINOR = 37;
    public static final PodSecurityVersion LATEST = new PodSecurityVersion(NEWEST_KNOWN_MINOR, true);
    public static final String LATEST_NAME = "latest";

    private static final Pattern PINNED = Pattern.compile("v1\\.(0|[1-9][0-9]{0,3})");

    public PodSecurityVersion {
        if (minor < 0) {
            throw new IllegalArgumentException("minor version " + minor);
        }
        minor = Math.min(minor, NEWEST_KNOWN_MINOR);
    }

    /** The version for {@code value} ({@code latest} or {@code v1.N}), or empty when it is neither. */
    public static Optional<PodSecurityVersion> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (LATEST_NAME.equals(value)) {
            return Optional.of(LATEST);
        }
        Matcher matcher = PINNED.matcher(value);
        return matcher.matches()
                ? Optional.of(new PodSecurityVersion(Integer.parseInt(matcher.group(1)), false))
                : Optional.empty();
    }

    public static PodSecurityVersion of(int minor) {
        return new PodSecurityVersion(minor, false);
    }

    /** True when the rules of Kubernetes 1.{@code minor} apply: that version or a later one. */
    public boolean atLeast(int minor) {
        return this.minor >= minor;
    }

    @Override
    public String toString() {
        return latest ? LATEST_NAME : "v1." + minor;
    }
}
