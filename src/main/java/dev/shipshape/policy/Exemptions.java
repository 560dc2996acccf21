package dev.shipshape.policy;

import java.time.Instant;
import java.util.List;

/** A policy's exemptions, looked up per finding. */
public final class Exemptions {

    public static final Exemptions NONE = new Exemptions(List.of());

    private final List<Exemption> exemptions;

    public Exemptions(List<Exemption> exemptions) {
        this.exemptions = List.copyOf(exemptions);
    }

    public List<Exemption> all() {
        return exemptions;
    }

    public boolean isEmpty() {
        return exemptions.isEmpty();
    }

    /**
     * The first unexpired exemption that covers {@code finding}; failing that, the first expired one that
     * would have covered it (reported as expired); failing that, none.
     */
    public ExemptionMatch lookup(Finding finding, Instant now) {
        Exemption expired = null;
        for (Exemption exemption : exemptions) {
            if (exemption.covers(finding)) {
                if (!exemption.expiredAt(now)) {
                    return new ExemptionMatch(exemption, false);
                }
                if (expired == null) {
                    expired = exemption;
                }
            }
        }
        return expired == null ? null : new ExemptionMatch(expired, true);
    }

    /**
     * @param exemption the exemption that covers the finding
     * @param expired true when it has expired and so no longer applies
     */
    public record ExemptionMatch(Exemption exemption, boolean expired) {
    }
}
