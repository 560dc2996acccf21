package dev.shipshape.webhook.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** PEM files made by OpenSSL, as a user would put them in a Secret (see src/test/resources/webhook/tls/generate.sh). */
final class Fixtures {

    private Fixtures() {
    }

    static String pem(String fileName) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/webhook/tls/" + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fileName);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
