package dev.shipshape.cluster;

import dev.shipshape.OperatorConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;

/**
 * One replica at a time manages certificates and webhook configurations and audits; every replica serves
 * admission. Becoming the leader fires {@link StartedLeading}, for work that starts with the lead (such as the
 * self-managed certificate, created before any policy exists). A replica that loses the lease while running exits, so that its restart rejoins the
 * election with fresh state; the renew deadline is long enough that a short API server outage does not cause that.
 * Exiting happens on a thread of its own: when the lease is given up because the JVM is shutting down (SIGTERM),
 * that thread just waits for the shutdown to finish instead of blocking it.
 */
public class LeaderElection {

    public static final String LEASE_NAME = "shipshape-leader";

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config, Event<StartedLeading> startedLeading) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
                .withLeaseNamespace(config.namespace())
                .withIdentity(identity())
                .withLeaseDuration(config.leaderElection().leaseDuration())
                .withRenewDeadline(config.leaderElection().renewDeadline())
                .withRetryPeriod(config.leaderElection().retryPeriod())
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(new LeaderCallbacks(() -> {
                    LOG.info("leading: auditing and managing webhooks");
                    startedLeading.fire(new StartedLeading());
                }, LeaderElection::exitAfterLosingTheLease, leader -> LOG.infof("the leader is %s", leader)))
                .build();
    }

    /**
     * Without leader election (the extension enables it only for the profiles in
     * {@code quarkus.operator-sdk.activate-leader-election-for-profiles}, {@code prod} by default) the replica is the
     * only one and leads from its start: the work that starts with the lead starts then.
     */
    void leadWithoutElection(@Observes StartupEvent started, ConfigurationService operator,
                             Event<StartedLeading> startedLeading) {
        if (operator.getLeaderElectionConfiguration().isEmpty()) {
            LOG.info("leader election is off for this profile: leading from the start");
            Thread lead = new Thread(() -> startedLeading.fire(new StartedLeading()), "shipshape-lead");
            lead.setDaemon(true);
            lead.start();
        }
    }

    /** The pod's name (its host name) and a random suffix, so that two processes on one host never share it. */
    private static String identity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank())
                .orElse("shipshape");
        return host + "_" + UUID.randomUUID();
    }

    private static void exitAfterLosingTheLease() {
        LOG.info("stopped leading: exiting");
        Thread exit = new Thread(() -> System.exit(1), "leader-lease-lost");
        exit.setDaemon(true);
        exit.start();
    }

    /** Fired when this replica becomes the leader, on the leader election's thread. */
    public record StartedLeading() {
    }
}
