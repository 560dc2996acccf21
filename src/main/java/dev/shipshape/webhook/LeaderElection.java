package dev.shipshape.webhook;

import dev.shipshape.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One replica at a time manages certificates and webhook configurations; every replica serves admission. */
public class LeaderElection {

    public static final String LEASE_NAME = "shipshape-leader";

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return new LeaderElectionConfiguration(LEASE_NAME, config.namespace());
    }
}
