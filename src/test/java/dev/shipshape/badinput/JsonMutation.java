package dev.shipshape.badinput;

import java.util.HexFormat;

/**
 * One change to a JSON document. Tree changes pick their node by its position in document order (modulo the
 * number of nodes, the root being 0), so any integer is a valid target; byte changes work on the serialized text
 * and come last.
 */
sealed interface JsonMutation {

    /** The node at {@code target} becomes {@code value}. */
    record Replace(int target, Snippet value) implements JsonMutation {
    }

    /** The node at {@code target} is left out; a required field goes missing. */
    record Remove(int target) implements JsonMutation {
    }

    /** The field at {@code target} appears twice: first with {@code value}, then with its own value. */
    record DuplicateKey(int target, Snippet value) implements JsonMutation {
    }

    /** The field at {@code pointer} (a field the code reads) is set to {@code value} when its parent exists. */
    record Put(String pointer, Snippet value) implements JsonMutation {
    }

    /** The text ends after {@code at} bytes (modulo its length). */
    record Truncate(int at) implements JsonMutation {
    }

    /** {@code bytes} are inserted at byte {@code at} (modulo the length). */
    record Insert(int at, Bytes bytes) implements JsonMutation {
    }

    /** The whole text is replaced by {@code size} pseudo-random bytes. */
    record Garbage(int size, long seed) implements JsonMutation {
    }

    default boolean changesBytes() {
        return this instanceof Truncate || this instanceof Insert || this instanceof Garbage;
    }

    /** Byte sequences that break UTF-8 or JSON syntax. */
    enum Bytes {
        INVALID_BYTE("ff"), LONE_CONTINUATION_BYTE("80"), CUT_TWO_BYTE_SEQUENCE("c3"), OVERLONG_SLASH("c0af"),
        ENCODED_SURROGATE("eda080"), CUT_FOUR_BYTE_SEQUENCE("f09f98"), ABOVE_UNICODE("f4908080"), NUL("00"),
        UTF8_BOM("efbbbf"), UTF16_BOM("feff"), UTF32_BOM("0000feff"), OPEN_BRACE("7b"), CLOSE_BRACE("7d"),
        OPEN_BRACKET("5b"), CLOSE_BRACKET("5d"), COMMA("2c"), COLON("3a"), QUOTE("22"), BACKSLASH("5c"),
        COMMENT("2f2a782a2f"), NAN("4e614e"), SINGLE_QUOTE("27"), NEWLINE("0a"), SECOND_DOCUMENT("7b7d");

        private final byte[] bytes;

        Bytes(String hex) {
            this.bytes = HexFormat.of().parseHex(hex);
        }

        byte[] bytes() {
            return bytes.clone();
        }
    }
}
