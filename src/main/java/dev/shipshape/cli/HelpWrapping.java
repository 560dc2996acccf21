package dev.shipshape.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps help text between words only. Picocli wraps at every line-break opportunity of {@link java.text.BreakIterator},
 * which splits {@code spec.template} after its dot; so every help section is rendered unwrapped and wrapped here at
 * spaces, continuation lines indented under the text they continue (an option's description, the synopsis's first
 * option).
 */
final class HelpWrapping {

    /** The width help is wrapped to. */
    static final int WIDTH = 80;
    private static final int UNWRAPPED = 10_000;

    private HelpWrapping() {
    }

    /** Makes {@code commandLine} and its subcommands wrap their help at {@code width} columns, between words. */
    static void apply(CommandLine commandLine, int width) {
        commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        commandLine.setUsageHelpWidth(UNWRAPPED);
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
        commandLine.getHelpSectionMap().forEach((key, renderer) -> sections.put(key,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS.equals(key)
                        ? help -> wrapSynopsis(renderer.render(help), help.synopsisHeadingLength(), width)
                        : help -> wrap(renderer.render(help), width)));
        commandLine.setHelpSectionMap(sections);
        commandLine.getSubcommands().values().stream().distinct().forEach(sub -> apply(sub, width));
    }

    /**
     * The synopsis follows its heading ({@code Usage: }) on the first line; continuation lines start under its first
     * option.
     */
    static String wrapSynopsis(String synopsis, int headingLength, int width) {
        String line = synopsis.strip();
        int first = line.indexOf(" [");
        int indent = headingLength + (first < 0 ? 0 : first + 1);
        if (indent > width / 2) {
            indent = headingLength;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder current = new StringBuilder();
        int used = headingLength;
        for (String word : line.split("\\s+")) {
            if (current.length() > 0 && used + current.length() + 1 + word.length() > width) {
                out.append(current).append('\n');
                current = new StringBuilder(" ".repeat(indent));
                used = 0;
            } else if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        return out.append(current).append(System.lineSeparator()).toString();
    }

    static String wrap(String text, int width) {
        StringBuilder wrapped = new StringBuilder(text.length() + 64);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            wrapLine(line, width, wrapped);
            if (end < 0) {
                break;
            }
            wrapped.append('\n');
            start = end + 1;
        }
        return wrapped.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        if (line.length() <= width) {
            out.append(line);
            return;
        }
        String trimmed = line.stripTrailing();
        int indent = hangingIndent(trimmed, width);
        String lead = trimmed.substring(0, indent);
        String[] words = trimmed.substring(indent).trim().split(" +");
        StringBuilder current = new StringBuilder(lead);
        boolean empty = true;
        for (String word : words) {
            if (!empty && current.length() + 1 + word.length() > width) {
                out.append(current).append('\n');
                current = new StringBuilder(" ".repeat(indent));
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        out.append(current);
    }

    /**
     * Where continuation lines start: at an option's description (the text after the first run of two or more spaces
     * past the line's indentation), else at the line's indentation.
     */
    private static int hangingIndent(String line, int width) {
        int leading = 0;
        while (leading < line.length() && line.charAt(leading) == ' ') {
            leading++;
        }
        int indent = leading;
        int gap = line.indexOf("  ", leading);
        if (gap > 0) {
            int text = gap;
            while (text < line.length() && line.charAt(text) == ' ') {
                text++;
            }
            indent = text;
        }
        return indent > width / 2 ? leading : indent;
    }
}
