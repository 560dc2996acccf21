package dev.shipshape.badinput;

import java.util.List;

/**
 * One change to a YAML text. Positions and line numbers are taken modulo the text's length or line count, so any
 * integer is valid; {@link InvalidBytes} works on the encoded text and comes last.
 */
sealed interface TextMutation {

    /** The text ends after {@code at} characters. */
    record Truncate(int at) implements TextMutation {
    }

    /** {@code token} is inserted at character {@code at}. */
    record Insert(int at, String token) implements TextMutation {
    }

    record DeleteLine(int line) implements TextMutation {
    }

    /** The line appears twice: in a mapping, a duplicate key. */
    record DuplicateLine(int line) implements TextMutation {
    }

    /** The line moves {@code by} spaces right (or left, down to none). */
    record Indent(int line, int by) implements TextMutation {
    }

    /** What follows the first {@code ": "} of the line becomes {@code value}: a value of another type. */
    record ReplaceValue(int line, String value) implements TextMutation {
        @Override
        public String toString() {
            return "ReplaceValue[line=" + line + ", value=" + Verdict.abbreviate(value) + "]";
        }
    }

    /** A hostile document is added after the others, or replaces them. */
    record AddDocument(Bomb bomb, boolean replace) implements TextMutation {
    }

    /** Bytes that are not UTF-8 are inserted at byte {@code at}. */
    record InvalidBytes(int at, JsonMutation.Bytes bytes) implements TextMutation {
    }

    /** Tokens that break YAML structure or call for features a manifest reader must refuse. */
    List<String> TOKENS = List.of("\t", ": ", "- ", "{", "}", "[", "]", "&a ", "*a", "*undefined ", "!!binary ",
            "!!python/object/apply:os.system ", "!!java.net.URL ", "!custom ", "? ", "%YAML 1.1\n", "%TAG ! tag:x,1:\n",
            "|", ">", "\"", "'", "#", "---\n", "...\n", "<<: *a\n", "<<: 1\n", "\u0000", "\ufeff", "\\u", "\u2028",
            "\n  bad indent: x\n", "@", "`", "key: value: other", ",", "\r", "\n- item\n", "&a &b ", "!!str ",
            "!!int ", "!!float ", "!!bool ", "!!null ", "!!seq ", "!!map ", "!!set ", "!!omap ", "!!timestamp ");

    /** Values of other types and spellings, as YAML scalars or flow collections. */
    List<String> VALUES = List.of("[]", "{}", "null", "~", "", "yes", "no", "on", "0x1F", "0o17", "1e400", ".inf",
            "-.inf", ".nan", "9".repeat(1001), "!!binary aGk=", "2001-12-14t21:59:43.10-05:00", "&x [*x]",
            "[[[[[[[[[[]]]]]]]]]]", "{a: {b: {c: }}}", "\"\\ud800\"", "\"\\x00\"", "'it''s'", "|\n  block\n",
            "*undefined", "!!set {a, b}", "!!python/name:os.system", "-", "- a", "a: b", "x".repeat(100_000),
            "\"" + "é".repeat(10_000) + "\"", "1_000", "+1", "0b101", "1:20", "=", "<<");

    /**
     * Documents meant to exhaust a reader: aliases that expand exponentially, self-references, deep nesting,
     * many documents, huge scalars and mappings.
     *
     * @param size levels, depth, count or length, by kind
     * @param width aliases per level of an alias bomb
     */
    record Bomb(Kind kind, int size, int width) {

        enum Kind {
            LAUGHS, SELF_REFERENCE, MERGE_LAUGHS, DEEP_BLOCK, DEEP_FLOW, MANY_DOCUMENTS, HUGE_SCALAR, MANY_KEYS,
            LONG_KEY
        }

        String yaml() {
            return switch (kind) {
                case LAUGHS -> laughs(size, width, false);
                case MERGE_LAUGHS -> laughs(size, width, true);
                case SELF_REFERENCE -> "apiVersion: v1\nkind: Pod\nmetadata: &m {name: loop, labels: *m}\n"
                        + "spec: &s\n  containers: [*s]\n";
                case DEEP_BLOCK -> deepBlock(size);
                case DEEP_FLOW -> "a: " + "[".repeat(size) + "]".repeat(size) + "\n";
                case MANY_DOCUMENTS -> "---\n{}\n".repeat(size);
                case HUGE_SCALAR -> "apiVersion: v1\nkind: Pod\nmetadata: {name: \"" + "x".repeat(size) + "\"}\n";
                case MANY_KEYS -> manyKeys(size);
                case LONG_KEY -> "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {" + "k".repeat(size) + ": v}\n";
            };
        }

        /** A "billion laughs": each level lists the previous one {@code width} times. */
        private static String laughs(int levels, int width, boolean merge) {
            StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata: {name: lol}\nl0: &l0 ");
            yaml.append(merge ? "{a: lol, b: lol}\n" : "[lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for (int level = 1; level < levels; level++) {
                yaml.append('l').append(level).append(": &l").append(level).append(merge ? " {<<: [" : " [");
                for (int i = 0; i < width; i++) {
                    yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
                }
                yaml.append(merge ? "], x" + level + ": y}\n" : "]\n");
            }
            return yaml.toString();
        }

        private static String deepBlock(int depth) {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                yaml.append("  ".repeat(i)).append("a:\n");
            }
            return yaml.append("  ".repeat(depth)).append("b\n").toString();
        }

        private static String manyKeys(int count) {
            StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n");
            for (int i = 0; i < count; i++) {
                yaml.append("    k").append(i).append(": v\n");
            }
            return yaml.toString();
        }

        @Override
        public String toString() {
            return kind + "(" + size + (kind == Kind.LAUGHS || kind == Kind.MERGE_LAUGHS ? "x" + width : "") + ")";
        }
    }
}
