package dev.shipshape.image.checks;

import dev.shipshape.image.DockerfileCheck;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;

/** A check only images have: its own id ({@code dockerfile-...}), in the hardened profile. */
abstract class ImageOnlyCheck implements DockerfileCheck {

    private final CheckDescriptor descriptor;

    ImageOnlyCheck(String id, String title, Category category, Severity severity, String why, String fix,
                   String... instructions) {
        this.descriptor = CheckDescriptor.builder(id).title(title).category(category).profile(Profile.HARDENED)
                .severity(severity).fields(instructions).why(why).fix(fix).build();
    }

    @Override
    public final CheckDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final String fix() {
        return descriptor.fix();
    }
}
