package dev.shipshape.webhook;

import dev.shipshape.webhook.tls.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** A TLS client context that trusts only the given certificate authorities, as the API server does. */
public final class TrustedAuthorities {

    private TrustedAuthorities() {
    }

    /** @param authoritiesPem one or more PEM certificates, e.g. a webhook configuration's caBundle */
    public static SSLContext context(String authoritiesPem) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            List<X509Certificate> authorities = Pem.decodeCertificates(authoritiesPem);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
