package dev.shipshape.webhook;

import dev.shipshape.OperatorConfig;
import dev.shipshape.api.v1alpha1.HardeningExemption;
import dev.shipshape.api.v1alpha1.HardeningPolicy;
import dev.shipshape.cluster.NamespaceCache;
import dev.shipshape.cluster.OwnerLookup;
import dev.shipshape.policy.FieldProblem;
import dev.shipshape.policy.WorkloadKinds;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admission HTTPS server: {@code POST /validate/enforce}, {@code /validate/advisory} and {@code /mutate}
 * take AdmissionReviews of workloads, {@code /validate/policies} those of HardeningPolicies and HardeningExemptions. It starts with the first serving certificate and swaps certificates without a
 * restart. Unreadable reviews get HTTP 400 with a JSON error; the server keeps serving. With
 * {@code shipshape.webhook.floor-endpoint} it also serves {@code POST /floor}, which reads a review and allows
 * it without deciding anything: the floor the load benchmark compares the webhooks with.
 * <p>
 * TLS is limited to 1.2 and 1.3, and under 1.2 to suites with forward secrecy and authenticated encryption, whichever
 * certificate is served; connections without traffic for {@code shipshape.webhook.idle-timeout} are closed.
 * <p>
 * Bodies over {@link #LARGE_REVIEW_BYTES} together take at most {@code shipshape.webhook.held-body-bytes}: the next
 * is left unread until earlier ones are answered, so memory does not grow with the number of clients sending them.
 */
@ApplicationScoped
public class AdmissionServer {

    private static final Logger LOG = Logger.getLogger(AdmissionServer.class);
    private static final String JSON = "application/json";
    static final String FLOOR_PATH = "/floor";
    private static final Set<String> OWN_KINDS = Set.of(HardeningPolicy.KIND, HardeningExemption.KIND);
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
    /**
     * Reviews with larger bodies are decided one at a time on a thread of their own, so that no more than one
     * large parsed object is in memory at once; smaller ones, nearly all, are decided on the event loops.
     */
    static final int LARGE_REVIEW_BYTES = 128 * 1024;
    /** In order of preference: the TLS 1.3 suites, then ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2. */
    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final Vertx vertx;
    private final OperatorConfig config;
    private final PolicyCache policies;
    private final NamespaceCache namespaces;
    private final OwnerLookup owners;
    private final AdmissionMetrics metrics;
    private final WorkerExecutor largeReviews;
    private final BodyBudget largeBodies;
    private final AdmissionDecider decider;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private String deployment;
    private int port = -1;

    public AdmissionServer(Vertx vertx, OperatorConfig config, PolicyCache policies, NamespaceCache namespaces,
                           OwnerLookup owners, AdmissionMetrics metrics, WorkloadKinds kinds) {
        this.vertx = vertx;
        this.config = config;
        this.policies = policies;
        this.namespaces = namespaces;
        this.owners = owners;
        this.metrics = metrics;
        this.decider = new AdmissionDecider(excludedNamespaces(config), config.webhook().maxContainers(), kinds);
        this.largeReviews = vertx.createSharedWorkerExecutor("shipshape-large-reviews", 1);
        if (config.webhook().heldBodyBytes() < config.webhook().maxBodyBytes()) {
            throw new IllegalArgumentException("shipshape.webhook.held-body-bytes (" + config.webhook().heldBodyBytes()
                    + ") must be at least shipshape.webhook.max-body-bytes (" + config.webhook().maxBodyBytes()
                    + "), or a review of the largest accepted size would wait for ever");
        }
        this.largeBodies = new BodyBudget(config.webhook().heldBodyBytes());
        metrics.watch(largeBodies);
    }

    /** Starts serving with this certificate, or switches a running server to it. */
    public synchronized void useCertificate(String certificatePem, String privateKeyPem) {
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(certificatePem))
                .setKeyValue(Buffer.buffer(privateKeyPem));
        if (!servers.isEmpty()) {
            // Options given here replace those the server started with, so they restrict TLS the same way.
            SSLOptions ssl = new SSLOptions().setKeyCertOptions(keyCert).setEnabledSecureTransportProtocols(PROTOCOLS);
            CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
            // The servers share one listening socket and its TLS setup: updating one updates them all.
            await(servers.get(0).updateSSLOptions(ssl).toCompletionStage());
            LOG.info("admission server switched to a new certificate");
            return;
        }
        // Vert.x shares a port among the servers listening on it; a negative port is a shared random one.
        int sharedPort = config.webhook().port() == 0 ? -1 : config.webhook().port();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.webhook().host())
                .setPort(sharedPort)
                .setSsl(true)
                .setKeyCertOptions(keyCert)
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setIdleTimeout(Math.toIntExact(config.webhook().idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16384);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        int eventLoops = config.webhook().eventLoops().orElse(Runtime.getRuntime().availableProcessors());
        deployment = await(vertx.deployVerticle(() -> new Listener(options),
                new DeploymentOptions().setInstances(eventLoops)).toCompletionStage());
        port = servers.get(0).actualPort();
        LOG.infof("admission server listening on https://%s:%d with %d event loops", config.webhook().host(), port,
                servers.size());
    }

    /** The port the server listens on, or -1 before it has a certificate. */
    public synchronized int port() {
        return port;
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    /** Stops serving; the next certificate starts the server again. */
    public synchronized void close() {
        if (deployment != null) {
            await(vertx.undeploy(deployment).toCompletionStage());
        }
        deployment = null;
        servers.clear();
        port = -1;
    }

    /** One server on an event loop of its own; Vert.x spreads the connections to the port over all of them. */
    private final class Listener extends AbstractVerticle {
        private final HttpServerOptions options;

        Listener(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(options).requestHandler(AdmissionServer.this::handle).listen()
                    .onSuccess(server -> {
                        servers.add(server);
                        started.complete();
                    })
                    .onFailure(started::fail);
        }
    }

    private void handle(HttpServerRequest request) {
        WebhookKind webhook = webhookFor(request.path());
        boolean floor = webhook == null && config.webhook().floorEndpoint() && FLOOR_PATH.equals(request.path());
        if (webhook == null && !floor) {
            reject(request, 404, "no admission webhook at " + request.path()
                    + "; use /validate/enforce, /validate/advisory, /mutate or /validate/policies");
            return;
        }
        if (request.method() != HttpMethod.POST) {
            reject(request, 405, request.method() + " is not supported; POST an AdmissionReview");
            return;
        }
        int limit = config.webhook().maxBodyBytes();
        String length = request.getHeader("Content-Length");
        long declaredLength = length == null ? -1 : parseLength(length);
        if (declaredLength > limit) {
            refuseOversized(request, "the body has " + length + " bytes; at most " + limit + " are accepted", 0);
            return;
        }
        long started = System.nanoTime();
        RequestBody body = new RequestBody(declaredLength, limit);
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (!tooLarge[0] && !body.append(chunk)) {
                tooLarge[0] = true;
                refuseOversized(request, "the body has more than " + limit + " bytes", body.length());
            }
        });
        request.endHandler(end -> {
            if (tooLarge[0]) {
                return;
            }
            if (floor) {
                allowUnread(request, body.bytes());
            } else {
                review(request, webhook, body.bytes(), started);
            }
        });
        if (declaredLength < 0 || declaredLength > LARGE_REVIEW_BYTES) {
            waitForRoom(request, declaredLength < 0 ? limit : declaredLength);
        }
    }

    /** Reads the body of a large review only once the budget of held body bytes has room for it. */
    private void waitForRoom(HttpServerRequest request, long bytes) {
        request.pause();
        Context context = vertx.getOrCreateContext();
        BodyBudget.Claim claim = largeBodies.claim(bytes, () -> context.runOnContext(resume -> request.resume()));
        request.response().endHandler(ended -> claim.release());
        request.response().closeHandler(closed -> claim.release());
    }

    private void review(HttpServerRequest request, WebhookKind webhook, byte[] body, long started) {
        if (body.length <= LARGE_REVIEW_BYTES) {
            send(request, answer(webhook, body, started));
            return;
        }
        largeReviews.executeBlocking(() -> answer(webhook, body, started), true).onComplete(done -> send(request,
                done.succeeded() ? done.result() : failed(webhook, done.cause(), started)));
    }

    private Answer answer(WebhookKind webhook, byte[] body, long started) {
        try {
            AdmissionRequest admission = AdmissionReviews.read(body);
            if (!webhook.reviewsWorkloads()) {
                return answerPolicy(admission, started);
            }
            AdmissionOutcome outcome = decider.decide(webhook, admission, policies.policies(webhook),
                    namespaces, owners, Instant.now());
            byte[] response = AdmissionReviews.response(admission.uid(), outcome);
            if (!admission.dryRun()) {
                metrics.recordFindings(webhook, outcome.findings());
                metrics.record(webhook, admission.operation(), outcome.kind(), outcome.decision(),
                        System.nanoTime() - started);
            }
            return new Answer(200, response);
        } catch (BadReviewException e) {
            metrics.record(webhook, "other", "other", Decision.INVALID, System.nanoTime() - started);
            return new Answer(400, AdmissionReviews.error(e.getMessage()));
        } catch (RuntimeException e) {
            return failed(webhook, e, started);
        }
    }

    private Answer answerPolicy(AdmissionRequest admission, long started) {
        List<FieldProblem> problems = PolicyReview.problems(admission,
                policies.synced() ? policies.validPolicies() : null);
        String objectKind = admission.object() == null ? "" : admission.object().path("kind").asText();
        String kind = OWN_KINDS.contains(objectKind) ? objectKind : "other";
        byte[] response = problems.isEmpty()
                ? AdmissionReviews.response(admission.uid(), AdmissionOutcome.skipped(kind))
                : AdmissionReviews.invalid(admission.uid(), kind,
                        admission.object().path("metadata").path("name").asText(""), problems);
        if (!admission.dryRun()) {
            metrics.record(WebhookKind.POLICIES, admission.operation(), kind,
                    problems.isEmpty() ? Decision.ALLOWED : Decision.DENIED, System.nanoTime() - started);
        }
        return new Answer(200, response);
    }

    private Answer failed(WebhookKind webhook, Throwable failure, long started) {
        LOG.errorf(failure, "admission review failed");
        metrics.record(webhook, "other", "other", Decision.INVALID, System.nanoTime() - started);
        return new Answer(500, AdmissionReviews.error("internal error while reviewing: "
                + failure.getClass().getSimpleName()));
    }

    private static void send(HttpServerRequest request, Answer answer) {
        if (!request.response().ended()) {
            request.response().setStatusCode(answer.status()).putHeader("Content-Type", JSON)
                    .end(Buffer.buffer(answer.body()));
        }
    }

    /** An HTTP status and the JSON body that goes with it. */
    private record Answer(int status, byte[] body) {
    }

    private static void allowUnread(HttpServerRequest request, byte[] body) {
        try {
            AdmissionRequest admission = AdmissionReviews.read(body);
            AdmissionOutcome allowed = AdmissionOutcome.skipped("other");
            send(request, new Answer(200, AdmissionReviews.response(admission.uid(), allowed)));
        } catch (BadReviewException e) {
            reject(request, 400, e.getMessage());
        }
    }

    /**
     * Answers 400 at once and reads the rest of the body without keeping it, so the client, still sending,
     * gets the answer instead of a reset; a body far beyond the limit ends the connection.
     */
    private void refuseOversized(HttpServerRequest request, String message, long alreadyRead) {
        request.response().putHeader("Connection", "close");
        reject(request, 400, message);
        long[] read = {alreadyRead};
        long drainLimit = 4L * config.webhook().maxBodyBytes();
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > drainLimit) {
                request.connection().close();
            }
        });
    }

    private static WebhookKind webhookFor(String path) {
        for (WebhookKind webhook : WebhookKind.values()) {
            if (webhook.path().equals(path)) {
                return webhook;
            }
        }
        return null;
    }

    private static long parseLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void reject(HttpServerRequest request, int status, String message) {
        send(request, new Answer(status, AdmissionReviews.error(message)));
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the admission server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("admission server: " + e.getMessage(), e);
        }
    }

    /** The namespaces admission never reviews: the operator's own, kube-system and those configured. */
    public static Set<String> excludedNamespaces(OperatorConfig config) {
        Set<String> excluded = new HashSet<>();
        excluded.add(config.namespace());
        excluded.add("kube-system");
        config.webhook().excludedNamespaces().ifPresent(excluded::addAll);
        return Set.copyOf(excluded);
    }
}
