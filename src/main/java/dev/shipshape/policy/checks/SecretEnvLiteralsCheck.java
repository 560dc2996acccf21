package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.ContainerRef;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * No container may carry a secret as a literal env value. An entry fails when its literal value holds a PEM
 * private key, whatever its name, or when its name matches {@code namePattern} (anywhere in the name) and its
 * value could be a secret. Not secrets: names ending in a suffix that marks a reference to the secret rather
 * than the secret (such as {@code POSTGRES_PASSWORD_FILE}, {@code AWS_ACCESS_KEY_ID}, {@code TOKEN_URL}),
 * blank values, {@code true}/{@code false}, and values that are exactly one {@code $(VAR)} reference to
 * another variable. Messages never include the value.
 */
public final class SecretEnvLiteralsCheck implements Check {

    private static final String NAME_PATTERN = "namePattern";
    /**
     * The credential variables of the common cloud CLIs and SDKs (AWS, Azure, Google Cloud, OCI, IBM, Alibaba,
     * DigitalOcean) and database and broker images (MySQL, MariaDB, PostgreSQL, Oracle, SQL Server, MongoDB, Redis,
     * RabbitMQ, Neo4j, MinIO, Elasticsearch): passwords ({@code MYSQL_PWD}, {@code RABBITMQ_DEFAULT_PASS}), keys
     * ({@code AZURE_STORAGE_ACCOUNT_KEY}, {@code AZURE_BATCH_KEY}, {@code OCI_CLI_KEY_CONTENT}), connection strings
     * that embed a key, and {@code *_AUTH} values such as {@code REDISCLI_AUTH} and {@code NEO4J_AUTH}. A word such
     * as PASS, PWD or AUTH counts only as a whole word between underscores, so {@code PWD}, {@code BYPASS_CACHE} and
     * {@code OAUTH_ISSUER} do not match.
     */
    static final String DEFAULT_NAME_PATTERN = "(?i)(PASSWORD|PASSWD|PASSPHRASE|(\\A|[^A-Z0-9])PASS([^A-Z0-9]|\\z)"
            + "|_PWD([^A-Z0-9]|\\z)|SECRET|TOKEN([^I]|I[^Z]|I?\\z)|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SIGNING_?KEY"
            + "|ENCRYPTION_?KEY|(ACCOUNT|STORAGE|BATCH|MASTER|SHARED|CLIENT|AUTH|LICEN[CS]E)_?KEY([^A-Z0-9]|\\z)"
            + "|KEY_(CONTENT|DATA|MATERIAL)"
            + "|CREDENTIALS?|CONNECTION_?STRING|ERLANG_COOKIE|(\\A|[^A-Z0-9])AUTH\\z)";

    /** Case-insensitive name endings that mark where a secret is found, not the secret itself. */
    private static final List<String> REFERENCE_SUFFIXES =
            List.of("_FILE", "_PATH", "_DIR", "_NAME", "_URL", "_URI", "_ENDPOINT", "_REF", "_KEY_ID");

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("secret-env-literals")
            .title("Secrets in env literals")
            .category(Category.SECRETS)
            .profile(Profile.HARDENED)
            .severity(Severity.HIGH)
            .fields(ContainerFields.inEveryContainer("env[*].name", "env[*].value"))
            .why("A literal env value is stored in plain text in the manifest, in etcd and usually in Git, and "
                    + "anyone who can read the workload can read it: a leaked credential is directly usable.")
            .fix("Move the value into a Secret and reference it with env[].valueFrom.secretKeyRef (or mount it "
                    + "as a file).")
            .param(CheckParam.regex(NAME_PATTERN, "Regular expression searched for in env names to spot secrets; "
                    + "names ending in " + String.join(", ", REFERENCE_SUFFIXES) + " are references and never "
                    + "match. PEM private keys fail whatever the name. A pattern other than the default is a Java "
                    + "regular expression that only the webhook runs: generated admission policies leave the check "
                    + "to it.", DEFAULT_NAME_PATTERN))
            .build();

    /**
     * PEM armour of a private key as lenient key parsers read it, after its leading dashes: any run of dashes, spaces
     * around the words, any case, any key type ({@code RSA}, {@code EC}, {@code OPENSSH}, {@code ENCRYPTED},
     * {@code PGP ... BLOCK}). Letters are spelled out in both cases rather than matched case-insensitively, so that
     * Java and RE2 (CEL's regular expressions, which fold case over all of Unicode) match exactly the same text; the
     * generated admission policies search the value for {@code -[- \t]*} followed by it.
     */
    static final String PEM_PRIVATE_KEY_ARMOUR_TEXT = "[Bb][Ee][Gg][Ii][Nn][ \\t]+(?:[A-Za-z0-9]{1,20}[ \\t]+){0,4}"
            + "[Pp][Rr][Ii][Vv][Aa][Tt][Ee][ \\t]+[Kk][Ee][Yy](?:[ \\t]+[Bb][Ll][Oo][Cc][Kk])?[ \\t]*-";
    private static final Pattern PEM_PRIVATE_KEY_ARMOUR = Pattern.compile(PEM_PRIVATE_KEY_ARMOUR_TEXT);
    /** Name endings of references, matched case-insensitively at the end of a name. */
    static final String REFERENCE_NAME = "(?i)(" + String.join("|", REFERENCE_SUFFIXES) + ")\\z";
    /**
     * What {@link String#isBlank} calls blank, as a regular expression for CEL: {@link Character#isWhitespace}'s
     * characters (space separators but the non-breaking ones, line and paragraph separators, tab to carriage return
     * and the information separators U+001C to U+001F).
     */
    static final String BLANK = "\\A[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}"
            + "\\x{2029}\\x{205F}\\x{3000}]*\\z";
    /** Values that are no secret whatever the name: a boolean, or a single {@code $(VAR)} reference. */
    static final String NOT_A_SECRET = "(?i)\\A(true|false)\\z|\\A\\$\\([^)]*\\)\\z";

    /**
     * Bounds {@link #secretNameVerdicts}: env names form a small vocabulary in practice, but admission input
     * is untrusted.
     */
    private static final int MAX_REMEMBERED_NAMES = 4096;

    private final String namePatternText;
    private final Pattern namePattern;
    /** Whether each env name seen so far looks like a secret's, so regular traffic never runs the regex. */
    private final Map<String, Boolean> secretNameVerdicts = new ConcurrentHashMap<>();

    public SecretEnvLiteralsCheck() {
        this(DEFAULT_NAME_PATTERN);
    }

    private SecretEnvLiteralsCheck(String namePattern) {
        this.namePatternText = namePattern;
        this.namePattern = Pattern.compile(namePattern);
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check withParams(CheckParams params) {
        return new SecretEnvLiteralsCheck(params.string(NAME_PATTERN));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        List<ContainerRef> containers = workload.containers();
        for (int i = 0; i < containers.size(); i++) {
            ContainerRef container = containers.get(i);
            List<EnvVar> env = container.container().getEnv();
            if (env == null) {
                continue;
            }
            for (int j = 0; j < env.size(); j++) {
                EnvVar variable = env.get(j);
                String value = variable.getValue();
                if (value == null || value.isBlank()) {
                    continue;
                }
                LiteralSecret secret = literalSecret(variable.getName(), value);
                if (secret == LiteralSecret.PRIVATE_KEY) {
                    findings.container(container, valuePath(j), container.describe() + " env " + variable.getName()
                            + " holds a literal PEM private key; mount it from a Secret");
                } else if (secret == LiteralSecret.SECRET_NAME) {
                    findings.container(container, valuePath(j), container.describe() + " sets env "
                            + variable.getName() + " to a literal value; use valueFrom.secretKeyRef to a Secret");
                }
            }
        }
    }

    /** Why a variable must not hold its value literally. */
    public enum LiteralSecret {
        /** The value holds a PEM private key, whatever the name. */
        PRIVATE_KEY,
        /** The name looks like a secret's and the value could be one. */
        SECRET_NAME
    }

    /** Whether a variable called {@code name} holding {@code value} literally leaks a secret, and why; or null. */
    public LiteralSecret literalSecret(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (holdsPrivateKey(value)) {
            return LiteralSecret.PRIVATE_KEY;
        }
        return looksLikeSecretName(name) && couldBeSecret(value) ? LiteralSecret.SECRET_NAME : null;
    }

    private static FieldPath valuePath(int index) {
        return FieldPath.of("env").index(index).field("value");
    }

    /** True when a {@code BEGIN ... PRIVATE KEY} armour line, with dashes before and after, is in the value. */
    static boolean holdsPrivateKey(String value) {
        int dash = value.indexOf('-');
        while (dash >= 0) {
            int begin = dash + 1;
            while (begin < value.length() && (value.charAt(begin) == '-' || value.charAt(begin) == ' '
                    || value.charAt(begin) == '\t')) {
                begin++;
            }
            if (value.regionMatches(true, begin, "BEGIN", 0, 5) && PEM_PRIVATE_KEY_ARMOUR.matcher(value)
                    .region(begin, value.length()).lookingAt()) {
                return true;
            }
            dash = value.indexOf('-', begin);
        }
        return false;
    }

    private boolean looksLikeSecretName(String name) {
        if (name == null) {
            return false;
        }
        Boolean verdict = secretNameVerdicts.get(name);
        if (verdict == null) {
            verdict = !isReferenceName(name) && namePattern.matcher(name).find();
            if (secretNameVerdicts.size() < MAX_REMEMBERED_NAMES) {
                secretNameVerdicts.put(name, verdict);
            }
        }
        return verdict;
    }

    static boolean isReferenceName(String name) {
        for (int i = 0; i < REFERENCE_SUFFIXES.size(); i++) {
            String suffix = REFERENCE_SUFFIXES.get(i);
            if (name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    static boolean couldBeSecret(String value) {
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return false;
        }
        boolean singleReference = value.startsWith("$(") && value.indexOf(')') == value.length() - 1;
        return !singleReference;
    }

    @Override
    public CelRule celRule() {
        if (!DEFAULT_NAME_PATTERN.equals(namePatternText)) {
            return CelRule.webhookOnly("its namePattern is set to a Java regular expression, which CEL (RE2) may read "
                    + "differently; the default pattern is decided in CEL");
        }
        String privateKey = "(e.value.contains('-') && e.value.matches(" + Cel.quote("-[- \\t]*"
                + PEM_PRIVATE_KEY_ARMOUR_TEXT) + "))";
        String secretName = "(has(e.name) && e.name.matches(" + Cel.quote(namePatternText) + ") && !e.name.matches("
                + Cel.quote(REFERENCE_NAME) + ") && !e.value.matches(" + Cel.quote(NOT_A_SECRET) + "))";
        // the cheap tests first: most values hold no dash and most names no secret word
        return CelRule.containers("(has(c.env) && c.env.exists(e, has(e.value) && (" + privateKey + " || "
                        + secretName + ") && !e.value.matches(" + Cel.quote(BLANK) + ")))",
                "must not set env values that hold secrets or PEM private keys; use valueFrom.secretKeyRef");
    }
}
