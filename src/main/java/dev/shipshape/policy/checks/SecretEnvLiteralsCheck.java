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
    private static final String DEFAULT_NAME_PATTERN = "(?i)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN(?!IZ)|API_?KEY"
            + "|ACCESS_?KEY|PRIVATE_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|CREDENTIALS?)";

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
                    + "match. PEM private keys fail whatever the name.", DEFAULT_NAME_PATTERN))
            .build();

    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_PRIVATE_KEY_END = "PRIVATE KEY-----";

    /**
     * Bounds {@link #secretNameVerdicts}: env names form a small vocabulary in practice, but admission input
     * is untrusted.
     */
    private static final int MAX_REMEMBERED_NAMES = 4096;

    private final Pattern namePattern;
    /** Whether each env name seen so far looks like a secret's, so regular traffic never runs the regex. */
    private final Map<String, Boolean> secretNameVerdicts = new ConcurrentHashMap<>();

    public SecretEnvLiteralsCheck() {
        this(DEFAULT_NAME_PATTERN);
    }

    private SecretEnvLiteralsCheck(String namePattern) {
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
                if (holdsPrivateKey(value)) {
                    findings.container(container, valuePath(j), container.describe() + " env " + variable.getName()
                            + " holds a literal PEM private key; mount it from a Secret");
                } else if (looksLikeSecretName(variable.getName()) && couldBeSecret(value)) {
                    findings.container(container, valuePath(j), container.describe() + " sets env "
                            + variable.getName() + " to a literal value; use valueFrom.secretKeyRef to a Secret");
                }
            }
        }
    }

    private static FieldPath valuePath(int index) {
        return FieldPath.of("env").index(index).field("value");
    }

    private static boolean holdsPrivateKey(String value) {
        int begin = value.indexOf(PEM_BEGIN);
        return begin >= 0 && value.indexOf(PEM_PRIVATE_KEY_END, begin) > begin;
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

    private static boolean isReferenceName(String name) {
        for (int i = 0; i < REFERENCE_SUFFIXES.size(); i++) {
            String suffix = REFERENCE_SUFFIXES.get(i);
            if (name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean couldBeSecret(String value) {
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return false;
        }
        boolean singleReference = value.startsWith("$(") && value.indexOf(')') == value.length() - 1;
        return !singleReference;
    }
}
