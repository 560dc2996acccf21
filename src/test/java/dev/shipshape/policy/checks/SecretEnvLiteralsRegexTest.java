package dev.shipshape.policy.checks;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regular expressions of secret-env-literals mean the same in Java, where the engine runs them, and in RE2, where
 * the generated admission policies run them (re2j is the RE2 of the Java CEL implementation; the API server's is
 * Go's, with the same syntax and semantics): on env names, which the API server allows only in printable ASCII, and on
 * any value. The default name pattern also finds exactly what its earlier form with look-around found.
 */
class SecretEnvLiteralsRegexTest {

    /** The default name pattern as it was written with look-around, before it had to run in RE2. */
    private static final Pattern LOOK_AROUND_NAME_PATTERN = Pattern.compile("(?i)(PASSWORD|PASSWD|PASSPHRASE"
            + "|(?<![A-Z0-9])PASS(?![A-Z0-9])|(?<=_)PWD(?![A-Z0-9])|SECRET|TOKEN(?!IZ)|API_?KEY|ACCESS_?KEY"
            + "|PRIVATE_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY"
            + "|(ACCOUNT|STORAGE|BATCH|MASTER|SHARED|CLIENT|AUTH|LICEN[CS]E)_?KEY(?![A-Z0-9])"
            + "|KEY_(CONTENT|DATA|MATERIAL)|CREDENTIALS?|CONNECTION_?STRING|ERLANG_COOKIE|(?<![A-Z0-9])AUTH$)");
    private static final Pattern NAME_PATTERN = Pattern.compile(SecretEnvLiteralsCheck.DEFAULT_NAME_PATTERN);
    private static final com.google.re2j.Pattern NAME_PATTERN_RE2 =
            com.google.re2j.Pattern.compile(SecretEnvLiteralsCheck.DEFAULT_NAME_PATTERN);
    private static final com.google.re2j.Pattern REFERENCE_RE2 =
            com.google.re2j.Pattern.compile(SecretEnvLiteralsCheck.REFERENCE_NAME);
    private static final com.google.re2j.Pattern ARMOUR_RE2 =
            com.google.re2j.Pattern.compile("-[- \\t]*" + SecretEnvLiteralsCheck.PEM_PRIVATE_KEY_ARMOUR_TEXT);
    private static final com.google.re2j.Pattern BLANK_RE2 = com.google.re2j.Pattern.compile(SecretEnvLiteralsCheck.BLANK);
    private static final com.google.re2j.Pattern NOT_A_SECRET_RE2 =
            com.google.re2j.Pattern.compile(SecretEnvLiteralsCheck.NOT_A_SECRET);

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("PASS", "pass", "PWD", "_PWD", "TOKEN", "TOKENIZER", "tokeniz", "TOKENI", "AUTH",
                        "OAUTH", "KEY", "_KEY", "API", "ACCESS", "CLIENT", "LICENSE", "LICENCE", "SECRET", "CREDENTIAL",
                        "KEY_DATA", "_FILE", "_path", "_KEY_ID", "CONNECTION", "STRING", "ERLANG_COOKIE", "BYPASS",
                        "PASSWD", "_", "-", ".", "1", "X", "z"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3));
        return fragment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("", parts))
                .filter(name -> name.indexOf('=') < 0);
    }

    @Property(tries = 3000)
    void theNamePatternFindsWhatItsLookAroundFormFoundInJavaAndInRe2(@ForAll("names") String name) {
        boolean found = LOOK_AROUND_NAME_PATTERN.matcher(name).find();

        assertThat(NAME_PATTERN.matcher(name).find()).as("Java, %s", name).isEqualTo(found);
        assertThat(NAME_PATTERN_RE2.matcher(name).find()).as("RE2, %s", name).isEqualTo(found);
        assertThat(REFERENCE_RE2.matcher(name).find()).as("reference name %s", name)
                .isEqualTo(SecretEnvLiteralsCheck.isReferenceName(name));
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("-", "---", "-----", " ", "\t", "BEGIN", "begin", "BeGiN", "RSA", "OPENSSH",
                        "ENCRYPTED", "PGP", "PRIVATE", "private", "KEY", "key", "BLOCK", "PUBLIC", "\u212AEY",
                        "PR\u0131VATE", "true", "FALSE", "fal\u017Fe", "$(", ")", "$(HOME)", "\u00A0", "\u2007",
                        "\u3000", "\u2028", "\u001C", "x"),
                Arbitraries.strings().ofMaxLength(3));
        return fragment.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void privateKeysBlanksAndNonSecretsAreTheSameInJavaAndRe2(@ForAll("values") String value) {
        assertThat(ARMOUR_RE2.matcher(value).find()).as("private key in %s", value)
                .isEqualTo(SecretEnvLiteralsCheck.holdsPrivateKey(value));
        assertThat(BLANK_RE2.matcher(value).find()).as("blank %s", value).isEqualTo(value.isBlank());
        assertThat(NOT_A_SECRET_RE2.matcher(value).find()).as("no secret %s", value)
                .isEqualTo(!SecretEnvLiteralsCheck.couldBeSecret(value));
    }

    @Example
    void armourLinesAreFoundAlikeAtAnyLength() {
        java.util.Map<String, Boolean> values = java.util.Map.of(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE", true,
                "x ---  begin  OpenSSH  private key --- y", true,
                "-BEGIN PGP PRIVATE KEY BLOCK-", true,
                "-BEGIN" + " ".repeat(200) + "PRIVATE KEY-", true,
                "-----BEGIN PUBLIC KEY-----", false,
                "-----BEGIN A B C D E PRIVATE KEY-----", false,
                "-----BEGIN PRIVATE \u212AEY-----", false,
                "-".repeat(10_000), false);
        values.forEach((value, key) -> {
            assertThat(SecretEnvLiteralsCheck.holdsPrivateKey(value)).as("Java: %s", value).isEqualTo(key);
            assertThat(ARMOUR_RE2.matcher(value).find()).as("RE2: %s", value).isEqualTo(key);
        });
    }

    @Example
    void blankIsJavasWhitespaceOnEveryCharacter() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = String.valueOf((char) c);
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            assertThat(BLANK_RE2.matcher(text).find()).as("U+%04X", c).isEqualTo(text.isBlank());
        }
    }
}
