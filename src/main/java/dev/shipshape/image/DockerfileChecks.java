package dev.shipshape.image;

import dev.shipshape.image.checks.BuildToolsInImage;
import dev.shipshape.image.checks.PipeToShellInImage;
import dev.shipshape.image.checks.SudoInImage;
import dev.shipshape.image.checks.WorldWritableInImage;
import dev.shipshape.image.checks.DockerignoreInImage;
import dev.shipshape.image.checks.HealthcheckInImage;
import dev.shipshape.image.checks.ImageTagPinnedInImage;
import dev.shipshape.image.checks.InitProcessInImage;
import dev.shipshape.image.checks.PackageCacheInImage;
import dev.shipshape.image.checks.RemoteAddInImage;
import dev.shipshape.image.checks.RunAsNonRootInImage;
import dev.shipshape.image.checks.SecretFilesInImage;
import dev.shipshape.image.checks.SecretLiteralsInImage;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.checks.ImageTagPinnedCheck;
import dev.shipshape.policy.checks.LivenessProbeCheck;
import dev.shipshape.policy.checks.RunAsNonRootCheck;
import dev.shipshape.policy.checks.SecretEnvLiteralsCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Dockerfile checks, registered in one place: those of catalogue checks (same ids, run as the policy configures
 * the catalogue check: its severity, its parameters, off when it is off) and those only images have (in the hardened
 * profile, at their own severity).
 */
public final class DockerfileChecks {

    /**
     * A Dockerfile check as a policy runs it.
     *
     * @param check the configured check
     * @param severity the severity of its findings
     */
    public record Active(DockerfileCheck check, Severity severity) {

        public String id() {
            return check.descriptor().id();
        }
    }

    /** Every check only images have, in catalogue order. */
    public static List<DockerfileCheck> imageOnly() {
        return List.of(new SecretFilesInImage(), new BuildToolsInImage(), new PackageCacheInImage(),
                new RemoteAddInImage(), new PipeToShellInImage(), new WorldWritableInImage(),
                new SudoInImage(), new InitProcessInImage(), new DockerignoreInImage());
    }

    /** What each catalogue check that also applies to Dockerfiles checks in them. */
    public static final Map<String, String> CATALOGUE_MEANINGS = Map.of(
            "run-as-non-root", "the final image's last USER is a non-zero numeric UID",
            "image-tag-pinned", "every FROM (ARG defaults resolved) and COPY --from image is pinned",
            "secret-env-literals", "no ENV of the final image and no ARG default holds a secret literally",
            "liveness-probe", "the final image declares a HEALTHCHECK (parameter dockerfileHealthcheck)");

    private DockerfileChecks() {
    }

    /** The Dockerfile checks {@code policy} runs. */
    public static List<Active> of(CompiledPolicy policy) {
        List<Active> active = new ArrayList<>();
        for (ActiveCheck check : policy.checks()) {
            DockerfileCheck forImages = switch (check.id()) {
                case "run-as-non-root" -> new RunAsNonRootInImage((RunAsNonRootCheck) check.check());
                case "image-tag-pinned" -> new ImageTagPinnedInImage((ImageTagPinnedCheck) check.check());
                case "secret-env-literals" -> new SecretLiteralsInImage((SecretEnvLiteralsCheck) check.check());
                case "liveness-probe" -> new HealthcheckInImage((LivenessProbeCheck) check.check());
                default -> null;
            };
            if (forImages != null) {
                active.add(new Active(forImages, check.severity()));
            }
        }
        if (policy.profile() == Profile.HARDENED) {
            imageOnly().forEach(check -> active.add(new Active(check, check.descriptor().severity())));
        }
        return active;
    }
}
