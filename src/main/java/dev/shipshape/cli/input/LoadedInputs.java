package dev.shipshape.cli.input;

import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a command, read and parsed whole; each file carries its own parse problems.
 *
 * @param files every input that could be found, in argument order
 * @param pathProblems arguments that name nothing readable
 */
public record LoadedInputs(List<ManifestFile> files, List<InputProblem> pathProblems) {

    public static LoadedInputs load(List<String> arguments, InputOptions options, CliContext context) {
        List<InputProblem> pathProblems = new ArrayList<>();
        List<ManifestFile> files = new ArrayList<>();
        for (InputSource source : InputFiles.expand(arguments, options, context, pathProblems)) {
            files.add(ManifestLoader.load(source, options, context));
        }
        return new LoadedInputs(List.copyOf(files), List.copyOf(pathProblems));
    }

    /**
     * The inputs of a command, read but not parsed: parsing them one document at a time keeps memory flat.
     *
     * @param contents every input that could be found, in argument order
     * @param pathProblems arguments that name nothing readable
     */
    public record Contents(List<ManifestLoader.InputContent> contents, List<InputProblem> pathProblems) {

        public static Contents read(List<String> arguments, InputOptions options, CliContext context) {
            List<InputProblem> pathProblems = new ArrayList<>();
            List<ManifestLoader.InputContent> contents = new ArrayList<>();
            for (InputSource source : InputFiles.expand(arguments, options, context, pathProblems)) {
                contents.add(ManifestLoader.InputContent.read(source, options, context));
            }
            return new Contents(List.copyOf(contents), List.copyOf(pathProblems));
        }
    }
}
