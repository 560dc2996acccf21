package dev.shipshape.badinput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Feeds the bad-input corpus to the webhook's request path, the policy compiler and the CLI for a fixed time
 * ({@code make fuzz FUZZ_SECONDS=300}): the same generators and checks as the property tests, for as many inputs
 * as the time allows. Prints how many inputs each target got and what they did; every failing input is written
 * to the output folder, and any failure makes the exit status 1.
 *
 * <pre>BadInputFuzz [--seconds 300] [--out target/fuzz]</pre>
 */
public final class BadInputFuzz {

    private final Path out;

    private BadInputFuzz(Path out) {
        this.out = out;
    }

    /** One kind of input: where inputs come from, how each is checked, and its bytes for a failure report. */
    private record Target<T>(String name, Iterator<T> inputs, Function<T, Verdict> check, Function<T, byte[]> bytes) {
    }

    /** What one target did. */
    private static final class Tally {
        long inputs;
        long failures;
        long inputBytes;
        long slowestMillis;
        String slowest = "";
        long mostAllocated;
        long mostAllocatedInput;
        String mostAllocating = "";
        final Map<String, Long> outcomes = new TreeMap<>();

        void add(Object input, Verdict verdict) {
            inputs++;
            inputBytes += verdict.inputBytes();
            if (verdict.elapsed().toMillis() > slowestMillis) {
                slowestMillis = verdict.elapsed().toMillis();
                slowest = describe(input);
            }
            if (verdict.allocatedBytes() > mostAllocated) {
                mostAllocated = verdict.allocatedBytes();
                mostAllocatedInput = verdict.inputBytes();
                mostAllocating = describe(input);
            }
            outcomes.merge(verdict.outcome(), 1L, Long::sum);
            if (!verdict.ok()) {
                failures++;
            }
        }
    }

    public static void main(String[] args) {
        Duration budget = Duration.ofSeconds(300);
        Path out = Path.of("target", "fuzz");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> budget = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --seconds N and --out FOLDER");
            }
        }
        long failures = new BadInputFuzz(out).run(budget);
        System.exit(failures == 0 ? 0 : 1);
    }

    private long run(Duration budget) {
        Path manifestSpace = ManifestCorpus.workspace();
        Path policySpace = PolicyCorpus.workspace();
        try {
            List<Target<?>> targets = List.of(
                    new Target<>("admission reviews", AdmissionCorpus.reviews().sampleStream().iterator(),
                            review -> AdmissionCorpus.check(review.bytes()), MutatedJson::bytes),
                    new Target<>("policy specs", PolicyCorpus.specs().sampleStream().iterator(),
                            spec -> PolicyCorpus.check(spec.spec()),
                            spec -> PolicyCorpus.json(spec.spec()).getBytes(StandardCharsets.UTF_8)),
                    new Target<>("YAML policies", PolicyCorpus.yamlPolicyFiles().sampleStream().iterator(),
                            policy -> PolicyCorpus.checkFile(policySpace, "policy.yaml", policy.bytes()),
                            MutatedText::bytes),
                    new Target<>("JSON policies", PolicyCorpus.jsonPolicyFiles().sampleStream().iterator(),
                            policy -> PolicyCorpus.checkFile(policySpace, "policy.json", policy.bytes()),
                            MutatedJson::bytes),
                    new Target<>("YAML manifests", ManifestCorpus.yamlFiles().sampleStream().iterator(),
                            file -> ManifestCorpus.check(manifestSpace, "bad.yaml", file.bytes()), MutatedText::bytes),
                    new Target<>("JSON manifests", ManifestCorpus.jsonFiles().sampleStream().iterator(),
                            file -> ManifestCorpus.check(manifestSpace, "bad.json", file.bytes()), MutatedJson::bytes));
            Map<String, Tally> tallies = new TreeMap<>();
            targets.forEach(target -> tallies.put(target.name(), new Tally()));
            System.out.printf("fuzzing for %d s: %d generated inputs in turn to %s; failures to %s%n",
                    budget.toSeconds(), targets.size(), String.join(", ", tallies.keySet()), out);
            long deadline = System.nanoTime() + budget.toNanos();
            long started = System.nanoTime();
            long failures = 0;
            for (long round = 0; System.nanoTime() < deadline; round++) {
                Target<?> target = targets.get((int) (round % targets.size()));
                failures += fuzzOne(target, tallies.get(target.name()));
            }
            report(tallies, Duration.ofNanos(System.nanoTime() - started));
            return failures;
        } finally {
            Cli.deleteRecursively(manifestSpace);
            Cli.deleteRecursively(policySpace);
        }
    }

    private <T> long fuzzOne(Target<T> target, Tally tally) {
        T input = target.inputs().next();
        Verdict verdict = target.check().apply(input);
        tally.add(input, verdict);
        if (verdict.ok()) {
            return 0;
        }
        String name = target.name().replace(' ', '-') + "-" + tally.inputs;
        try {
            Files.createDirectories(out);
            Files.write(out.resolve(name + ".input"), target.bytes().apply(input));
            Files.writeString(out.resolve(name + ".txt"), input + "\n\n" + verdict.describe() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("FAILED %s: %s%n  %s%n", name, Verdict.abbreviate(String.valueOf(input)),
                verdict.describe().replace("\n", "\n  "));
        return 1;
    }

    private static void report(Map<String, Tally> tallies, Duration elapsed) {
        long inputs = 0;
        long failures = 0;
        System.out.printf("%n%-18s %8s %9s %10s %9s %22s%n", "target", "inputs", "failures", "MiB read", "slowest",
                "most allocated (input)");
        for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            inputs += tally.inputs;
            failures += tally.failures;
            System.out.printf(Locale.ROOT, "%-18s %8d %9d %10.1f %6d ms %10.1f MiB (%s)%n", entry.getKey(),
                    tally.inputs, tally.failures, tally.inputBytes / 1048576.0, tally.slowestMillis,
                    tally.mostAllocated / 1048576.0, size(tally.mostAllocatedInput));
        }
        System.out.println();
        tallies.forEach((name, tally) -> System.out.printf("%s: %s%n  slowest: %s%n  most allocating: %s%n", name,
                tally.outcomes, tally.slowest, tally.mostAllocating));
        System.out.printf("%n%d inputs in %d s, %d failures%n", inputs, elapsed.toSeconds(), failures);
    }

    private static String describe(Object input) {
        String text = String.valueOf(input);
        return Verdict.abbreviate(text.length() <= 160 ? text : text.substring(0, 160) + "...");
    }

    private static String size(long bytes) {
        return bytes >= 1048576 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " B";
    }
}
