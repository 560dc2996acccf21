package dev.shipshape.cli.scan;

import dev.shipshape.cli.input.InputProblem;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cli.input.SourcePosition;
import dev.shipshape.compose.ComposeChecks;
import dev.shipshape.compose.ComposeEvaluator;
import dev.shipshape.policy.ActiveCheck;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.EvaluationResult;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Scans the services of a Compose file as workloads of kind {@code ComposeService}, named {@code file/service}. */
final class ComposeScan {

    private final CompiledPolicy policy;
    private final Set<String> ignored;
    private final Instant now;
    private final List<String> checkIds;

    ComposeScan(CompiledPolicy policy, Set<String> ignored, Instant now) {
        this.policy = policy;
        this.ignored = ignored;
        this.now = now;
        List<String> ids = new ArrayList<>(policy.checks().stream().map(ActiveCheck::id)
                .filter(ComposeChecks.CATALOGUE_MEANINGS::containsKey).toList());
        if (policy.profile() == Profile.HARDENED) {
            ComposeChecks.composeOnly().stream().map(CheckDescriptor::id).filter(id -> !ignored.contains(id))
                    .forEach(ids::add);
        }
        this.checkIds = List.copyOf(ids);
    }

    /** The services of one document of a Compose file. */
    List<ScannedWorkload> scan(ManifestFile file, ManifestDocument document)
            throws WorkloadScanner.InvalidObjectException {
        List<ComposeEvaluator.EvaluatedService> services;
        try {
            services = ComposeEvaluator.evaluate(policy, document.tree(), file.name(), ignored);
        } catch (ComposeEvaluator.InvalidServiceException e) {
            SourcePosition position = document.sourceMap().locate(e.path());
            throw new WorkloadScanner.InvalidObjectException(new InputProblem(file.name(), position.line(),
                    position.column(), e.getMessage()));
        }
        List<ScannedWorkload> scanned = new ArrayList<>();
        for (ComposeEvaluator.EvaluatedService service : services) {
            ManifestObject object = new ManifestObject(file, document, service.service().path(),
                    service.service().node());
            EvaluationResult result = PolicyEvaluator.decide(policy, service.workload(), service.findings(), now);
            scanned.add(new ScannedWorkload(object, service.workload(), result, result.violations(), List.of(),
                    checkIds));
        }
        return scanned;
    }
}
