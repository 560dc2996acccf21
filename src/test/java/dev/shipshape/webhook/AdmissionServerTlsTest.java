package dev.shipshape.webhook;

import dev.shipshape.cluster.AdmissionPolicySupport;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.WorkloadKinds;
import dev.shipshape.webhook.tls.CertificateAuthority;
import dev.shipshape.webhook.tls.Pem;
import dev.shipshape.webhook.tls.SubjectAlternativeNames;
import dev.shipshape.webhook.tls.TestConfigs;
import dev.shipshape.webhook.tls.WebhookCertificate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What the admission server accepts on the wire, seen from JDK TLS clients that trust the test CAs: TLS 1.2 and
 * 1.3 only, and under TLS 1.2 only forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305), with
 * the certificate the server started with and after a certificate swap, for EC (self-managed) and RSA
 * (user-provided) certificates. Also: no HTTP/2, plain HTTP gets no answer, oversized bodies sent in chunks get a
 * 400, and idle connections are closed.
 */
class AdmissionServerTlsTest {

    /** How the server came to serve the certificate under test. */
    enum Serving {
        EC_AT_START(KeyType.EC), EC_AFTER_SWAP(KeyType.EC), RSA_AT_START(KeyType.RSA), RSA_AFTER_SWAP(KeyType.RSA);

        final KeyType keyType;

        Serving(KeyType keyType) {
            this.keyType = keyType;
        }
    }

    enum KeyType { EC, RSA }

    private static final String TLS_1_2 = "TLSv1.2";
    private static final String TLS_1_3 = "TLSv1.3";

    private static final List<String> TLS_1_3_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    private static final Map<KeyType, List<String>> ACCEPTED_TLS_1_2_SUITES = Map.of(
            KeyType.EC, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            KeyType.RSA, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
    /** Suites the JDK enables by default that the certificate's key could serve, lacking forward secrecy or AEAD. */
    private static final Map<KeyType, List<String>> REFUSED_TLS_1_2_SUITES = Map.of(
            KeyType.EC, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            KeyType.RSA, List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"));

    /** One Vert.x per server: servers of one Vert.x configured for port 0 share a single random port. */
    private static final List<Vertx> VERTX_INSTANCES = new CopyOnWriteArrayList<>();
    private static final CertificateAuthority SELF_MANAGED_CA = CertificateAuthority.generate(Instant.now());
    private static final WebhookCertificate USER_PROVIDED_RSA = new WebhookCertificate(
            resource("rsa-serving.crt"), Pem.encodePrivateKey(Pem.decodePrivateKey(resource("rsa-pkcs1.key"))),
            resource("user-ca.crt"), Instant.now().plus(Duration.ofDays(1)));
    private static final SSLContext CLIENT = TrustedAuthorities.context(SELF_MANAGED_CA.certificatePem() + resource("user-ca.crt"));
    private static final Map<Serving, AdmissionServer> SERVERS = new EnumMap<>(Serving.class);

    @BeforeAll
    static void startOneServerPerWayOfServing() {
        SERVERS.put(Serving.EC_AT_START, started(Map.of(), selfManagedEc()));
        SERVERS.put(Serving.EC_AFTER_SWAP, swapped(started(Map.of(), selfManagedEc()), selfManagedEc()));
        SERVERS.put(Serving.RSA_AT_START, started(Map.of(), USER_PROVIDED_RSA));
        SERVERS.put(Serving.RSA_AFTER_SWAP, swapped(started(Map.of(), selfManagedEc()), USER_PROVIDED_RSA));
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(AdmissionServer::close);
        VERTX_INSTANCES.forEach(vertx -> vertx.close().toCompletionStage().toCompletableFuture().join());
    }

    static Stream<Arguments> acceptedTls12Suites() {
        return Arrays.stream(Serving.values()).flatMap(serving -> ACCEPTED_TLS_1_2_SUITES.get(serving.keyType).stream()
                .map(suite -> arguments(serving, suite)));
    }

    static Stream<Arguments> refusedTls12Suites() {
        return Arrays.stream(Serving.values()).flatMap(serving -> REFUSED_TLS_1_2_SUITES.get(serving.keyType).stream()
                .map(suite -> arguments(serving, suite)));
    }

    static Stream<Arguments> tls13Suites() {
        return Arrays.stream(Serving.values()).flatMap(serving -> TLS_1_3_SUITES.stream()
                .map(suite -> arguments(serving, suite)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("acceptedTls12Suites")
    void tls12HandshakeWithAForwardSecretAeadSuiteSucceeds(Serving serving, String suite) throws IOException {
        SSLSession session = handshake(SERVERS.get(serving), TLS_1_2, suite);

        assertThat(session.getProtocol()).isEqualTo(TLS_1_2);
        assertThat(session.getCipherSuite()).isEqualTo(suite);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tls13Suites")
    void tls13HandshakeSucceeds(Serving serving, String suite) throws IOException {
        SSLSession session = handshake(SERVERS.get(serving), TLS_1_3, suite);

        assertThat(session.getProtocol()).isEqualTo(TLS_1_3);
        assertThat(session.getCipherSuite()).isEqualTo(suite);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Serving.class)
    void clientWithJdkDefaultsGetsTls13(Serving serving) throws IOException {
        try (SSLSocket socket = connect(SERVERS.get(serving))) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo(TLS_1_3);
        }
    }

    /** Without ALPN the server speaks HTTP/1.1 only, whatever the client offers. */
    @Test
    void http2IsNotNegotiated() throws IOException {
        try (SSLSocket socket = connect(SERVERS.get(Serving.EC_AT_START))) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEmpty();
        }
    }

    /** The server, not the client, refuses: it answers the offer with a handshake_failure alert. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedTls12Suites")
    void tls12SuiteWithoutForwardSecrecyOrAeadIsRefused(Serving serving, String suite) {
        assertThatThrownBy(() -> handshake(SERVERS.get(serving), TLS_1_2, suite))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("Received fatal alert: handshake_failure");
    }

    /**
     * The test JVM's own jdk.tls.disabledAlgorithms already rule out TLS 1.0 and 1.1 on both ends, which would hide
     * what the server itself allows. A JVM of its own, where the JDK allows them, shows that the server refuses them.
     */
    @Test
    void tls10AndTls11AreRefusedByTheServerItself() throws Exception {
        Map<String, String> outcomes = LegacyProtocolProbe.runInOwnJvm();

        assertThat(outcomes).containsEntry("control TLSv1", "TLSv1").containsEntry("control TLSv1.1", "TLSv1.1");
        assertThat(outcomes.get("admission TLSv1")).startsWith("refused").contains("protocol_version");
        assertThat(outcomes.get("admission TLSv1.1")).startsWith("refused").contains("protocol_version");
        assertThat(outcomes).containsEntry("admission TLSv1.2", "TLSv1.2")
                .containsEntry("admission TLSv1.3", "TLSv1.3");
    }

    @Test
    void plainHttpToTheHttpsPortGetsNoAdmissionAnswer() throws Exception {
        AdmissionServer server = SERVERS.get(Serving.EC_AT_START);
        byte[] review = AdmissionDeciderTest.fixture("create-bad-deployment.json");
        byte[] received;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /validate/enforce HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + review.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(review);
            out.flush();
            received = readUntilClosed(socket.getInputStream());
        }

        String answer = new String(received, StandardCharsets.ISO_8859_1);
        assertThat(answer).doesNotContain("HTTP/").doesNotContain("AdmissionReview").doesNotContain("allowed");
        assertThat(handshake(server, TLS_1_3, "TLS_AES_128_GCM_SHA256").getProtocol()).as("still serving")
                .isEqualTo(TLS_1_3);
    }

    @Test
    void bodySentInChunksIsRefusedOnceItPassesTheLimit() throws Exception {
        AdmissionServer server = started(Map.of("shipshape.webhook.max-body-bytes", "65536"), selfManagedEc());
        try {
            HttpResponse<String> atLimit = postChunked(server, 65536);
            HttpResponse<String> overLimit = postChunked(server, 65537);
            HttpResponse<String> farOverLimit = postChunked(server, 200_000);

            assertThat(atLimit.statusCode()).isEqualTo(200);
            assertThat(atLimit.body()).contains("\"allowed\":true");
            assertThat(overLimit.statusCode()).isEqualTo(400);
            assertThat(overLimit.body()).contains("the body has more than 65536 bytes");
            assertThat(farOverLimit.statusCode()).isEqualTo(400);
            assertThat(farOverLimit.body()).contains("the body has more than 65536 bytes");
        } finally {
            server.close();
        }
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        AdmissionServer server = started(Map.of("shipshape.webhook.idle-timeout", "PT1S"), selfManagedEc());
        try (SSLSocket socket = connect(server)) {
            socket.startHandshake();
            long started = System.nanoTime();

            assertThat(readsEndOfStream(socket)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500),
                    Duration.ofSeconds(5));
        } finally {
            server.close();
        }
    }

    private static boolean readsEndOfStream(SSLSocket socket) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException | SSLException closed) {
            return true;
        }
    }

    /** Posts a review padded with blanks to {@code bytes}, without Content-Length. */
    private static HttpResponse<String> postChunked(AdmissionServer server, int bytes) throws Exception {
        byte[] review = AdmissionDeciderTest.fixture("create-bad-deployment.json");
        byte[] body = Arrays.copyOf(review, bytes);
        Arrays.fill(body, review.length, bytes, (byte) ' ');
        HttpClient http = HttpClient.newBuilder().sslContext(CLIENT).version(HttpClient.Version.HTTP_1_1).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/validate/enforce"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // a reset ends the connection as well as a close does
        }
        return received.toByteArray();
    }

    private static SSLSession handshake(AdmissionServer server, String protocol, String suite) throws IOException {
        try (SSLSocket socket = connect(server)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession();
        }
    }

    private static SSLSocket connect(AdmissionServer server) throws IOException {
        SSLSocket socket = (SSLSocket) CLIENT.getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static AdmissionServer started(Map<String, String> properties, WebhookCertificate certificate) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("shipshape.webhook.host", "127.0.0.1");
        all.put("shipshape.webhook.port", "0");
        all.put("shipshape.webhook.event-loops", "1");
        Vertx vertx = Vertx.vertx();
        VERTX_INSTANCES.add(vertx);
        return started(vertx, all, certificate);
    }

    static AdmissionServer started(Vertx vertx, Map<String, String> properties, WebhookCertificate certificate) {
        AdmissionServer server = new AdmissionServer(vertx, TestConfigs.operatorConfig(properties),
                new PolicyCache(null, new AdmissionPolicySupport(null)), new NamespaceCache(null), OwnerLookup.NONE,
                new AdmissionMetrics(new SimpleMeterRegistry()), WorkloadKinds.BUILT_IN);
        server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        return server;
    }

    private static AdmissionServer swapped(AdmissionServer server, WebhookCertificate certificate) {
        server.useCertificate(certificate.certificatePem(), certificate.privateKeyPem());
        return server;
    }

    static WebhookCertificate selfManagedEc() {
        return issue(SELF_MANAGED_CA);
    }

    private static WebhookCertificate issue(CertificateAuthority authority) {
        Instant now = Instant.now();
        return authority.issue(SubjectAlternativeNames.forService("shipshape-webhook", "shipshape-test", List.of()),
                Duration.ofDays(1), now);
    }

    private static String resource(String fileName) {
        try (InputStream in = AdmissionServerTlsTest.class.getResourceAsStream("/webhook/tls/" + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource /webhook/tls/" + fileName);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Offers TLS 1.0 to 1.3 to the admission server in a JVM where the JDK itself allows TLS 1.0 and 1.1. Before
     * that, a plain JDK server that enables them in the same JVM must accept them: the control showing the client
     * really offers them. Prints {@code probe <target> <protocol>=<negotiated protocol or "refused: " reason>}.
     */
    static final class LegacyProtocolProbe {

        private static final String PREFIX = "probe ";
        private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", TLS_1_2, TLS_1_3);

        static Map<String, String> runInOwnJvm() throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    LegacyProtocolProbe.class.getName()).redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the probe did not finish within 60 s");
            }
            String printed = output.join();
            assertThat(process.exitValue()).as(printed).isZero();
            return printed.lines().filter(line -> line.startsWith(PREFIX))
                    .map(line -> line.substring(PREFIX.length()))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1)));
        }

        public static void main(String[] args) throws Exception {
            String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
            Security.setProperty("jdk.tls.disabledAlgorithms", Arrays.stream(disabled.split(","))
                    .map(String::trim).filter(algorithm -> !algorithm.equals("TLSv1") && !algorithm.equals("TLSv1.1"))
                    .collect(Collectors.joining(", ")));
            WebhookCertificate certificate = selfManagedEc();
            SSLContext client = TrustedAuthorities.context(certificate.caBundlePem());
            for (String protocol : PROTOCOLS.subList(0, 2)) {
                System.out.println(PREFIX + "control " + protocol + "=" + againstPlainJdkServer(certificate, client,
                        protocol));
            }
            Vertx vertx = Vertx.vertx();
            AdmissionServer server = started(vertx, Map.of("shipshape.webhook.host", "127.0.0.1",
                    "shipshape.webhook.port", "0", "shipshape.webhook.event-loops", "1"), certificate);
            for (String protocol : PROTOCOLS) {
                System.out.println(PREFIX + "admission " + protocol + "=" + attempt(client, server.port(), protocol));
            }
            System.out.flush();
            System.exit(0);
        }

        private static String againstPlainJdkServer(WebhookCertificate certificate, SSLContext client, String protocol)
                throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            PrivateKey key = Pem.decodePrivateKey(certificate.privateKeyPem());
            keys.setKeyEntry("serving", key, new char[0],
                    Pem.decodeCertificates(certificate.certificatePem()).toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(keyManagers.getKeyManagers(), null, null);
            try (SSLServerSocket listening = (SSLServerSocket) serverContext.getServerSocketFactory()
                    .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                listening.setEnabledProtocols(PROTOCOLS.toArray(String[]::new));
                CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                    try (SSLSocket socket = (SSLSocket) listening.accept()) {
                        socket.setSoTimeout(10_000);
                        socket.startHandshake();
                    } catch (IOException e) {
                        // the client reports the outcome
                    }
                });
                String outcome = attempt(client, listening.getLocalPort(), protocol);
                accepted.get(10, TimeUnit.SECONDS);
                return outcome;
            }
        }

        private static String attempt(SSLContext client, int port, String protocol) {
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                return socket.getSession().getProtocol();
            } catch (IOException e) {
                return "refused: " + e.getMessage();
            }
        }
    }
}
