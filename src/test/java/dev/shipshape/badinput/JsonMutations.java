package dev.shipshape.badinput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generators of mutated JSON documents: small values most of the time, and now and then the sizes where limits
 * sit (nesting around 200 and 1000 levels, numbers around 1000 digits, strings and lists of megabytes).
 */
final class JsonMutations {

    /** Largest generated string, about the admission body limit (3 MiB). */
    static final int HUGE_STRING = 3_300_000;
    /** Most generated containers: far past the 1000 a review reads, still within the body limit. */
    static final int MANY_CONTAINERS = 50_000;

    private JsonMutations() {
    }

    /**
     * @param bases valid documents by name
     * @param fields pointers of the fields the code under test reads, for targeted changes
     */
    static Arbitrary<MutatedJson> documents(Map<String, String> bases, List<String> fields) {
        return Combinators.combine(Arbitraries.of(List.copyOf(bases.keySet())), mutations(fields))
                .as((name, mutations) -> new MutatedJson(name, bases.get(name), mutations));
    }

    static Arbitrary<List<JsonMutation>> mutations(List<String> fields) {
        return Combinators.combine(treeMutation(fields).list().ofMaxSize(3), byteMutation().injectNull(0.7))
                .as((tree, bytes) -> {
                    List<JsonMutation> all = new ArrayList<>(tree);
                    if (bytes != null) {
                        all.add(bytes);
                    }
                    return all;
                });
    }

    static Arbitrary<JsonMutation> treeMutation(List<String> fields) {
        Arbitrary<Integer> targets = Arbitraries.integers().between(0, 10_000);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(targets, snippets()).as(JsonMutation.Replace::new)),
                Tuple.of(2, targets.map(JsonMutation.Remove::new)),
                Tuple.of(1, Combinators.combine(targets, snippets()).as(JsonMutation.DuplicateKey::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(fields), snippets()).as(JsonMutation.Put::new)));
    }

    static Arbitrary<JsonMutation> byteMutation() {
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1 << 22);
        return Arbitraries.frequencyOf(
                Tuple.of(3, positions.map(JsonMutation.Truncate::new)),
                Tuple.of(3, Combinators.combine(positions, Arbitraries.of(JsonMutation.Bytes.class))
                        .as(JsonMutation.Insert::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 4096), Arbitraries.longs())
                        .as(JsonMutation.Garbage::new)));
    }

    static Arbitrary<Snippet> snippets() {
        return Arbitraries.of(Snippet.Kind.class).flatMap(kind -> sizes(kind).map(size -> new Snippet(kind, size)));
    }

    private static Arbitrary<Integer> sizes(Snippet.Kind kind) {
        return switch (kind) {
            case ASCII_STRING, UNICODE_STRING -> mostlySmall(between(100, 70_000), between(1_000_000, HUGE_STRING));
            case LONE_SURROGATES -> mostlySmall(between(100, 1_000), between(10_000, 100_000));
            case DIGITS -> mostlySmall(between(990, 1_010), between(5_000, 100_000));
            case NESTED_ARRAYS, NESTED_OBJECTS, NESTED_MIXED ->
                    mostlySmall(between(190, 210), Arbitraries.oneOf(between(990, 1_010), between(5_000, 50_000)));
            case WIDE_ARRAY -> mostlySmall(between(1_000, 10_000), between(100_000, 1_600_000));
            case WIDE_OBJECT -> mostlySmall(between(1_000, 10_000), between(50_000, 200_000));
            case CONTAINERS -> mostlySmall(between(990, 1_010), between(2_000, MANY_CONTAINERS));
            default -> Arbitraries.integers().between(0, 100);
        };
    }

    /** Small sizes most of the time, sometimes at a limit, rarely huge. */
    private static Arbitrary<Integer> mostlySmall(Arbitrary<Integer> atLimits, Arbitrary<Integer> huge) {
        return Arbitraries.frequencyOf(Tuple.of(16, between(0, 40)), Tuple.of(3, atLimits), Tuple.of(1, huge));
    }

    private static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }
}
