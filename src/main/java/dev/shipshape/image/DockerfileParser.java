package dev.shipshape.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile as BuildKit does: parser directives ({@code # syntax=}, {@code # escape=}), line continuations
 * (with comment lines inside them dropped), JSON and shell forms, here-documents, {@code --flags}, stages and their
 * names, and the substitution of build arguments and environment variables where Docker substitutes them. Pure: a
 * text in, a {@link Dockerfile} out.
 */
public final class DockerfileParser {

    /** Instructions whose arguments Docker substitutes variables in. */
    private static final Set<String> SUBSTITUTED = Set.of("ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL",
            "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DockerfileParser() {
    }

    /** A Dockerfile that cannot be read: names the line. */
    public static final class DockerfileException extends Exception {
        private final int line;

        DockerfileException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    public static Dockerfile parse(String text) throws DockerfileException {
        String[] lines = text.split("\\r?\\n|\\r", -1);
        String syntax = null;
        char escape = '\\';
        int index = 0;
        for (; index < lines.length; index++) {
            Matcher directive = DIRECTIVE.matcher(lines[index].strip());
            if (!directive.matches()) {
                break;
            }
            String name = directive.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("syntax")) {
                syntax = directive.group(2);
            } else if (name.equals("escape")) {
                String value = directive.group(2);
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new DockerfileException(index + 1, "escape directive must be \\ or `, not " + value);
                }
                escape = value.charAt(0);
            }
        }
        List<Dockerfile.Stage> stages = new ArrayList<>();
        Map<String, String> globalArgs = new LinkedHashMap<>();
        Map<String, String> scope = new LinkedHashMap<>();
        List<Dockerfile.Instruction> current = null;
        Dockerfile.Instruction from = null;
        String image = null;
        String name = null;
        while (index < lines.length) {
            String first = lines[index];
            String stripped = first.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                index++;
                continue;
            }
            int start = index;
            StringBuilder logical = new StringBuilder();
            String line = first;
            while (true) {
                String trimmed = line.stripTrailing();
                if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape) {
                    logical.append(trimmed, 0, trimmed.length() - 1);
                    index++;
                    while (index < lines.length && lines[index].strip().startsWith("#")) {
                        index++;
                    }
                    if (index >= lines.length) {
                        break;
                    }
                    line = lines[index];
                } else {
                    logical.append(line);
                    index++;
                    break;
                }
            }
            String instructionText = logical.toString().strip();
            int space = firstWhitespace(instructionText);
            String keyword = (space < 0 ? instructionText : instructionText.substring(0, space))
                    .toUpperCase(Locale.ROOT);
            String rest = space < 0 ? "" : instructionText.substring(space).strip();
            List<Dockerfile.Flag> flags = new ArrayList<>();
            while (rest.startsWith("--")) {
                int end = firstWhitespace(rest);
                String flag = end < 0 ? rest : rest.substring(0, end);
                int equals = flag.indexOf('=');
                flags.add(equals < 0 ? new Dockerfile.Flag(flag.substring(2), "")
                        : new Dockerfile.Flag(flag.substring(2, equals), unquote(flag.substring(equals + 1))));
                rest = end < 0 ? "" : rest.substring(end).strip();
            }
            List<Dockerfile.Heredoc> heredocs = new ArrayList<>();
            if (HEREDOC_INSTRUCTIONS.contains(keyword)) {
                Matcher heredoc = HEREDOC.matcher(rest);
                while (heredoc.find()) {
                    boolean stripTabs = !heredoc.group(1).isEmpty();
                    String delimiter = heredoc.group(3);
                    int bodyStart = index;
                    StringBuilder body = new StringBuilder();
                    boolean closed = false;
                    while (index < lines.length) {
                        String bodyLine = stripTabs ? lines[index].replaceFirst("^\\t+", "") : lines[index];
                        index++;
                        if (bodyLine.equals(delimiter)) {
                            closed = true;
                            break;
                        }
                        if (!body.isEmpty()) {
                            body.append('\n');
                        }
                        body.append(bodyLine);
                    }
                    if (!closed) {
                        throw new DockerfileException(start + 1, "here-document <<" + delimiter
                                + " is not closed by a line " + delimiter);
                    }
                    heredocs.add(new Dockerfile.Heredoc(delimiter, body.toString(), bodyStart + 1));
                }
            }
            List<String> json = jsonForm(rest);
            String expanded = SUBSTITUTED.contains(keyword)
                    ? substitute(rest, keyword.equals("FROM") ? globalArgs : scope, escape) : rest;
            Dockerfile.Instruction instruction = new Dockerfile.Instruction(keyword, flags, rest, expanded, json,
                    heredocs, start + 1, index);
            if (keyword.equals("FROM")) {
                if (current != null) {
                    stages.add(new Dockerfile.Stage(stages.size(), from, image, name, current));
                }
                String[] words = expanded.split("\\s+");
                if (words.length == 0 || words[0].isEmpty()) {
                    throw new DockerfileException(start + 1, "FROM needs an image");
                }
                from = instruction;
                image = words[0];
                name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                current = new ArrayList<>();
                scope = new LinkedHashMap<>();
                continue;
            }
            if (keyword.equals("ARG")) {
                for (Map.Entry<String, String> argument : keyValues(expanded, true).entrySet()) {
                    if (current == null) {
                        globalArgs.put(argument.getKey(), argument.getValue());
                    } else {
                        scope.put(argument.getKey(), argument.getValue() != null ? argument.getValue()
                                : globalArgs.get(argument.getKey()));
                    }
                }
            } else if (keyword.equals("ENV") && current != null) {
                scope.putAll(keyValues(expanded, false));
            }
            if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new DockerfileException(start + 1, keyword + " before the first FROM: only ARG may "
                            + "come before it");
                }
                continue;
            }
            current.add(instruction);
        }
        if (current == null) {
            throw new DockerfileException(Math.max(1, lines.length), "no FROM instruction: not a Dockerfile");
        }
        stages.add(new Dockerfile.Stage(stages.size(), from, image, name, current));
        return new Dockerfile(stages, globalArgs, syntax, escape);
    }

    /**
     * The {@code KEY=VALUE} pairs of an {@code ENV}, {@code ARG} or {@code LABEL} (quotes removed), or the legacy
     * {@code ENV KEY VALUE} form; for {@code ARG}, a name without {@code =} has a null default.
     */
    public static Map<String, String> keyValues(String arguments, boolean arg) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> words = words(arguments);
        if (!arg && words.size() >= 2 && !words.get(0).contains("=")) {
            int space = firstWhitespace(arguments.strip());
            values.put(words.get(0), unquote(arguments.strip().substring(space).strip()));
            return values;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                values.put(word, arg ? null : "");
            } else {
                values.put(word.substring(0, equals), unquote(word.substring(equals + 1)));
            }
        }
        return values;
    }

    /** Words split at unquoted whitespace, quotes kept. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                word.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Docker's substitution: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:+alternative}}. */
    static String substitute(String text, Map<String, String> variables, char escape) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = VARIABLE.matcher(text);
        int last = 0;
        while (matcher.find()) {
            if (matcher.start() > 0 && text.charAt(matcher.start() - 1) == escape) {
                out.append(text, last, matcher.start() - 1).append(matcher.group());
                last = matcher.end();
                continue;
            }
            out.append(text, last, matcher.start());
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
            String value = variables.get(name);
            String operator = matcher.group(2);
            if ("-".equals(operator)) {
                out.append(value == null || value.isEmpty() ? matcher.group(3) : value);
            } else if ("+".equals(operator)) {
                out.append(value == null || value.isEmpty() ? "" : matcher.group(3));
            } else {
                out.append(value == null ? "" : value);
            }
            last = matcher.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private static List<String> jsonForm(String rest) {
        if (!rest.startsWith("[")) {
            return null;
        }
        try {
            JsonNode array = JSON.readTree(rest);
            if (array == null || !array.isArray()) {
                return null;
            }
            List<String> words = new ArrayList<>();
            for (JsonNode word : array) {
                if (!word.isTextual()) {
                    return null;
                }
                words.add(word.asText());
            }
            return words;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
