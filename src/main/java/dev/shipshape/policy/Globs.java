package dev.shipshape.policy;

import java.util.List;
import java.util.Optional;

/** Shell-style globs: {@code *} matches any run of characters, {@code ?} exactly one. */
public final class Globs {

    private Globs() {
    }

    /** True when {@code globs} is empty or one of them matches {@code value}; a null value matches only an empty list. */
    public static boolean matchesAny(List<String> globs, String value) {
        if (globs.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String glob : globs) {
            if (matches(glob, value)) {
                return true;
            }
        }
        return false;
    }

    public static boolean matches(String glob, String value) {
        int g = 0;
        int v = 0;
        int starGlob = -1;
        int starValue = 0;
        while (v < value.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == value.charAt(v))) {
                g++;
                v++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starGlob = g++;
                starValue = v;
            } else if (starGlob >= 0) {
                g = starGlob + 1;
                v = ++starValue;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** An error text when {@code glob} is not a usable glob, or empty. */
    public static Optional<String> validate(String glob) {
        if (glob == null || glob.isEmpty()) {
            return Optional.of("must not be empty");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("\"" + glob + "\" contains whitespace or a control character at position " + i);
            }
            if ("[]{}\\!".indexOf(c) >= 0) {
                return Optional.of("\"" + glob + "\" uses '" + c + "' at position " + i
                        + "; only '*' and '?' are supported as wildcards");
            }
        }
        return Optional.empty();
    }
}
