package dev.shipshape.badinput;

import dev.shipshape.cli.ShipshapeCli;
import dev.shipshape.cli.input.CliContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Runs the {@code shipshape} CLI in-process, as the CLI tests do, and checks what it says about bad files. */
final class Cli {

    private static final Clock CLOCK = Clock.fixed(AdmissionCorpus.NOW, ZoneOffset.UTC);
    private static final Pattern LOCATED = Pattern.compile("(\\d+):(\\d+): (.+)", Pattern.DOTALL);

    /** Problems that concern a whole file and so carry no line. */
    private static final List<String> WHOLE_FILE = List.of("no HardeningPolicy", "HardeningPolicy objects in the file",
            "larger than ");

    private Cli() {
    }

    record Result(int exitCode, String out, String err) {
    }

    static Result run(Path workingDirectory, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new ByteArrayInputStream(new byte[0]), workingDirectory, false, CLOCK);
        int exitCode = ShipshapeCli.execute(context, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), withoutNotes(err.toString()));
    }

    /** Standard error without its notes (lines starting {@code note: }), which inform and are not problems. */
    private static String withoutNotes(String err) {
        StringBuilder kept = new StringBuilder();
        for (String line : err.split("(?<=\n)")) {
            if (!line.startsWith("note: ")) {
                kept.append(line);
            }
        }
        return kept.toString();
    }

    /**
     * What is wrong with the error output about {@code file}: each line must be {@code file:line:column: message}
     * with a line inside the file (or {@code file: message} for a problem of the whole file), and nothing may be
     * reported as an internal error.
     */
    static List<String> problemsOfErrors(String err, String file, int fileLines) {
        List<String> problems = new ArrayList<>();
        if (err.contains("internal error")) {
            problems.add("internal error: " + Verdict.abbreviate(err));
            return problems;
        }
        for (String entry : entries(err, file, problems)) {
            String rest = entry.substring(file.length() + 1);
            Matcher located = LOCATED.matcher(rest);
            if (located.matches()) {
                int lineNumber = Integer.parseInt(located.group(1));
                if (lineNumber < 1 || lineNumber > fileLines + 1) {
                    problems.add("line " + lineNumber + " is outside the file (" + fileLines + " lines): "
                            + Verdict.abbreviate(entry));
                }
            } else if (WHOLE_FILE.stream().noneMatch(rest::contains)) {
                problems.add("an error without a line: " + Verdict.abbreviate(entry));
            }
        }
        return problems;
    }

    /** The reported problems: each starts a line with the file's name; a message may go on over more lines. */
    private static List<String> entries(String err, String file, List<String> problems) {
        List<String> entries = new ArrayList<>();
        for (String line : err.split("\n", -1)) {
            if (line.startsWith(file + ":")) {
                entries.add(line);
            } else if (!entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            } else if (!line.isEmpty()) {
                problems.add("an error that does not start with " + file + ": " + Verdict.abbreviate(line));
            }
        }
        return entries;
    }

    /** Lines of the text, counting every character YAML takes for a line break: an upper bound for a report. */
    static int lines(byte[] text) {
        String decoded = new String(text, StandardCharsets.UTF_8);
        int lines = 1;
        for (int i = 0; i < decoded.length(); i++) {
            if ("\n\r\u0085\u2028\u2029".indexOf(decoded.charAt(i)) >= 0) {
                lines++;
            }
        }
        return lines;
    }

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
