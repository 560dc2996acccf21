package dev.shipshape.cli.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Turns the PATH arguments of a command into the inputs to read: files, folders (recursively) and stdin. */
public final class InputFiles {

    private static final List<String> MANIFEST_EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private InputFiles() {
    }

    /**
     * Every input named by {@code arguments}, in argument order; the files of a folder sorted by path, hidden
     * files and folders left out. A path that does not exist becomes a problem and is left out.
     */
    static List<InputSource> expand(List<String> arguments, CliContext context, List<InputProblem> problems) {
        Map<String, InputSource> inputs = new LinkedHashMap<>();
        for (String argument : arguments) {
            if ("-".equals(argument)) {
                inputs.putIfAbsent(InputSource.STDIN_NAME, InputSource.stdin());
                continue;
            }
            Path path = context.resolve(argument);
            if (Files.isDirectory(path)) {
                for (Path file : manifestsUnder(path, argument, problems)) {
                    InputSource source = source(file, path, context);
                    inputs.putIfAbsent(file.toString(), source);
                }
            } else if (Files.isRegularFile(path)) {
                InputSource source = source(path, path.getParent(), context);
                inputs.putIfAbsent(path.toString(), source);
            } else {
                problems.add(InputProblem.ofFile(argument, Files.exists(path)
                        ? "not a regular file or folder" : "no such file or folder"));
            }
        }
        return List.copyOf(inputs.values());
    }

    private static List<Path> manifestsUnder(Path folder, String argument, List<InputProblem> problems) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(InputFiles::isManifestFile)
                    .filter(file -> !isHidden(folder.relativize(file)))
                    .sorted(Comparator.comparing(file -> slashed(folder.relativize(file))))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(InputProblem.ofFile(argument, "cannot list folder: " + e.getMessage()));
            return List.of();
        }
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

    private static boolean isManifestFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return MANIFEST_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static InputSource source(Path file, Path argumentRoot, CliContext context) {
        Path relative = context.workingDirectory().relativize(file);
        Path outputPath = relative.startsWith("..") ? argumentRoot.relativize(file) : relative;
        return new InputSource(slashed(relative), file, outputPath);
    }

    public static String slashed(Path path) {
        return path.toString().replace('\\', '/');
    }
}
