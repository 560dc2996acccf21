package dev.shipshape.webhook.config;

import dev.shipshape.OperatorConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.util.Map;

/** Operator settings as Quarkus would map them from application.properties, without starting Quarkus. */
final class TestOperatorConfig {

    private TestOperatorConfig() {
    }

    static OperatorConfig defaults() {
        return with(Map.of());
    }

    static OperatorConfig with(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(OperatorConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(OperatorConfig.class);
    }
}
