package dev.shipshape.cli.input;

import java.util.Arrays;

/** Line starts of a text, to turn line and column positions into offsets. */
public final class TextLines {

    private final String text;
    private final int[] starts;

    public TextLines(String text) {
        this.text = text;
        int[] found = new int[16];
        int count = 0;
        found[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
            if (lineBreak) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = i + 1;
            }
        }
        this.starts = Arrays.copyOf(found, count);
    }

    int count() {
        return starts.length;
    }

    /** Offset of the first character of a 0-based line. */
    public int start(int line) {
        return starts[line];
    }

    /** Offset of a 0-based line and a column counted in code points, as SnakeYAML counts them. */
    public int offset(int line, int codePointColumn) {
        int start = starts[line];
        return text.offsetByCodePoints(start, Math.min(codePointColumn, text.codePointCount(start, lineEnd(line))));
    }

    /** Offset just past the last character of a 0-based line, before its line break. */
    int lineEnd(int line) {
        int end = line + 1 < starts.length ? starts[line + 1] : text.length();
        while (end > starts[line] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }

    /** The text of a 0-based line, without its line break. */
    String line(int line) {
        return text.substring(starts[line], lineEnd(line));
    }
}
