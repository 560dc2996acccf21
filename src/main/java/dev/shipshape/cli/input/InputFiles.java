package dev.shipshape.cli.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the PATH arguments of a command into the inputs to read: files, folders (recursively), Helm charts (a
 * folder with a {@code Chart.yaml}, rendered rather than read), streams ({@code -}, FIFOs, {@code <(...)}).
 */
public final class InputFiles {

    private static final List<String> MANIFEST_EXTENSIONS = List.of(".yaml", ".yml", ".json");
    static final String CHART_FILE = "Chart.yaml";

    private InputFiles() {
    }

    static List<InputSource> expand(List<String> arguments, CliContext context, List<InputProblem> problems) {
        return expand(arguments, InputOptions.NONE, context, problems);
    }

    /**
     * Every input named by {@code arguments}, in argument order; the files of a folder sorted by path, hidden
     * files and folders and {@code options}' excludes left out, a chart folder below it taken as a chart. A path
     * that names nothing readable becomes a problem and is left out.
     */
    static List<InputSource> expand(List<String> arguments, InputOptions options, CliContext context,
                                    List<InputProblem> problems) {
        Map<String, InputSource> inputs = new LinkedHashMap<>();
        for (String dockerfile : options.dockerfiles()) {
            Path path = context.resolve(dockerfile);
            if (Files.isReadable(path) && !Files.isDirectory(path)) {
                inputs.put(path.toString(), source(path, path.getParent(), context, problems).asDockerfile());
            } else {
                problems.add(InputProblem.ofFile(dockerfile, "--dockerfile: " + (Files.isDirectory(path)
                        ? "a folder, not a Dockerfile" : "no such file, or not readable")));
            }
        }
        for (String argument : arguments) {
            if ("-".equals(argument)) {
                inputs.putIfAbsent(InputSource.STDIN_NAME, InputSource.stdin());
                continue;
            }
            Path path = context.resolve(argument);
            if (Files.isDirectory(path)) {
                for (Path found : manifestsUnder(path, argument, problems)) {
                    InputSource source = source(found, path, context, problems);
                    if (source != null && !options.excluded(source.name())
                            && !options.excluded(slashed(path.relativize(found)))) {
                        inputs.putIfAbsent(found.toString(), source);
                    }
                }
            } else if (Files.isReadable(path)) {
                // files, and streams such as FIFOs and the /dev/fd/N of a process substitution
                InputSource source = source(path, path.getParent(), context, problems);
                inputs.putIfAbsent(path.toString(), source);
            } else {
                problems.add(InputProblem.ofFile(argument, Files.exists(path)
                        ? "cannot be read (permission denied)" : "no such file or folder"));
            }
        }
        return List.copyOf(inputs.values());
    }

    /** The manifest files below a folder, and its chart folders in place of their files. */
    private static List<Path> manifestsUnder(Path folder, String argument, List<InputProblem> problems) {
        if (isChart(folder)) {
            return List.of(folder);
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory,
                        BasicFileAttributes attributes) {
                    if (!directory.equals(folder) && isHidden(folder.relativize(directory))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!directory.equals(folder) && isChart(directory)) {
                        found.add(directory);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file,
                        BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && (isManifestFile(file) || isDockerfile(file))
                            && !isHidden(folder.relativize(file))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            problems.add(InputProblem.ofFile(argument, "cannot list folder: " + e.getMessage()));
            return List.of();
        }
        found.sort(Comparator.comparing(file -> slashed(folder.relativize(file))));
        return found;
    }

    static boolean isChart(Path folder) {
        return Files.isRegularFile(folder.resolve(CHART_FILE));
    }

    /** True when a file or one of its folders below the folder argument is hidden, like .git or .github. */
    private static boolean isHidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** {@code Dockerfile}, {@code Containerfile}, {@code *.Dockerfile} and {@code Dockerfile.*} (but not YAML, JSON or text). */
    static boolean isDockerfile(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (isManifestFile(file) || lower.endsWith(".md") || lower.endsWith(".txt")
                || lower.endsWith(".dockerignore")) {
            return false;
        }
        return name.equals("Dockerfile") || name.equals("Containerfile") || lower.endsWith(".dockerfile")
                || name.startsWith("Dockerfile.") || name.startsWith("Containerfile.");
    }

    /** {@code compose.yaml}, {@code compose.yml}, {@code docker-compose*.yml} and {@code docker-compose*.yaml}. */
    static boolean isCompose(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals("compose.yaml") || name.equals("compose.yml") || name.startsWith("compose.")
                && (name.endsWith(".yaml") || name.endsWith(".yml")) || name.startsWith("docker-compose")
                && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return MANIFEST_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The input at {@code file}; for a chart, null when its name cannot be read (a problem says why). */
    private static InputSource source(Path file, Path argumentRoot, CliContext context, List<InputProblem> problems) {
        Path relative = context.workingDirectory().relativize(file);
        Path outputPath = argumentRoot == null ? file.getFileName()
                : relative.startsWith("..") ? argumentRoot.relativize(file) : relative;
        String name = relative.toString().isEmpty() ? "." : slashed(relative);
        if (Files.isDirectory(file)) {
            try {
                return new InputSource(name, file, outputPath, HelmCharts.chartName(file));
            } catch (InputException e) {
                problems.addAll(e.problems());
                return null;
            }
        }
        InputSource source = new InputSource(name, file, outputPath);
        return isDockerfile(file) ? source.asDockerfile() : isCompose(file) ? source.asCompose() : source;
    }

    public static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }
}
