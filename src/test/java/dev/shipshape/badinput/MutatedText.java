package dev.shipshape.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A valid YAML text with mutations applied; built once, on first use. */
final class MutatedText {

    private final String baseName;
    private final String base;
    private final List<TextMutation> mutations;
    private byte[] bytes;

    MutatedText(String baseName, String base, List<TextMutation> mutations) {
        this.baseName = baseName;
        this.base = base;
        this.mutations = List.copyOf(mutations);
    }

    synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = apply();
        }
        return bytes;
    }

    @Override
    public String toString() {
        return baseName + " " + mutations + " (" + bytes().length + " bytes)";
    }

    private byte[] apply() {
        String text = base;
        for (TextMutation mutation : mutations) {
            if (!(mutation instanceof TextMutation.InvalidBytes)) {
                text = apply(mutation, text);
            }
        }
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        for (TextMutation mutation : mutations) {
            if (mutation instanceof TextMutation.InvalidBytes invalid) {
                int at = Math.floorMod(invalid.at(), encoded.length + 1);
                ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length + 8);
                out.write(encoded, 0, at);
                out.writeBytes(invalid.bytes().bytes());
                out.write(encoded, at, encoded.length - at);
                encoded = out.toByteArray();
            }
        }
        return encoded;
    }

    private static String apply(TextMutation mutation, String text) {
        if (mutation instanceof TextMutation.Truncate truncate) {
            return text.substring(0, Math.floorMod(truncate.at(), text.length() + 1));
        }
        if (mutation instanceof TextMutation.Insert insert) {
            int at = Math.floorMod(insert.at(), text.length() + 1);
            return text.substring(0, at) + insert.token() + text.substring(at);
        }
        if (mutation instanceof TextMutation.AddDocument add) {
            if (add.replace()) {
                return add.bomb().yaml();
            }
            return text + (text.endsWith("\n") ? "" : "\n") + "---\n" + add.bomb().yaml();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (mutation instanceof TextMutation.DeleteLine delete) {
            lines.remove(Math.floorMod(delete.line(), lines.size()));
        } else if (mutation instanceof TextMutation.DuplicateLine duplicate) {
            int line = Math.floorMod(duplicate.line(), lines.size());
            lines.add(line, lines.get(line));
        } else if (mutation instanceof TextMutation.Indent indent) {
            int line = Math.floorMod(indent.line(), lines.size());
            String current = lines.get(line);
            lines.set(line, indent.by() >= 0 ? " ".repeat(indent.by()) + current
                    : current.substring(Math.min(-indent.by(), leadingSpaces(current))));
        } else if (mutation instanceof TextMutation.ReplaceValue replace) {
            int line = Math.floorMod(replace.line(), lines.size());
            String current = lines.get(line);
            int colon = current.indexOf(": ");
            if (colon >= 0) {
                lines.set(line, current.substring(0, colon + 2) + replace.value());
            }
        }
        return String.join("\n", lines);
    }

    private static int leadingSpaces(String line) {
        int spaces = 0;
        while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        return spaces;
    }
}
