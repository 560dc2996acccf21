package dev.shipshape;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator settings, under {@code shipshape.} in application.properties or as SHIPSHAPE_* environment variables. */
@ConfigMapping(prefix = "shipshape")
public interface OperatorConfig {

    /** The namespace the operator runs in; its webhook Secret lives there and admission never applies to it. */
    @WithDefault("shipshape-system")
    String namespace();

    Webhook webhook();

    Tls tls();

    LeaderElection leaderElection();

    Audit audit();

    Reports reports();

    /**
     * Kinds besides the built-in ones that carry a pod template, each as
     * {@code GROUP/VERSION/KIND[:PLURAL]=TEMPLATE_PATH[;batch]}, e.g. {@code argoproj.io/v1alpha1/Rollout=spec.template}:
     * admission reviews them and the audit watches them wherever the API server serves them.
     */
    Optional<List<String>> workloadKinds();

    interface Webhook {
        /** Address the admission HTTPS server binds to. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port of the admission HTTPS server. */
        @WithDefault("8443")
        int port();

        /** The Service in front of the webhook, named by the webhook configurations inside a cluster. */
        @WithDefault("shipshape-webhook")
        String serviceName();

        @WithDefault("443")
        int servicePort();

        /**
         * Base URL the API server calls instead of the Service, for an operator running outside the cluster,
         * e.g. {@code https://127.0.0.1:8443}.
         */
        Optional<String> url();

        /** How long the API server waits for a review, 1 to 30 seconds. */
        @WithDefault("5")
        int timeoutSeconds();

        /** Namespaces never sent for review besides the operator's own and kube-system. */
        Optional<List<String>> excludedNamespaces();

        /** Event-loop threads serving admission, each taking its share of the connections; default: one per CPU. */
        Optional<Integer> eventLoops();

        /** Largest AdmissionReview body accepted, in bytes. */
        @WithDefault("3145728")
        int maxBodyBytes();

        /**
         * Most bytes of large review bodies (over 128 KiB, or of undeclared length) held at once, from the first
         * byte received until the answer is sent; a review that would pass it is left unread until earlier ones
         * are answered. At least {@code max-body-bytes}.
         */
        @WithDefault("8388608")
        long heldBodyBytes();

        /**
         * Most containers (init, regular and ephemeral together) of a workload that is reviewed. A workload with
         * more is denied by the Enforce policies that match it and only warned about by Warn policies: reviewing
         * it could take more memory than the operator has.
         */
        @WithDefault("1000")
        int maxContainers();

        /**
         * Connections without traffic for this long are closed. Longer than the 90 s after which the API server
         * drops its own idle connections, so it is always the API server that ends a connection it keeps for reuse.
         */
        @WithDefault("PT2M")
        Duration idleTimeout();

        /**
         * Also serve {@code POST /floor}, which only reads a review and allows it: the baseline that the
         * webhook load benchmark measures the real webhooks against. Off unless benchmarking.
         */
        @WithDefault("false")
        boolean floorEndpoint();
    }

    interface Tls {
        /** {@code self-managed}: the operator runs its own CA; {@code secret}: read a user's Secret; {@code cert-manager}: read the Secret cert-manager fills. */
        @WithDefault("self-managed")
        TlsMode mode();

        /** The Secret holding {@code tls.crt}, {@code tls.key} and {@code ca.crt}, in the operator's namespace. */
        @WithDefault("shipshape-webhook-tls")
        String secretName();

        /** Validity of a self-managed serving certificate. */
        @WithDefault("P365D")
        Duration validity();

        /** Renew a self-managed serving certificate this long before it expires. */
        @WithDefault("P30D")
        Duration renewBefore();

        /** Extra DNS names and IP addresses for the serving certificate besides the Service names and 127.0.0.1. */
        Optional<List<String>> extraSubjectAlternativeNames();
    }

    interface LeaderElection {
        /**
         * How long a lease lasts without renewal: after a leader dies, the time until another replica takes over
         * auditing and webhook management (admission is served by every replica meanwhile).
         */
        @WithDefault("PT60S")
        Duration leaseDuration();

        /**
         * How long the leader keeps trying to renew before it gives up the lease and exits (to be restarted):
         * an API server outage shorter than this never restarts the operator.
         */
        @WithDefault("PT45S")
        Duration renewDeadline();

        /** How often replicas try to acquire or renew the lease. */
        @WithDefault("PT5S")
        Duration retryPeriod();
    }

    interface Audit {
        /**
         * Least time between two passes of the audit that write a policy's status or PolicyReports: changes that
         * arrive meanwhile are written together at the end of it, so a burst of workload changes costs the API
         * server one status write per policy per interval instead of one per change.
         */
        @WithDefault("PT1S")
        Duration writeInterval();
    }

    interface Reports {
        /**
         * Which reports the audit writes: {@code auto} writes OpenReports ({@code openreports.io/v1alpha1} Report)
         * when the API server serves them and wgpolicyk8s {@code PolicyReport}s otherwise; {@code policy-report}
         * and {@code open-reports} write only those, {@code both} both. Nothing is written where the CRD is not
         * served.
         */
        @WithDefault("auto")
        ReportFormat format();
    }

    enum ReportFormat {
        AUTO, POLICY_REPORT, OPEN_REPORTS, BOTH
    }

    enum TlsMode {
        SELF_MANAGED, SECRET, CERT_MANAGER
    }
}
