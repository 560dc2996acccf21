package dev.shipshape.cli.input;

import java.util.List;

/** Input that cannot be used at all; the command reports the problems and exits with status 2. */
public class InputException extends Exception {

    private final List<InputProblem> problems;

    public InputException(List<InputProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0).format());
        this.problems = List.copyOf(problems);
    }

    public InputException(InputProblem problem) {
        this(List.of(problem));
    }

    public List<InputProblem> problems() {
        return problems;
    }
}
