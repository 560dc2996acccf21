package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.shipshape.policy.checks.CheckFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SecretEnvLiteralsCheckTest {

    private static final String FIRST = "spec.containers[0].env[0].value";
    private static final String PEM_KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA7\\n-----END RSA PRIVATE KEY-----";

    private final SecretEnvLiteralsCheck check = new SecretEnvLiteralsCheck();

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("password literal", "[{name: DB_PASSWORD, value: hunter2}]", List.of(FIRST)),
                arguments("passwd literal", "[{name: LDAP_PASSWD, value: hunter2}]", List.of(FIRST)),
                arguments("api key literal", "[{name: STRIPE_API_KEY, value: sk_live_51Hx}]", List.of(FIRST)),
                arguments("camel case api key", "[{name: apiKey, value: 51Hx}]", List.of(FIRST)),
                arguments("apikey literal", "[{name: MAPS_APIKEY, value: AIzaSy}]", List.of(FIRST)),
                arguments("secret access key", "[{name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMI}]", List.of(FIRST)),
                arguments("token literal", "[{name: GITHUB_TOKEN, value: ghp_16C7e42F}]", List.of(FIRST)),
                arguments("lowercase credentials", "[{name: db_credentials, value: 'admin:admin'}]", List.of(FIRST)),
                arguments("private key name", "[{name: JWT_PRIVATE_KEY, value: MIIEvQIBADANBg}]", List.of(FIRST)),
                arguments("client secret", "[{name: OIDC_CLIENT_SECRET, value: 3f9a}]", List.of(FIRST)),
                arguments("secret from a Secret",
                        "[{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]", List.of()),
                arguments("file reference", "[{name: POSTGRES_PASSWORD_FILE, value: /run/secrets/db}]", List.of()),
                arguments("path reference", "[{name: TLS_PRIVATE_KEY_PATH, value: /etc/tls/tls.key}]", List.of()),
                arguments("directory reference", "[{name: SECRETS_DIR, value: /var/run/secrets}]", List.of()),
                arguments("name reference", "[{name: DB_SECRET_NAME, value: db-credentials}]", List.of()),
                arguments("url reference", "[{name: OAUTH_TOKEN_URL, value: 'https://auth.example.com/token'}]",
                        List.of()),
                arguments("uri reference", "[{name: VAULT_SECRET_URI, value: 'vault://kv/app'}]", List.of()),
                arguments("endpoint reference", "[{name: TOKEN_ENDPOINT, value: 'https://auth.example.com'}]", List.of()),
                arguments("ref reference", "[{name: SECRET_REF, value: 'kv/app#password'}]", List.of()),
                arguments("access key id", "[{name: AWS_ACCESS_KEY_ID, value: AKIAIOSFODNN7EXAMPLE}]", List.of()),
                arguments("reference suffixes ignore case", "[{name: db_password_file, value: /run/secrets/db}]",
                        List.of()),
                arguments("empty value", "[{name: DB_PASSWORD, value: ''}]", List.of()),
                arguments("blank value", "[{name: DB_PASSWORD, value: '  '}]", List.of()),
                arguments("boolean value", "[{name: SECRET_SCANNING_ENABLED, value: 'true'}]", List.of()),
                arguments("dependent variable reference", "[{name: DB_PASSWORD, value: $(POSTGRES_PASSWORD)}]",
                        List.of()),
                arguments("text around a variable reference", "[{name: DB_PASSWORD, value: 'x$(SUFFIX)'}]",
                        List.of(FIRST)),
                arguments("two variable references", "[{name: DB_PASSWORD, value: '$(A)$(B)'}]", List.of(FIRST)),
                arguments("tokenizer is not a token", "[{name: TOKENIZER_MODEL, value: bert-base-uncased}]", List.of()),
                arguments("harmless names", "[{name: LOG_LEVEL, value: debug}, {name: PORT, value: '8080'}]", List.of()),
                arguments("pem private key under any name", "[{name: TLS_MATERIAL, value: \"" + PEM_KEY + "\"}]",
                        List.of(FIRST)),
                arguments("pem private key under a reference name",
                        "[{name: SIGNING_KEY_PATH, value: \"" + PEM_KEY + "\"}]", List.of(FIRST)),
                arguments("encrypted pem private key",
                        "[{name: KEY_MATERIAL, value: '-----BEGIN ENCRYPTED PRIVATE KEY----- MIIF'}]", List.of(FIRST)),
                arguments("pem certificate is public",
                        "[{name: CA_BUNDLE, value: '-----BEGIN CERTIFICATE----- MIIDdz -----END CERTIFICATE-----'}]",
                        List.of()),
                arguments("azure batch key", "[{name: AZURE_BATCH_KEY, value: 'q8Zr0wZ=='}]", List.of(FIRST)),
                arguments("azure storage account key", "[{name: AZURE_STORAGE_ACCOUNT_KEY, value: 'Eby8vdM0=='}]",
                        List.of(FIRST)),
                arguments("azure storage key", "[{name: AZURE_STORAGE_KEY, value: 'Eby8vdM0=='}]", List.of(FIRST)),
                arguments("azure connection string",
                        "[{name: AZURE_STORAGE_CONNECTION_STRING, value: 'AccountName=a;AccountKey=Eby8'}]",
                        List.of(FIRST)),
                arguments("oci cli key content", "[{name: OCI_CLI_KEY_CONTENT, value: MIIEvQIBADANBg}]", List.of(FIRST)),
                arguments("mysql pwd", "[{name: MYSQL_PWD, value: hunter2}]", List.of(FIRST)),
                arguments("oracle pwd", "[{name: ORACLE_PWD, value: hunter2}]", List.of(FIRST)),
                arguments("rabbitmq default pass", "[{name: RABBITMQ_DEFAULT_PASS, value: hunter2}]", List.of(FIRST)),
                arguments("rabbitmq erlang cookie", "[{name: RABBITMQ_ERLANG_COOKIE, value: SWQOKODSQALRPCLNMEQG}]",
                        List.of(FIRST)),
                arguments("redis cli auth", "[{name: REDISCLI_AUTH, value: hunter2}]", List.of(FIRST)),
                arguments("neo4j auth", "[{name: NEO4J_AUTH, value: neo4j/hunter2}]", List.of(FIRST)),
                arguments("ibm cloud api key", "[{name: IBMCLOUD_API_KEY, value: 0a1b2c}]", List.of(FIRST)),
                arguments("aws session token", "[{name: AWS_SESSION_TOKEN, value: FwoGZXIvYXdzE}]", List.of(FIRST)),
                arguments("working directory is not a password", "[{name: PWD, value: /app}, {name: OLDPWD, value: /}]",
                        List.of()),
                arguments("bypass is not a password", "[{name: BYPASS_CACHE, value: always}]", List.of()),
                arguments("oauth issuer is not a credential", "[{name: OAUTH_ISSUER, value: 'https://id.example.com'}]",
                        List.of()),
                arguments("auth mode is not a credential", "[{name: AUTH_MODE, value: oidc}]", List.of()),
                arguments("cache key is not a secret", "[{name: CACHE_KEY_PREFIX, value: app}]", List.of()),
                arguments("pem armour with three dashes",
                        "[{name: DEPLOY_MATERIAL, value: '---BEGIN OPENSSH PRIVATE KEY--- b3BlbnNzaC1rZXk'}]",
                        List.of(FIRST)),
                arguments("pem armour with extra spaces",
                        "[{name: DEPLOY_MATERIAL, value: '-----BEGIN  RSA  PRIVATE KEY ----- MIIEpA'}]", List.of(FIRST)),
                arguments("pem armour in lower case",
                        "[{name: DEPLOY_MATERIAL, value: '--begin ec private key-- MHcCAQEE'}]", List.of(FIRST)),
                arguments("pgp private key block",
                        "[{name: SIGNER, value: '-----BEGIN PGP PRIVATE KEY BLOCK----- lQdGBF'}]", List.of(FIRST)),
                arguments("dashes alone are not a key", "[{name: BANNER, value: '--------------------'}]", List.of()),
                arguments("public key armour is public",
                        "[{name: SSH_PUBLIC, value: '---BEGIN PUBLIC KEY--- MFkwEwYH'}]", List.of()),
                arguments("third entry", "[{name: LOG_LEVEL, value: info}, {name: PORT, value: '80'},"
                        + " {name: REDIS_PASSWORD, value: s3cr3t}]", List.of("spec.containers[0].env[2].value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsSecretLiterals(String name, String env, List<String> expectedPaths) {
        assertThat(CheckFixtures.paths(check, pod("containers: [{name: app, image: a:1, env: " + env + "}]")))
                .isEqualTo(expectedPaths);
    }

    @Test
    void checksEveryKindOfContainer() {
        Workload workload = pod("initContainers: [{name: init, image: a:1, env: [{name: API_TOKEN, value: abc}]}]\n"
                + "containers: [{name: app, image: a:1}]\n"
                + "ephemeralContainers: [{name: debug, image: a:1, env: [{name: ROOT_PASSWORD, value: toor}]}]");
        assertThat(CheckFixtures.paths(check, workload))
                .containsExactly("spec.initContainers[0].env[0].value", "spec.ephemeralContainers[0].env[0].value");
    }

    @Test
    void messagesNameContainerAndVariableButNeverTheValue() {
        Workload workload = pod("containers: [{name: app, image: a:1, env: [{name: DB_PASSWORD, value: hunter2},"
                + " {name: TLS_MATERIAL, value: \"" + PEM_KEY + "\"}]}]");
        List<String> messages = CheckFixtures.messages(check, workload);
        assertThat(messages).containsExactly(
                "container \"app\" sets env DB_PASSWORD to a literal value; use valueFrom.secretKeyRef to a Secret",
                "container \"app\" env TLS_MATERIAL holds a literal PEM private key; mount it from a Secret");
        assertThat(messages).noneMatch(message -> message.contains("hunter2") || message.contains("MIIEpAIBAAKCAQEA7"));
    }

    @Test
    void namePatternParamReplacesTheDefault() {
        Check custom = check.withParams(CheckParams.of(check.descriptor(), Map.of("namePattern", "^ACME_")));
        Workload workload = pod("containers: [{name: app, image: a:1, env: [{name: DB_PASSWORD, value: hunter2},"
                + " {name: ACME_LICENSE, value: 12-34}, {name: ACME_LICENSE_FILE, value: /etc/acme/license},"
                + " {name: CERT, value: \"" + PEM_KEY + "\"}]}]");
        assertThat(CheckFixtures.paths(custom, workload))
                .containsExactly("spec.containers[0].env[1].value", "spec.containers[0].env[3].value");
    }

    @Test
    void namePatternParamIsAValidatedRegex() {
        CheckParam param = check.descriptor().param("namePattern").orElseThrow();
        assertThat(param.validate(param.defaultValue())).isEmpty();
        assertThat(param.validate("(unclosed")).isPresent();
        assertThat(param.description()).contains("_FILE", "_KEY_ID");
    }

    @Test
    void hasNoRemediation() {
        assertThat(check.descriptor().remediable()).isFalse();
    }
}
