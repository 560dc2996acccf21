package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.input.CliContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

/** Runs the CLI in-process with captured output, a fixed clock and a chosen working directory. */
public final class CliRunner {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private CliRunner() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(Path workingDirectory, String... args) {
        return runWithStdin(workingDirectory, "", args);
    }

    public static Result runWithStdin(Path workingDirectory, String stdin, String... args) {
        return run(new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), workingDirectory,
                false, CLOCK), args);
    }

    public static Result run(CliContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = ShipshapeCli.execute(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** The workload called {@code name} in a JSON report. */
    public static JsonNode workload(JsonNode report, String name) {
        for (JsonNode workload : report.get("workloads")) {
            if (workload.get("ref").get("name").asText().equals(name)) {
                return workload;
            }
        }
        throw new AssertionError("no workload " + name + " in " + report);
    }

    /** Copies the test resources under {@code cli/<folder>} of each folder into {@code target}, keeping their paths. */
    public static void copyFixtures(Path target, String... folders) {
        for (String folder : folders) {
            copyFolder(folder, target);
        }
    }

    private static void copyFolder(String folder, Path target) {
        try {
            Path source = Path.of(CliRunner.class.getResource("/cli/" + folder).toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = target.resolve(folder).resolve(source.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String resource(String path) {
        try {
            return Files.readString(Path.of(CliRunner.class.getResource("/cli/" + path).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
