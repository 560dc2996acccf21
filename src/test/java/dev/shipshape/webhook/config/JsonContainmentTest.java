package dev.shipshape.webhook.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class JsonContainmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1,\"b\":{\"c\":\"x\"}}           | {\"a\":1,\"b\":{\"c\":\"x\"}} | true",
            "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":{}}}  | {\"b\":{\"c\":\"x\"}}        | true",
            "{\"a\":1}                               | {\"a\":2}                    | false",
            "{\"a\":1}                               | {\"b\":1}                    | false",
            "{\"a\":\"1\"}                           | {\"a\":1}                    | false",
            "{\"a\":[{\"n\":1,\"extra\":true}]}      | {\"a\":[{\"n\":1}]}          | true",
            "{\"a\":[{\"n\":1},{\"n\":2}]}           | {\"a\":[{\"n\":1}]}          | false",
            "{\"a\":[{\"n\":2},{\"n\":1}]}           | {\"a\":[{\"n\":1},{\"n\":2}]} | false",
            "{\"a\":{}}                              | {\"a\":[]}                   | false",
    })
    void actualContainsDesiredWhenEveryDesiredFieldIsThere(String actual, String desired, boolean contained)
            throws Exception {
        JsonNode actualTree = JSON.readTree(actual);
        JsonNode desiredTree = JSON.readTree(desired);

        assertThat(JsonContainment.contains(actualTree, desiredTree)).isEqualTo(contained);
    }
}
