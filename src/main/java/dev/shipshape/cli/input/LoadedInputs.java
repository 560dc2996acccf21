package dev.shipshape.cli.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a command, read and parsed; each file carries its own parse problems.
 *
 * @param files every input that could be found, in argument order
 * @param pathProblems arguments that name nothing readable
 */
public record LoadedInputs(List<ManifestFile> files, List<InputProblem> pathProblems) {

    public static LoadedInputs load(List<String> arguments, CliContext context) {
        List<InputProblem> pathProblems = new ArrayList<>();
        List<ManifestFile> files = new ArrayList<>();
        for (InputSource source : InputFiles.expand(arguments, context, pathProblems)) {
            files.add(ManifestLoader.load(source, context));
        }
        return new LoadedInputs(List.copyOf(files), List.copyOf(pathProblems));
    }
}
