package dev.shipshape.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on a running Shipshape admission server over HTTPS with keep-alive, from its own JVM: for each scenario
 * (an endpoint and a review), the throughput at saturation with a fixed number of connections each sending
 * back to back, then the latency percentiles at fixed request rates. At fixed rates requests are sent on a
 * schedule whatever the server does, and latency counts from the time a request was due (so a stalled server
 * cannot hide its stall). Every answer is checked: a wrong status or decision counts as an error.
 *
 * <p>{@code make bench-webhook} starts the local control plane and the operator with its floor endpoint and
 * runs this; see docs/benchmarks.md.
 */
@Command(name = "webhook-load", mixinStandardHelpOptions = true,
        description = "Load a running Shipshape admission server and print throughput and latency percentiles.")
public final class WebhookLoad implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    @Option(names = "--target", defaultValue = "https://127.0.0.1:8443",
            description = "Base URL of the admission server (its certificate is not verified). Default: ${DEFAULT-VALUE}")
    URI target;

    @Option(names = "--compliant", required = true,
            description = "A compliant workload as the API server sends it (JSON or YAML)")
    Path compliant;

    @Option(names = "--violating", required = true,
            description = "A violating workload as the API server sends it (JSON or YAML)")
    Path violating;

    @Option(names = "--namespace", defaultValue = "shop", description = "Namespace of the reviewed workloads")
    String namespace;

    @Option(names = "--scenarios", split = ",",
            defaultValue = "floor,enforce-compliant,enforce-violating,advisory-violating,mutate-violating",
            description = "Scenarios to run, in order: ${COMPLETION-CANDIDATES}")
    List<Scenario> scenarios;

    @Option(names = "--connections", split = ",", defaultValue = "4,32",
            description = "Connections for the saturation runs, each sending back to back. Default: ${DEFAULT-VALUE}")
    List<Integer> saturationConnections;

    @Option(names = "--rates", split = ",", defaultValue = "1000,2500,5000",
            description = "Fixed request rates per second. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;

    @Option(names = "--repeat", defaultValue = "3",
            description = "Runs of each fixed rate, each reported, since one stall of the machine can move a"
                    + " percentile. Default: ${DEFAULT-VALUE}")
    int repeat;

    @Option(names = "--rate-connections", defaultValue = "16",
            description = "Connections the fixed-rate runs may open. Default: ${DEFAULT-VALUE}")
    int rateConnections;

    @Option(names = "--jit-warmup", defaultValue = "15",
            description = "Seconds of unrecorded saturation per scenario before the first run, so both JVMs have"
                    + " compiled their hot code. Default: ${DEFAULT-VALUE}")
    int jitWarmupSeconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds of unrecorded load before each run")
    int warmupSeconds;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds recorded in each run")
    int durationSeconds;

    @Option(names = "--metrics", description = "The operator's /q/metrics, to report the time spent in the handler")
    URI metrics;

    @Option(names = "--server-pid", description = "The operator's process id, to report its CPU time per review")
    Long serverPid;

    @Option(names = "--skip-saturation", description = "Run only the fixed rates")
    boolean skipSaturation;

    @Option(names = "--rss-every", defaultValue = "0", description = "With --server-pid: sample the operator's RSS "
            + "every this many seconds during each fixed-rate run and report it over time (a soak). Default: off")
    int rssEverySeconds;

    @Option(names = "--report", description = "Also write the results table (Markdown) to this file")
    Path report;

    private Vertx vertx;
    private final List<String> rssReports = new ArrayList<>();
    private Context context;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WebhookLoad()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true).execute(args));
    }

    /** An endpoint, the review sent to it and what a right answer looks like. */
    enum Scenario {
        FLOOR("/floor", false, "\"allowed\":true", "parse the review and allow it"),
        ENFORCE_COMPLIANT("/validate/enforce", true, "\"allowed\":true", "enforce, compliant Deployment: allowed"),
        ENFORCE_VIOLATING("/validate/enforce", false, "\"allowed\":false", "enforce, violating Deployment: denied with the message"),
        ADVISORY_VIOLATING("/validate/advisory", false, "\"warnings\":[", "advisory, violating Deployment: allowed with warnings"),
        MUTATE_VIOLATING("/mutate", false, "\"patchType\":\"JSONPatch\"", "mutate, violating Deployment: JSON patch");

        final String path;
        final boolean compliantWorkload;
        final byte[] expected;
        final String description;

        Scenario(String path, boolean compliantWorkload, String expected, String description) {
            this.path = path;
            this.compliantWorkload = compliantWorkload;
            this.expected = expected.getBytes(StandardCharsets.US_ASCII);
            this.description = description;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What one run measured. */
    record Result(Scenario scenario, String load, long answered, long errors, double seconds, Histogram latency,
                  Histogram serviceTime, Double handlerMicros, Double cpuMicrosPerReview) {

        double throughput() {
            return answered / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        byte[] compliantReview = review(compliant);
        byte[] violatingReview = review(violating);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        context = vertx.getOrCreateContext();
        List<Result> results = new ArrayList<>();
        try {
            for (Scenario scenario : scenarios) {
                Buffer body = Buffer.buffer(scenario.compliantWorkload ? compliantReview : violatingReview);
                System.out.printf("warming up: %s for %d s%n", scenario, jitWarmupSeconds);
                run(scenario, body, Collections.max(saturationConnections), jitWarmupSeconds, 0);
            }
            for (Scenario scenario : scenarios) {
                Buffer body = Buffer.buffer(scenario.compliantWorkload ? compliantReview : violatingReview);
                for (int connections : skipSaturation ? List.<Integer>of() : saturationConnections) {
                    results.add(print(saturate(scenario, body, connections)));
                }
                for (int rate : rates) {
                    for (int run = 1; run <= repeat; run++) {
                        results.add(print(fixedRate(scenario, body, rate, run)));
                    }
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        String table = table(results) + String.join("", rssReports);
        System.out.println();
        System.out.print(table);
        if (report != null) {
            Files.writeString(report, table);
        }
        long errors = results.stream().mapToLong(Result::errors).sum();
        return errors == 0 ? 0 : 1;
    }

    /** An AdmissionReview CREATE of {@code workloadFile} in {@link #namespace}. */
    private byte[] review(Path workloadFile) throws IOException {
        JsonNode workload = new YAMLMapper().readTree(workloadFile.toFile());
        String apiVersion = workload.path("apiVersion").asText();
        String kind = workload.path("kind").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String resource = kind.toLowerCase(Locale.ROOT) + "s";
        ((ObjectNode) workload.path("metadata")).put("namespace", namespace);

        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "0f5b6c1e-3a51-4bb7-9d4e-6a5b1c0d2e3f");
        ObjectNode gvk = request.putObject("kind");
        gvk.put("group", group).put("version", version).put("kind", kind);
        ObjectNode gvr = request.putObject("resource");
        gvr.put("group", group).put("version", version).put("resource", resource);
        request.set("requestKind", gvk.deepCopy());
        request.set("requestResource", gvr.deepCopy());
        request.put("name", workload.path("metadata").path("name").asText());
        request.put("namespace", namespace);
        request.put("operation", "CREATE");
        ObjectNode user = request.putObject("userInfo");
        user.put("username", "kubernetes-admin");
        user.putArray("groups").add("system:masters").add("system:authenticated");
        request.set("object", workload);
        request.putNull("oldObject");
        request.put("dryRun", false);
        request.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", "CreateOptions")
                .put("fieldManager", "kubectl-client-side-apply");
        return JSON.writeValueAsBytes(review);
    }

    /** {@code connections} connections, each sending the next request as soon as the previous is answered. */
    private Result saturate(Scenario scenario, Buffer body, int connections) throws Exception {
        return run(scenario, body, connections, warmupSeconds, durationSeconds);
    }

    private Result run(Scenario scenario, Buffer body, int connections, int unrecordedSeconds, int recordedSeconds)
            throws Exception {
        HttpClient client = client(connections);
        Histogram latency = histogram();
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(unrecordedSeconds);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(recordedSeconds);
        CountDownLatch stopped = new CountDownLatch(connections);
        Probe probe = new Probe(scenario);
        context.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                loop(client, scenario, body, measureFrom, measureTo, latency, answered, errors, stopped);
            }
        });
        sleepUntil(measureFrom);
        probe.begin();
        if (!stopped.await(recordedSeconds + unrecordedSeconds + 30L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 30 s after the end of the run");
        }
        probe.end();
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(scenario, "saturation, " + connections + " connections", answered.get(), errors.get(),
                recordedSeconds, latency, latency, probe.handlerMicros(), probe.cpuMicrosPerReview(answered.get()));
    }

    private void loop(HttpClient client, Scenario scenario, Buffer body, long measureFrom, long measureTo,
                      Histogram latency, AtomicLong answered, AtomicLong errors, CountDownLatch stopped) {
        long sent = System.nanoTime();
        if (sent >= measureTo) {
            stopped.countDown();
            return;
        }
        send(client, scenario, body, right -> {
            long done = System.nanoTime();
            if (sent >= measureFrom && done <= measureTo) {
                if (right) {
                    answered.incrementAndGet();
                    latency.recordValue(done - sent);
                } else {
                    errors.incrementAndGet();
                }
            }
            loop(client, scenario, body, measureFrom, measureTo, latency, answered, errors, stopped);
        });
    }

    /**
     * {@code rate} requests a second on a schedule kept by a thread of its own; latency counts from when each
     * request was due, service time from when it was actually sent.
     */
    private Result fixedRate(Scenario scenario, Buffer body, int rate, int run) throws Exception {
        HttpClient client = client(rateConnections);
        Histogram latency = histogram();
        Histogram serviceTime = histogram();
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long interval = NANOS_PER_SECOND / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        long total = (measureTo - start) / interval;
        CountDownLatch finished = new CountDownLatch(Math.toIntExact(total));
        Probe probe = new Probe(scenario);
        Thread scheduler = new Thread(() -> {
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                sleepUntil(due);
                context.runOnContext(v -> {
                    long sent = System.nanoTime();
                    send(client, scenario, body, right -> {
                        long done = System.nanoTime();
                        if (due >= measureFrom) {
                            if (right) {
                                answered.incrementAndGet();
                                latency.recordValue(done - due);
                                serviceTime.recordValue(done - sent);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                        finished.countDown();
                    });
                });
            }
        }, "webhook-load-scheduler");
        scheduler.start();
        sleepUntil(measureFrom);
        probe.begin();
        List<long[]> rss = sampleRss(measureFrom, measureTo);
        boolean allAnswered = finished.await(30, TimeUnit.SECONDS);
        probe.end();
        if (!rss.isEmpty()) {
            rssReports.add(rssReport(scenario + ", fixed " + rate + "/s", rss, answered.get() + errors.get()));
        }
        scheduler.join();
        if (!allAnswered) {
            errors.addAndGet(finished.getCount());
        }
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(scenario, String.format(Locale.ROOT, repeat == 1 ? "fixed %,d/s" : "fixed %,d/s, run %d", rate, run), answered.get(), errors.get(),
                durationSeconds, latency, serviceTime, probe.handlerMicros(), probe.cpuMicrosPerReview(answered.get()));
    }

    private interface Answer {
        void answered(boolean right);
    }

    /** Posts the review; the answer is right when it is a 200 carrying the scenario's expected decision. */
    private void send(HttpClient client, Scenario scenario, Buffer body, Answer answer) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(scenario.path)
                .putHeader("Content-Type", "application/json").setIdleTimeout(10_000);
        client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(received ->
                        response.statusCode() == 200 && contains(received, scenario.expected)))
                .onComplete(result -> answer.answered(result.succeeded() && result.result()));
    }

    private HttpClient client(int connections) {
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost(target.getHost()).setDefaultPort(target.getPort())
                .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setKeepAliveTimeout(300)
                .setTcpNoDelay(true);
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    private static boolean contains(Buffer haystack, byte[] needle) {
        byte[] bytes = haystack.getBytes();
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Histogram histogram() {
        Histogram histogram = new Histogram(3);
        histogram.setAutoResize(true);
        return histogram;
    }

    private static void sleepUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** The server's own view of a run: time in the review handler (from /q/metrics) and CPU time (from /proc). */
    private final class Probe {
        private final String webhook;
        private double[] handlerBefore;
        private double[] handlerAfter;
        private long cpuBefore;
        private long cpuAfter;

        Probe(Scenario scenario) {
            this.webhook = switch (scenario) {
                case FLOOR -> null;
                case ENFORCE_COMPLIANT, ENFORCE_VIOLATING -> "enforce";
                case ADVISORY_VIOLATING -> "advisory";
                case MUTATE_VIOLATING -> "mutate";
            };
        }

        void begin() {
            handlerBefore = handlerSumAndCount();
            cpuBefore = cpuTicks();
        }

        void end() {
            handlerAfter = handlerSumAndCount();
            cpuAfter = cpuTicks();
        }

        Double handlerMicros() {
            if (handlerBefore == null || handlerAfter == null || handlerAfter[1] == handlerBefore[1]) {
                return null;
            }
            return (handlerAfter[0] - handlerBefore[0]) / (handlerAfter[1] - handlerBefore[1]) * 1e6;
        }

        Double cpuMicrosPerReview(long reviews) {
            if (serverPid == null || reviews == 0) {
                return null;
            }
            return (cpuAfter - cpuBefore) * 1e6 / CLOCK_TICKS_PER_SECOND / reviews;
        }

        private double[] handlerSumAndCount() {
            if (metrics == null || webhook == null) {
                return null;
            }
            try {
                String scrape = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return new double[] {sample(scrape, "sum"), sample(scrape, "count")};
            } catch (IOException e) {
                throw new IllegalStateException("cannot scrape " + metrics + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scraping " + metrics, e);
            }
        }

        private double sample(String scrape, String suffix) {
            Matcher matcher = Pattern.compile("^shipshape_admission_review_duration_seconds_" + suffix
                    + "\\{[^}]*webhook=\"" + webhook + "\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
            if (!matcher.find()) {
                throw new IllegalStateException("no shipshape_admission_review_duration_seconds_" + suffix
                        + " for webhook " + webhook + " in " + metrics);
            }
            return Double.parseDouble(matcher.group(1));
        }

        private long cpuTicks() {
            if (serverPid == null) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc", serverPid.toString(), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the CPU time of process " + serverPid, e);
            }
        }
    }

    /** RSS of the server every {@link #rssEverySeconds} until {@code to}: pairs of (seconds since from, KiB). */
    private List<long[]> sampleRss(long from, long to) {
        List<long[]> samples = new ArrayList<>();
        if (rssEverySeconds <= 0 || serverPid == null) {
            sleepUntil(to);
            return samples;
        }
        for (long at = from; at <= to; at += TimeUnit.SECONDS.toNanos(rssEverySeconds)) {
            sleepUntil(at);
            samples.add(new long[] {TimeUnit.NANOSECONDS.toSeconds(at - from), rssKiB()});
        }
        sleepUntil(to);
        return samples;
    }

    private long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", serverPid.toString(), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for process " + serverPid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the RSS of process " + serverPid, e);
        }
    }

    /** The RSS samples of one run: first, lowest, highest, last, and the least-squares slope per 10 minutes. */
    private static String rssReport(String run, List<long[]> samples, long reviews) {
        double n = samples.size();
        double meanT = samples.stream().mapToDouble(sample -> sample[0]).sum() / n;
        double meanR = samples.stream().mapToDouble(sample -> sample[1]).sum() / n;
        double covariance = 0;
        double variance = 0;
        for (long[] sample : samples) {
            covariance += (sample[0] - meanT) * (sample[1] - meanR);
            variance += (sample[0] - meanT) * (sample[0] - meanT);
        }
        double slopeMiBPer10Minutes = variance == 0 ? 0 : covariance / variance * 600 / 1024;
        StringBuilder series = new StringBuilder();
        for (long[] sample : samples) {
            if (sample[0] % 60 == 0) {
                series.append(String.format(Locale.ROOT, " %d:%d", sample[0] / 60, sample[1] / 1024));
            }
        }
        return String.format(Locale.ROOT, """

                RSS of the operator during %s (%,d reviews), sampled every %d s:

                | first | lowest | highest | last | trend per 10 min | by minute (min:MiB) |
                |---:|---:|---:|---:|---:|---|
                | %d MiB | %d MiB | %d MiB | %d MiB | %+.1f MiB |%s |
                """, run, reviews, samples.size() > 1 ? samples.get(1)[0] - samples.get(0)[0] : 0,
                samples.get(0)[1] / 1024, samples.stream().mapToLong(sample -> sample[1]).min().orElse(0) / 1024,
                samples.stream().mapToLong(sample -> sample[1]).max().orElse(0) / 1024,
                samples.get(samples.size() - 1)[1] / 1024, slopeMiBPer10Minutes, series);
    }

    private static Result print(Result result) {
        System.out.printf(Locale.ROOT, "%-20s %-32s %9.0f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  errors %d%n",
                result.scenario(), result.load(), result.throughput(), millis(result.latency(), 50),
                millis(result.latency(), 99), millis(result.latency(), 99.9), result.errors());
        return result;
    }

    private static String table(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | load | answered/s | p50 ms | p99 ms | p99.9 ms | max ms | service p99 ms "
                + "| in handler µs | server CPU µs/review | errors |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result result : results) {
            table.append(String.format(Locale.ROOT,
                    "| %s | %s | %,.0f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s | %d |%n",
                    result.scenario(), result.load(), result.throughput(), millis(result.latency(), 50),
                    millis(result.latency(), 99), millis(result.latency(), 99.9),
                    result.latency().getMaxValue() / 1e6, millis(result.serviceTime(), 99),
                    result.handlerMicros() == null ? "–" : String.format(Locale.ROOT, "%.0f", result.handlerMicros()),
                    result.cpuMicrosPerReview() == null ? "–"
                            : String.format(Locale.ROOT, "%.0f", result.cpuMicrosPerReview()),
                    result.errors()));
        }
        return table.toString();
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
