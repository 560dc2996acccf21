package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import dev.shipshape.cli.input.ExemptionFiles;
import dev.shipshape.cli.input.InputException;
import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.PolicyFiles;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.DeclaredKind;
import dev.shipshape.policy.LabelledPolicy;
import dev.shipshape.policy.PodSecurityVersion;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.WorkloadKinds;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

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

    @Option(names = "--pss-version", paramLabel = "VERSION", converter = Converters.PodSecurityVersionConverter.class,
            description = "Pod Security Standards version the baseline and restricted checks follow, as Pod Security "
                    + "Admission's enforce-version label: latest or v1.N (default: latest, or the --policy file's "
                    + "spec.podSecurityVersion, which this replaces).")
    PodSecurityVersion podSecurityVersion;

    @Option(names = "--workload-kind", paramLabel = "DECLARATION", converter = Converters.DeclaredKindConverter.class,
            description = "Also treat this kind as a workload (repeatable): GROUP/VERSION/KIND[:PLURAL]="
                    + "TEMPLATE_PATH[;batch], ;batch for pods that run to completion, e.g. "
                    + "argoproj.io/v1alpha1/Rollout=spec.template.")
    List<DeclaredKind> workloadKinds = new ArrayList<>();

    @Option(names = "--exemptions", paramLabel = "FILE",
            description = "HardeningExemption manifests (repeatable; files or folders) that the --policy honours "
                    + "as in the cluster, where its spec.delegatedExemptions allows them (expiry counted from now for "
                    + "manifests without a creationTimestamp); the others are named on stderr.")
    List<String> exemptionFiles = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "default",
            description = "Namespace of objects that set none (default: ${DEFAULT-VALUE}).")
    String namespace;

    /** True when the policy comes from a {@code --policy} file, not a profile. */
    boolean fromFile() {
        return source != null && source.policyFile != null;
    }

    /** The built-in workload kinds and those given with {@code --workload-kind}. */
    WorkloadKinds kinds() {
        return new WorkloadKinds(workloadKinds);
    }

    /**
     * @param warnings gets a line for each exemption of {@code --exemptions} the policy does not honour
     * @throws InputException when the policy or an exemption file cannot be read or is invalid
     */
    CompiledPolicy load(CliContext context, List<String> warnings) throws InputException {
        if (fromFile()) {
            LabelledPolicy loaded = PolicyFiles.loadLabelled(source.policyFile, podSecurityVersion, context);
            if (exemptionFiles.isEmpty()) {
                return loaded.policy();
            }
            return ExemptionFiles.honoured(loaded, exemptionFiles, namespace, context, warnings);
        }
        if (!exemptionFiles.isEmpty()) {
            throw new InputException(InputProblem.ofFile(exemptionFiles.get(0), "--exemptions needs --policy: "
                    + "only a HardeningPolicy with spec.delegatedExemptions honours HardeningExemptions"));
        }
        return CompiledPolicy.forProfile(source != null && source.profile != null ? source.profile : Profile.HARDENED,
                podSecurityVersion == null ? PodSecurityVersion.LATEST : podSecurityVersion);
    }
}
