package dev.shipshape.badinput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Generators of mutated YAML texts: broken syntax, retyped values, duplicate keys, bombs, bytes that are not UTF-8. */
final class TextMutations {

    /** Longest generated scalar. */
    static final int LONGEST_SCALAR = 1_000_000;

    private TextMutations() {
    }

    static Arbitrary<MutatedText> texts(Map<String, String> bases) {
        return Combinators.combine(Arbitraries.of(List.copyOf(bases.keySet())), mutations())
                .as((name, mutations) -> new MutatedText(name, bases.get(name), mutations));
    }

    static Arbitrary<List<TextMutation>> mutations() {
        return Combinators.combine(textMutation().list().ofMinSize(1).ofMaxSize(3), invalidBytes().injectNull(0.85))
                .as((text, bytes) -> {
                    List<TextMutation> all = new ArrayList<>(text);
                    if (bytes != null) {
                        all.add(bytes);
                    }
                    return all;
                });
    }

    static Arbitrary<TextMutation> textMutation() {
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1 << 20);
        Arbitrary<Integer> lines = Arbitraries.integers().between(0, 1_000);
        return Arbitraries.frequencyOf(
                Tuple.of(2, positions.map(TextMutation.Truncate::new)),
                Tuple.of(3, Combinators.combine(positions, Arbitraries.of(TextMutation.TOKENS))
                        .as(TextMutation.Insert::new)),
                Tuple.of(1, lines.map(TextMutation.DeleteLine::new)),
                Tuple.of(2, lines.map(TextMutation.DuplicateLine::new)),
                Tuple.of(1, Combinators.combine(lines, Arbitraries.integers().between(-8, 8))
                        .as(TextMutation.Indent::new)),
                Tuple.of(3, Combinators.combine(lines, values()).as(TextMutation.ReplaceValue::new)),
                Tuple.of(2, Combinators.combine(bombs(), Arbitraries.of(true, false))
                        .as(TextMutation.AddDocument::new)));
    }

    static Arbitrary<TextMutation> invalidBytes() {
        return Combinators.combine(Arbitraries.integers().between(0, 1 << 20), Arbitraries.of(
                        JsonMutation.Bytes.INVALID_BYTE, JsonMutation.Bytes.LONE_CONTINUATION_BYTE,
                        JsonMutation.Bytes.CUT_TWO_BYTE_SEQUENCE, JsonMutation.Bytes.OVERLONG_SLASH,
                        JsonMutation.Bytes.ENCODED_SURROGATE, JsonMutation.Bytes.CUT_FOUR_BYTE_SEQUENCE,
                        JsonMutation.Bytes.ABOVE_UNICODE, JsonMutation.Bytes.NUL, JsonMutation.Bytes.UTF16_BOM))
                .as(TextMutation.InvalidBytes::new);
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of(TextMutation.VALUES), JsonMutations.snippets()
                .filter(snippet -> snippet.size() <= LONGEST_SCALAR).map(Snippet::json));
    }

    static Arbitrary<TextMutation.Bomb> bombs() {
        return Arbitraries.of(TextMutation.Bomb.Kind.class).flatMap(kind -> switch (kind) {
            case LAUGHS, MERGE_LAUGHS -> Combinators.combine(between(2, 12), between(2, 12))
                    .as((levels, width) -> new TextMutation.Bomb(kind, levels, width));
            case SELF_REFERENCE -> Arbitraries.just(new TextMutation.Bomb(kind, 1, 1));
            case DEEP_BLOCK, DEEP_FLOW -> sized(kind, between(190, 210), between(1_000, 5_000));
            case MANY_DOCUMENTS -> sized(kind, between(1_000, 5_000), between(10_000, 20_000));
            // SnakeYAML takes time quadratic in the length of one scalar: a few seconds from 3 million characters
            case HUGE_SCALAR -> sized(kind, between(10_000, 100_000), between(500_000, LONGEST_SCALAR));
            case MANY_KEYS -> sized(kind, between(1_000, 10_000), between(50_000, 100_000));
            case LONG_KEY -> sized(kind, between(1_000, 10_000), between(50_000, 200_000));
        });
    }

    private static Arbitrary<TextMutation.Bomb> sized(TextMutation.Bomb.Kind kind, Arbitrary<Integer> atLimits,
                                                     Arbitrary<Integer> huge) {
        return Arbitraries.frequencyOf(Tuple.of(6, between(0, 40)), Tuple.of(3, atLimits), Tuple.of(1, huge))
                .map(size -> new TextMutation.Bomb(kind, size, 0));
    }

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }
}
