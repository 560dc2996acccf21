package dev.shipshape.cli.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives YAML scalars the JSON types Kubernetes gives them. kubectl decodes YAML with YAML 1.1 rules for plain
 * scalars ({@code yes}, {@code on}, {@code off} are booleans, {@code 0644} is octal) but, unlike SnakeYAML's
 * YAML 1.1 resolver, keeps timestamps and sexagesimal numbers ({@code 12:30}) as strings. Quoted and block
 * scalars are always strings unless they carry an explicit tag.
 */
public final class YamlScalars {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Resolver SNAKEYAML_RESOLVER = new Resolver();

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF");
    private static final Pattern INTEGER = Pattern.compile("[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

    private YamlScalars() {
    }

    /** True for a plain {@code <<} key, which merges another mapping into the one it appears in. */
    public static boolean isMergeKey(ScalarNode key) {
        return key.isPlain() && "<<".equals(key.getValue());
    }

    /**
     * The JSON value of {@code scalar}.
     *
     * @throws IllegalArgumentException when an explicit tag does not fit the value, e.g. {@code !!int abc}
     */
    static JsonNode toJson(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        boolean implicit = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                ? tag.equals(SNAKEYAML_RESOLVER.resolve(NodeId.scalar, value, true))
                : tag.equals(Tag.STR);
        if (implicit) {
            return scalar.isPlain() ? plain(value) : NODES.textNode(value);
        }
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return bool(value).orElseThrow(() -> new IllegalArgumentException(
                    "\"" + value + "\" is tagged !!bool but is not true or false"));
        }
        if (Tag.INT.equals(tag)) {
            return integer(value).orElseThrow(() -> new IllegalArgumentException(
                    "\"" + value + "\" is tagged !!int but is not an integer"));
        }
        if (Tag.FLOAT.equals(tag)) {
            return number(value).orElseThrow(() -> new IllegalArgumentException(
                    "\"" + value + "\" is tagged !!float but is not a number"));
        }
        return NODES.textNode(value);
    }

    private static JsonNode plain(String value) {
        if (NULLS.contains(value)) {
            return NODES.nullNode();
        }
        return bool(value).or(() -> integer(value)).or(() -> number(value)).orElseGet(() -> NODES.textNode(value));
    }

    private static Optional<JsonNode> bool(String value) {
        if (TRUE.contains(value)) {
            return Optional.of(NODES.booleanNode(true));
        }
        if (FALSE.contains(value)) {
            return Optional.of(NODES.booleanNode(false));
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> integer(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return Optional.empty();
        }
        String digits = value.replace("_", "");
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
                return Optional.empty();
            }
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        BigInteger number = new BigInteger(digits, radix);
        if (negative) {
            number = number.negate();
        }
        return Optional.of(integerNode(number));
    }

    /**
     * The smallest node that holds {@code number}: fabric8's IntOrString, for one, only accepts int nodes.
     */
    static JsonNode integerNode(BigInteger number) {
        if (number.bitLength() < Integer.SIZE) {
            return NODES.numberNode(number.intValue());
        }
        return number.bitLength() < Long.SIZE ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
    }

    private static Optional<JsonNode> number(String value) {
        if (!FLOAT.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(NODES.numberNode(new BigDecimal(value)));
    }
}
