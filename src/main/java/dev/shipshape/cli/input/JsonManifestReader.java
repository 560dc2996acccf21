package dev.shipshape.cli.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a JSON file (one value, or several one after another as {@code kubectl get -o json} streams print
 * them) into documents, recording the line of every node.
 */
final class JsonManifestReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final JsonParser parser;
    private SourceMap sourceMap;

    private JsonManifestReader(JsonParser parser) {
        this.parser = parser;
    }

    static void read(String name, String text, Consumer<ManifestDocument> documents, List<InputProblem> problems) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            try {
                JsonManifestReader reader = new JsonManifestReader(parser);
                int index = 0;
                while (parser.nextToken() != null) {
                    reader.sourceMap = new SourceMap();
                    JsonNode tree = reader.value("");
                    documents.accept(new ManifestDocument(index++, tree, reader.sourceMap, null, 0, null));
                }
            } catch (JsonProcessingException e) {
                // a parser limit (nesting, number length) comes without a location: the parser stopped just after it
                JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                String message = e.getOriginalMessage() == null ? "not valid JSON" : e.getOriginalMessage();
                problems.add(new InputProblem(name, location.getLineNr(), location.getColumnNr(),
                        message.replaceAll(", from `[^`]*`", "")));
            }
        } catch (IOException e) {
            problems.add(InputProblem.ofFile(name, "cannot read JSON: " + e.getMessage()));
        }
    }

    private JsonNode value(String pointer) throws IOException {
        JsonLocation location = parser.currentTokenLocation();
        sourceMap.put(pointer, location.getLineNr(), location.getColumnNr());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String childPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                    JsonLocation keyLocation = parser.currentTokenLocation();
                    sourceMap.put(childPointer, keyLocation.getLineNr(), keyLocation.getColumnNr());
                    parser.nextToken();
                    object.set(key, value(childPointer));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(pointer + "/" + index++));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return YamlScalars.integerNode(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            default -> {
                return nodes.nullNode();
            }
        }
    }
}
