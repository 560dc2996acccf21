package dev.shipshape.webhook.tls;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookCertificateTest {

    private static final Instant NOT_AFTER = Instant.parse("2027-03-01T12:00:00Z");
    private static final WebhookCertificate CERTIFICATE = new WebhookCertificate("cert", "secret key material", "ca",
            NOT_AFTER);

    @Test
    void needsRenewalFromRenewBeforeAheadOfExpiryOn() {
        Duration renewBefore = Duration.ofDays(30);

        assertThat(CERTIFICATE.needsRenewal(NOT_AFTER.minus(Duration.ofDays(31)), renewBefore)).isFalse();
        assertThat(CERTIFICATE.needsRenewal(NOT_AFTER.minus(renewBefore).minusSeconds(1), renewBefore)).isFalse();
        assertThat(CERTIFICATE.needsRenewal(NOT_AFTER.minus(renewBefore), renewBefore)).isTrue();
        assertThat(CERTIFICATE.needsRenewal(NOT_AFTER.plusSeconds(1), renewBefore)).isTrue();
    }

    @Test
    void textFormLeavesThePrivateKeyOut() {
        assertThat(CERTIFICATE.toString()).doesNotContain("secret key material").contains(NOT_AFTER.toString());
    }
}
