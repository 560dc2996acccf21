package dev.shipshape.badinput;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A valid JSON document with mutations applied: the input a property or the fuzz run feeds to the code under
 * test. Its text is built once, on first use; {@link #toString()} says how it was made, for reports.
 */
final class MutatedJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseName;
    private final String base;
    private final List<JsonMutation> mutations;
    private byte[] bytes;

    MutatedJson(String baseName, String base, List<JsonMutation> mutations) {
        this.baseName = baseName;
        this.base = base;
        this.mutations = List.copyOf(mutations);
    }

    String baseName() {
        return baseName;
    }

    List<JsonMutation> mutations() {
        return mutations;
    }

    synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = apply();
        }
        return bytes;
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return baseName + " " + mutations + " (" + bytes().length + " bytes)";
    }

    private byte[] apply() {
        JsonNode root;
        try {
            root = MAPPER.readTree(base);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("base document " + baseName + " is not JSON", e);
        }
        List<String> slots = new ArrayList<>();
        boolean empty = false;
        for (JsonMutation mutation : mutations) {
            if (mutation.changesBytes() || empty) {
                continue;
            }
            List<String> pointers = pointers(root);
            if (mutation instanceof JsonMutation.Replace replace) {
                root = set(root, pick(pointers, replace.target()), slot(slots, replace.value().json()));
            } else if (mutation instanceof JsonMutation.Remove remove) {
                String pointer = pick(pointers, remove.target());
                if (pointer.isEmpty()) {
                    empty = true;
                } else {
                    remove(root, pointer);
                }
            } else if (mutation instanceof JsonMutation.DuplicateKey duplicate) {
                String pointer = pick(pointers, duplicate.target());
                JsonPointer path = JsonPointer.compile(pointer);
                if (!pointer.isEmpty() && root.at(path.head()) instanceof ObjectNode) {
                    String key = path.last().getMatchingProperty();
                    String text = duplicate.value().json() + ", " + Snippet.quoted(key) + ": "
                            + substitute(write(root.at(path)), slots);
                    root = set(root, pointer, slot(slots, text));
                } else {
                    root = set(root, pointer, slot(slots, duplicate.value().json()));
                }
            } else if (mutation instanceof JsonMutation.Put put) {
                JsonPointer path = JsonPointer.compile(put.pointer());
                if (root.at(path.head()) instanceof ObjectNode) {
                    root = set(root, put.pointer(), slot(slots, put.value().json()));
                }
            }
        }
        byte[] text = (empty ? "" : substitute(write(root), slots)).getBytes(StandardCharsets.UTF_8);
        for (JsonMutation mutation : mutations) {
            if (mutation.changesBytes()) {
                text = applyToBytes(mutation, text);
            }
        }
        return text;
    }

    private static byte[] applyToBytes(JsonMutation mutation, byte[] text) {
        if (mutation instanceof JsonMutation.Truncate truncate) {
            return Arrays.copyOf(text, Math.floorMod(truncate.at(), text.length + 1));
        }
        if (mutation instanceof JsonMutation.Insert insert) {
            int at = Math.floorMod(insert.at(), text.length + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 8);
            out.write(text, 0, at);
            out.writeBytes(insert.bytes().bytes());
            out.write(text, at, text.length - at);
            return out.toByteArray();
        }
        JsonMutation.Garbage garbage = (JsonMutation.Garbage) mutation;
        byte[] random = new byte[garbage.size()];
        new Random(garbage.seed()).nextBytes(random);
        return random;
    }

    /** Every node's JSON pointer in document order, the root ({@code ""}) first. */
    static List<String> pointers(JsonNode root) {
        List<String> pointers = new ArrayList<>();
        collect(root, "", pointers);
        return pointers;
    }

    private static void collect(JsonNode node, String pointer, List<String> pointers) {
        pointers.add(pointer);
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"),
                        pointers);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }

    private static String pick(List<String> pointers, int target) {
        return pointers.get(Math.floorMod(target, pointers.size()));
    }

    /** A placeholder string that {@link #substitute} later replaces with raw JSON text. */
    private static JsonNode slot(List<String> slots, String json) {
        slots.add(json);
        return TextNode.valueOf("@@slot-" + (slots.size() - 1) + "@@");
    }

    /** Replaces placeholders, the last first: a later slot may hold a copy of an earlier one. */
    private static String substitute(String text, List<String> slots) {
        String result = text;
        for (int i = slots.size() - 1; i >= 0; i--) {
            result = result.replace("\"@@slot-" + i + "@@\"", slots.get(i));
        }
        return result;
    }

    private static JsonNode set(JsonNode root, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = root.at(path.head());
        if (parent instanceof ObjectNode object) {
            object.set(path.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(path.last().getMatchingIndex(), value);
        }
        return root;
    }

    private static void remove(JsonNode root, String pointer) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = root.at(path.head());
        if (parent instanceof ObjectNode object) {
            object.remove(path.last().getMatchingProperty());
        } else if (parent instanceof ArrayNode array) {
            array.remove(path.last().getMatchingIndex());
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
