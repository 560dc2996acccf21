package dev.shipshape.cli;

import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options that choose the policy of {@code scan} and {@code fix}. */
final class PolicyOptions {

    static final class Source {
        @Option(names = "--profile", paramLabel = "NAME", converter = Converters.ProfileConverter.class,
                completionCandidates = Converters.ProfileCandidates.class,
                description = "Check profile: ${COMPLETION-CANDIDATES} (default: hardened). Profiles are "
                        + "cumulative: baseline and restricted decide as the Pod Security Standards levels.")
        Profile profile;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "A HardeningPolicy manifest (apiVersion shipshape.dev/v1alpha1): its profile, check "
                        + "overrides, match rules, exemptions and denySeverity apply, as in the cluster.")
        String policyFile;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "default",
            description = "Namespace of objects that set none (default: ${DEFAULT-VALUE}).")
    String namespace;

    /**
     * @throws InputException when the policy file cannot be read or is invalid
     */
    CompiledPolicy load(CliContext context) throws InputException {
        if (source != null && source.policyFile != null) {
            return PolicyFiles.load(source.policyFile, context);
        }
        return CompiledPolicy.forProfile(source != null && source.profile != null ? source.profile : Profile.HARDENED);
    }
}
