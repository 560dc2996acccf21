package dev.shipshape.image.checks;

import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;

/** A catalogue check's meaning for images: same id, configured as the policy configures the catalogue check. */
abstract class CatalogueCheckInImage<C extends Check> implements DockerfileCheck {

    final C configured;

    /** @param configured the pod check as the policy configures it */
    CatalogueCheckInImage(C configured) {
        this.configured = configured;
    }

    @Override
    public final CheckDescriptor descriptor() {
        return configured.descriptor();
    }
}
