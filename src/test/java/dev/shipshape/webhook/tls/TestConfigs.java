package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.util.HashMap;
import java.util.Map;

/** OperatorConfig as the application would see it, built from properties without starting Quarkus. */
public final class TestConfigs {

    static final String NAMESPACE = "shipshape-test";
    static final String SECRET_NAME = "webhook-tls";

    private TestConfigs() {
    }

    /** Defaults, namespace {@value #NAMESPACE} and Secret {@value #SECRET_NAME}, overridden by {@code properties}. */
    public static OperatorConfig operatorConfig(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(Map.of(
                "shipshape.namespace", NAMESPACE,
                "shipshape.tls.secret-name", SECRET_NAME));
        all.putAll(properties);
        return new SmallRyeConfigBuilder()
                .withMapping(OperatorConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build()
                .getConfigMapping(OperatorConfig.class);
    }
}
