package dev.shipshape.cli.input;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands take from their environment, so that tests can run them in-process.
 *
 * @param stdin where {@code -} reads from
 * @param workingDirectory what relative paths and report locations are relative to
 * @param colorTerminal whether stdout is a terminal that may get colors (and {@code NO_COLOR} is unset)
 * @param clock decides whether exemptions have expired
 * @param environment the environment variables, where {@code PATH} finds {@code helm}
 */
public record CliContext(InputStream stdin, Path workingDirectory, boolean colorTerminal, Clock clock,
                         Map<String, String> environment) {

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** A context with the process's environment variables. */
    public CliContext(InputStream stdin, Path workingDirectory, boolean colorTerminal, Clock clock) {
        this(stdin, workingDirectory, colorTerminal, clock, System.getenv());
    }

    public static CliContext system() {
        return new CliContext(System.in, Path.of("").toAbsolutePath(),
                isTerminal() && System.getenv("NO_COLOR") == null, Clock.systemUTC());
    }

    /** Resolves a path given on the command line against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on, System.console() exists even when output is redirected; Console.isTerminal() tells.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
