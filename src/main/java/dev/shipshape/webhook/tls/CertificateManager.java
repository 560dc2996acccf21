package dev.shipshape.webhook.tls;

import dev.shipshape.OperatorConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Provides the webhook's serving certificate from its Secret. In {@code self-managed} mode the leader creates the
 * Secret, renews the serving certificate from the stored CA and rotates the CA before it expires; writes are
 * conditional on the resourceVersion read, so when two replicas race the loser re-reads and takes what the winner
 * wrote. In {@code secret} and {@code cert-manager} modes the Secret is only read.
 */
@ApplicationScoped
public class CertificateManager {

    /** Longest wait between checks, so that a Secret edited or deleted by hand is repaired within the hour. */
    public static final Duration MAX_CHECK_INTERVAL = Duration.ofHours(1);
    /** Shortest wait between checks, for certificates that stay inside their renewal window (e.g. cert-manager's). */
    public static final Duration MIN_CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(CertificateManager.class);
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final OperatorConfig.TlsMode mode;
    private final CertificateSecrets secrets;
    private final SubjectAlternativeNames servingNames;
    private final Duration validity;
    private final Duration renewBefore;

    @Inject
    public CertificateManager(KubernetesClient client, OperatorConfig config) {
        OperatorConfig.Tls tls = config.tls();
        this.client = client;
        this.mode = tls.mode();
        this.secrets = new CertificateSecrets(config.namespace(), tls.secretName());
        this.servingNames = SubjectAlternativeNames.forService(config.webhook().serviceName(), config.namespace(),
                tls.extraSubjectAlternativeNames().orElse(List.of()));
        this.validity = tls.validity();
        this.renewBefore = tls.renewBefore();
        if (renewBefore.isNegative()) {
            throw new IllegalArgumentException("shipshape.tls.renew-before must not be negative: " + renewBefore);
        }
        if (mode == OperatorConfig.TlsMode.SELF_MANAGED && renewBefore.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("shipshape.tls.renew-before (" + renewBefore
                    + ") must be shorter than shipshape.tls.validity (" + validity + ")");
        }
    }

    /**
     * The certificate to serve now. Self-managed: creates, repairs or renews the Secret as needed (leader only).
     * Other modes: reads the Secret, and fails with {@link CertificateSecretException} when it is missing or invalid.
     */
    public WebhookCertificate ensure(Instant now) {
        if (mode != OperatorConfig.TlsMode.SELF_MANAGED) {
            return read();
        }
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            try {
                return ensureSelfManaged(now);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                LOG.debugf("Secret %s changed while writing it (attempt %d); reading it again",
                        secrets.reference(), attempt);
            }
        }
        throw new IllegalStateException("Secret " + secrets.reference()
                + " kept changing while writing it; gave up after " + MAX_WRITE_ATTEMPTS + " attempts");
    }

    /**
     * When to call {@link #ensure} again: at the renewal time, but no sooner than {@link #MIN_CHECK_INTERVAL} and no
     * later than {@link #MAX_CHECK_INTERVAL} from now.
     */
    public Instant nextCheck(WebhookCertificate certificate, Instant now) {
        Instant renewal = certificate.renewalTime(renewBefore);
        Instant earliest = now.plus(MIN_CHECK_INTERVAL);
        Instant latest = now.plus(MAX_CHECK_INTERVAL);
        if (renewal.isBefore(earliest)) {
            return earliest;
        }
        return renewal.isAfter(latest) ? latest : renewal;
    }

    private WebhookCertificate read() {
        Secret secret = secret().get();
        if (secret == null) {
            throw new CertificateSecretException("Secret " + secrets.reference() + " does not exist; with "
                    + "shipshape.tls.mode=" + modeName() + " " + missingSecretHint());
        }
        return secrets.readCertificate(secret);
    }

    private String missingSecretHint() {
        return mode == OperatorConfig.TlsMode.CERT_MANAGER
                ? "a cert-manager Certificate with spec.secretName " + secrets.name() + " in namespace "
                        + secrets.namespace() + " must fill it"
                : "create it as a " + CertificateSecrets.TLS_TYPE + " Secret with " + CertificateSecrets.CERTIFICATE_KEY
                        + ", " + CertificateSecrets.PRIVATE_KEY_KEY + " and " + CertificateSecrets.CA_CERTIFICATE_KEY;
    }

    private String modeName() {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private WebhookCertificate ensureSelfManaged(Instant now) {
        Secret existing = secret().get();
        if (existing == null) {
            LOG.infof("Creating Secret %s with a new webhook CA and serving certificate", secrets.reference());
            CertificateAuthority authority = CertificateAuthority.generate(now);
            WebhookCertificate certificate = authority.issue(servingNames, validity, now);
            return write(authority, certificate, Optional.empty());
        }
        CertificateAuthority authority;
        WebhookCertificate current;
        try {
            authority = secrets.readAuthority(existing);
            current = secrets.readCertificate(existing);
        } catch (CertificateSecretException e) {
            LOG.warnf("%s; replacing it with a new webhook CA and serving certificate", e.getMessage());
            CertificateAuthority replacement = CertificateAuthority.generate(now);
            return write(replacement, replacement.issue(servingNames, validity, now), Optional.of(existing));
        }
        if (authority.needsRenewal(now, renewBefore)) {
            LOG.infof("Webhook CA in Secret %s expires at %s; rotating it", secrets.reference(), authority.notAfter());
            CertificateAuthority successor = CertificateAuthority.generate(now);
            List<String> bundle = new ArrayList<>(List.of(successor.certificatePem()));
            if (now.isBefore(authority.notAfter())) {
                // servers still presenting a certificate of the outgoing CA stay trusted until they pick up the new one
                bundle.add(authority.certificatePem());
            }
            WebhookCertificate certificate = successor.issue(servingNames, validity, now)
                    .withCaBundlePem(String.join("", bundle));
            return write(successor, certificate, Optional.of(existing));
        }
        Optional<String> renewalReason = renewalReason(authority, current, now);
        if (renewalReason.isPresent()) {
            LOG.infof("Renewing the webhook serving certificate in Secret %s: %s", secrets.reference(),
                    renewalReason.get());
            WebhookCertificate certificate = authority.issue(servingNames, validity, now)
                    .withCaBundlePem(withoutExpired(current.caBundlePem(), now));
            return write(authority, certificate, Optional.of(existing));
        }
        return current;
    }

    /** Why the stored serving certificate must be replaced, if it must. */
    private Optional<String> renewalReason(CertificateAuthority authority, WebhookCertificate current, Instant now) {
        if (current.needsRenewal(now, renewBefore)) {
            return Optional.of("it expires at " + current.notAfter());
        }
        List<X509Certificate> chain = Pem.decodeCertificates(current.certificatePem());
        if (!authority.issued(chain)) {
            return Optional.of("it was not issued by the CA whose key is in " + CertificateSecrets.CA_PRIVATE_KEY_KEY);
        }
        SubjectAlternativeNames names = SubjectAlternativeNames.of(chain.get(0));
        if (!names.equals(servingNames)) {
            return Optional.of("it names " + describe(names) + " instead of " + describe(servingNames));
        }
        return Optional.empty();
    }

    /** The bundle minus CAs that have expired, such as the one a rotation replaced. */
    private static String withoutExpired(String caBundlePem, Instant now) {
        return Pem.encodeCertificates(Pem.decodeCertificates(caBundlePem).stream()
                .filter(ca -> now.isBefore(ca.getNotAfter().toInstant()))
                .toList());
    }

    private static String describe(SubjectAlternativeNames names) {
        List<String> all = new ArrayList<>(names.dnsNames());
        all.addAll(names.ipAddresses());
        return String.join(", ", all);
    }

    private WebhookCertificate write(CertificateAuthority authority, WebhookCertificate certificate,
                                     Optional<Secret> previous) {
        Secret desired = secrets.selfManaged(authority, certificate, previous);
        Resource<Secret> resource = client.secrets().inNamespace(secrets.namespace()).resource(desired);
        if (previous.isEmpty()) {
            resource.create();
        } else {
            resource.update();
        }
        return certificate;
    }

    private Resource<Secret> secret() {
        return client.secrets().inNamespace(secrets.namespace()).withName(secrets.name());
    }
}
