package dev.shipshape.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Dockerfile: its build stages in order, each with its instructions, every one with its lines.
 *
 * @param stages the stages, from the first {@code FROM} on
 * @param globalArgs the {@code ARG}s before the first {@code FROM}, by name, with their defaults (null when none):
 *                   what {@code FROM} lines may refer to
 * @param syntax the {@code # syntax=} directive, or null
 * @param escape the escape character ({@code \} unless an {@code # escape=} directive says otherwise)
 */
public record Dockerfile(List<Stage> stages, Map<String, String> globalArgs, String syntax, char escape) {

    public Dockerfile {
        stages = List.copyOf(stages);
        globalArgs = Collections.unmodifiableMap(new LinkedHashMap<>(globalArgs));
    }

    /** The stage the image is built from: the last one. */
    public Stage finalStage() {
        return stages.isEmpty() ? null : stages.get(stages.size() - 1);
    }

    /** The stage named {@code name} ({@code FROM ... AS name}), or the one at that index. */
    public Stage stage(String name) {
        for (Stage stage : stages) {
            if (name.equalsIgnoreCase(stage.name())) {
                return stage;
            }
        }
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            int index = Integer.parseInt(name);
            return index < stages.size() ? stages.get(index) : null;
        }
        return null;
    }

    /**
     * One build stage.
     *
     * @param index its position, from 0
     * @param from the {@code FROM} instruction
     * @param image the base image with build arguments substituted, as written otherwise
     * @param name its {@code AS} name, or null
     * @param instructions the instructions after {@code FROM}, in order
     */
    public record Stage(int index, Instruction from, String image, String name, List<Instruction> instructions) {

        public Stage {
            instructions = List.copyOf(instructions);
        }

        /** The instructions with this keyword (upper case), in order. */
        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }

        /** The last instruction with this keyword, or null. */
        public Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    /**
     * One instruction.
     *
     * @param keyword the instruction, upper case ({@code RUN}, {@code USER}, ...)
     * @param flags its {@code --name=value} flags ({@code --from}, {@code --mount}, {@code --chown}, ...), in order
     * @param arguments the rest of the line after the flags, continuations joined and comment lines inside them
     *                  removed, as written
     * @param expanded {@code arguments} with build arguments and environment variables substituted, for the
     *                 instructions Docker substitutes them in ({@code FROM}, {@code USER}, {@code ENV}, {@code COPY},
     *                 ...); as written for the others ({@code RUN}, {@code CMD}, whose shell substitutes at run time)
     * @param json the arguments of the JSON (exec) form, or null for the shell form
     * @param heredocs the here-documents the instruction carries, in order
     * @param line the 1-based line the instruction starts on
     * @param endLine the 1-based line it ends on, here-documents included
     */
    public record Instruction(String keyword, List<Flag> flags, String arguments, String expanded,
                              List<String> json, List<Heredoc> heredocs, int line, int endLine) {

        public Instruction {
            flags = List.copyOf(flags);
            json = json == null ? null : List.copyOf(json);
            heredocs = List.copyOf(heredocs);
        }

        /** The value of the first flag called {@code name} (without dashes), or null. */
        public String flag(String name) {
            for (Flag flag : flags) {
                if (flag.name().equals(name)) {
                    return flag.value();
                }
            }
            return null;
        }

        /** The command as a shell would see it: the shell form, or the JSON form's words joined with spaces. */
        public String command() {
            String command = json != null ? String.join(" ", json) : arguments;
            StringBuilder all = new StringBuilder(command);
            heredocs.forEach(heredoc -> all.append('\n').append(heredoc.body()));
            return all.toString();
        }
    }

    /** A {@code --name=value} flag of an instruction. */
    public record Flag(String name, String value) {
    }

    /**
     * A here-document ({@code <<EOF}).
     *
     * @param delimiter the word that ends it
     * @param body its lines, joined with line breaks
     * @param line the 1-based line of its first body line
     */
    public record Heredoc(String delimiter, String body, int line) {
    }
}
