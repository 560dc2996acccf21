package dev.shipshape.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Kubernetes labels Shipshape reads and writes, and the one rule by which it fits a name into Kubernetes'
 * length limits: unchanged when it fits, else its start and a short hash of the whole, so the result is the same on
 * every call and two names that differ anywhere stay apart.
 */
public final class KubernetesNames {

    /** Set on everything the operator creates. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "shipshape";
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** Set by the API server on every namespace since Kubernetes 1.21 (Shipshape adds it where it is missing). */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    /** The policy a PolicyReport or Event belongs to, as {@link #labelValue}. */
    public static final String POLICY_LABEL = "shipshape.dev/policy";

    /** Label values: at most 63 characters. */
    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    /** Object names that are DNS subdomains: at most 253 characters. */
    public static final int MAX_NAME_LENGTH = 253;
    /**
     * Hex digits of the hash in a shortened name or label value: 40 bits, no collision in practice among the names
     * of one cluster. (Event names carry 12, as they always have, so that an Event is still recognized after an
     * upgrade.)
     */
    public static final int HASH_LENGTH = 10;

    private KubernetesNames() {
    }

    /** {@code value} as a label value: itself when at most 63 characters long, else shortened by {@link #fit}. */
    public static String labelValue(String value) {
        return fit(value, MAX_LABEL_VALUE_LENGTH);
    }

    /**
     * {@code value} when at most {@code maxLength} long, else its start, cut before any trailing character that is not
     * a letter or digit, a {@code -} and the {@link #HASH_LENGTH}-digit {@link #shortHash} of the whole value. Used for
     * label values and object names alike, so a long policy name gives the same value on its Events as on its
     * PolicyReports.
     */
    public static String fit(String value, int maxLength) {
        if (value.length() <= maxLength) {
            return value;
        }
        String hash = shortHash(HASH_LENGTH, value);
        String head = value.substring(0, maxLength - hash.length() - 1);
        int end = head.length();
        while (end > 0 && !Character.isLetterOrDigit(head.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? hash : head.substring(0, end) + "-" + hash;
    }

    /** The first {@code length} hex digits of {@link #sha256} of {@code parts}. */
    public static String shortHash(int length, String... parts) {
        return sha256(parts).substring(0, length);
    }

    /**
     * The SHA-256 of {@code parts} in hex, with a NUL byte between parts, which no name, check id or path contains, so
     * ("ab", "c") and ("a", "bc") differ.
     */
    public static String sha256(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    digest.update((byte) 0);
                }
                digest.update(parts[i].getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
