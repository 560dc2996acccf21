package dev.shipshape.webhook.tls;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The DNS names (lower case) and IP addresses (in {@link InetAddress#getHostAddress()} form) a serving certificate
 * is valid for. Two instances are equal when they name the same hosts, whatever the order.
 */
public record SubjectAlternativeNames(Set<String> dnsNames, Set<String> ipAddresses) {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int DNS_NAME_TYPE = 2;
    private static final int IP_ADDRESS_TYPE = 7;

    public SubjectAlternativeNames {
        dnsNames = Collections.unmodifiableSet(new LinkedHashSet<>(dnsNames.stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).toList()));
        ipAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(ipAddresses.stream()
                .map(SubjectAlternativeNames::canonicalIpAddress).toList()));
    }

    /**
     * The names a Service is reached by inside the cluster, 127.0.0.1 for port-forwards and local runs, and each
     * extra entry: an IP address when it parses as one, otherwise a DNS name.
     */
    public static SubjectAlternativeNames forService(String serviceName, String namespace,
                                                     Collection<String> extraNames) {
        Set<String> dnsNames = new LinkedHashSet<>(List.of(
                serviceName,
                serviceName + "." + namespace,
                serviceName + "." + namespace + ".svc",
                serviceName + "." + namespace + ".svc.cluster.local"));
        Set<String> ipAddresses = new LinkedHashSet<>(List.of(LOOPBACK));
        for (String extraName : extraNames) {
            String name = extraName.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (IPAddress.isValid(name)) {
                ipAddresses.add(name);
            } else {
                dnsNames.add(name);
            }
        }
        return new SubjectAlternativeNames(dnsNames, ipAddresses);
    }

    /** The DNS and IP entries of a certificate's subjectAltName extension; other kinds of names are left out. */
    public static SubjectAlternativeNames of(X509Certificate certificate) {
        Set<String> dnsNames = new LinkedHashSet<>();
        Set<String> ipAddresses = new LinkedHashSet<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName extension: " + e.getMessage(), e);
        }
        for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
            int type = (Integer) entry.get(0);
            if (type == DNS_NAME_TYPE) {
                dnsNames.add((String) entry.get(1));
            } else if (type == IP_ADDRESS_TYPE) {
                ipAddresses.add((String) entry.get(1));
            }
        }
        return new SubjectAlternativeNames(dnsNames, ipAddresses);
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static String canonicalIpAddress(String address) {
        if (!IPAddress.isValid(address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        try {
            // a validated literal: no name lookup happens
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }
}
