package dev.shipshape.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Finding;
import dev.shipshape.policy.PolicyEvaluator;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.WorkloadRef;
import dev.shipshape.workload.InvalidWorkloadException;
import dev.shipshape.workload.Workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the services of a Compose file: the catalogue checks that apply to services (on the pod each service
 * amounts to, findings moved to the service field they came from and worded for Compose) and the Compose-only ones.
 */
public final class ComposeEvaluator {

    /** The kind reports give a Compose service. */
    public static final String KIND = "ComposeService";
    private static final String API_VERSION = "shipshape.dev/compose";

    /** Pod fields, by their last key, and the service field they come from. */
    private static final Map<String, String> SERVICE_FIELDS = Map.ofEntries(
            Map.entry("readOnlyRootFilesystem", "read_only"), Map.entry("privileged", "privileged"),
            Map.entry("capabilities", "cap_drop"), Map.entry("add", "cap_add"), Map.entry("drop", "cap_drop"),
            Map.entry("allowPrivilegeEscalation", "security_opt"), Map.entry("runAsNonRoot", "user"),
            Map.entry("runAsUser", "user"), Map.entry("seccompProfile", "security_opt"),
            Map.entry("type", "security_opt"), Map.entry("appArmorProfile", "security_opt"),
            Map.entry("hostNetwork", "network_mode"), Map.entry("hostPID", "pid"), Map.entry("hostIPC", "ipc"),
            Map.entry("hostPath", "volumes"), Map.entry("volumes", "volumes"), Map.entry("path", "volumes"),
            Map.entry("limits", "deploy"), Map.entry("cpu", "deploy"), Map.entry("memory", "deploy"),
            Map.entry("resources", "deploy"), Map.entry("livenessProbe", "healthcheck"),
            Map.entry("image", "image"), Map.entry("sysctls", "sysctls"));

    private ComposeEvaluator() {
    }

    /**
     * A service and what was found in it.
     *
     * @param service the service
     * @param workload the pod it amounts to, named {@code file/service} by namespace and name
     * @param findings its findings, before exemptions, at paths relative to the service
     */
    public record EvaluatedService(ComposeService service, Workload workload, List<Finding> findings) {
    }

    /** A service whose fields cannot make a pod (a limit that is no quantity, ...): names the service. */
    public static final class InvalidServiceException extends Exception {
        private final FieldPath path;

        InvalidServiceException(FieldPath path, String message) {
            super(message);
            this.path = path;
        }

        public FieldPath path() {
            return path;
        }
    }

    /**
     * @param file how reports name the Compose file: the namespace of its services' refs
     * @param ignored check ids not to run, besides those the policy does not run
     */
    public static List<EvaluatedService> evaluate(CompiledPolicy policy, JsonNode compose, String file,
                                                  Set<String> ignored) throws InvalidServiceException {
        CompiledPolicy forServices = policy.withChecks(policy.checks().stream()
                .filter(check -> ComposeChecks.CATALOGUE_MEANINGS.containsKey(check.id())).toList());
        List<ComposeService> services = ComposeService.of(compose);
        List<EvaluatedService> evaluated = new ArrayList<>();
        for (ComposeService service : services) {
            Map.Entry<FieldPath, String> invalid = service.invalidField();
            if (invalid != null) {
                throw new InvalidServiceException(service.path().resolve(invalid.getKey()), "service "
                        + service.name() + ": " + invalid.getValue());
            }
            Workload workload;
            try {
                workload = Workloads.fromTree(service.pod(file)).orElseThrow();
            } catch (InvalidWorkloadException e) {
                throw new InvalidServiceException(service.path(), "service " + service.name() + ": "
                        + e.getMessage());
            }
            WorkloadRef ref = new WorkloadRef(API_VERSION, KIND, file, service.name());
            List<Finding> findings = new ArrayList<>();
            for (Finding finding : PolicyEvaluator.findings(forServices, workload)) {
                if (finding.checkId().equals("image-tag-pinned") && service.buildsItsImage()) {
                    continue;
                }
                findings.add(new Finding(finding.checkId(), finding.severity(), ref, null, finding.image(),
                        servicePath(service, finding.path()), message(service, finding.message()),
                        ComposeChecks.fix(finding.checkId(), finding.fix())));
            }
            evaluated.add(new EvaluatedService(service, new Workload(ref, Map.of(), Map.of(), null,
                    workload.podSpec(), FieldPath.ROOT, FieldPath.of("spec"), false), findings));
        }
        if (policy.profile() == Profile.HARDENED) {
            for (ComposeChecks.ServiceFinding finding : ComposeChecks.composeOnlyFindings(compose, services)) {
                CheckDescriptor check = finding.check();
                if (ignored.contains(check.id())) {
                    continue;
                }
                for (EvaluatedService service : evaluated) {
                    if (service.service() == finding.service()) {
                        service.findings().add(new Finding(check.id(), check.severity(), service.workload().ref(),
                                null, finding.service().node().path("image").asText(null), finding.path(),
                                finding.message(), check.fix()));
                    }
                }
            }
        }
        return evaluated;
    }

    /** The service field a pod field came from, relative to the service, when the service sets it; else the service. */
    static FieldPath servicePath(ComposeService service, FieldPath podPath) {
        List<Object> segments = podPath.segments();
        int count = segments.size();
        if (count >= 3 && "env".equals(segments.get(count - 3)) && segments.get(count - 2) instanceof Integer index) {
            return environmentPath(service, index);
        }
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i) instanceof String key && SERVICE_FIELDS.containsKey(key)) {
                String field = SERVICE_FIELDS.get(key);
                if (field.equals("deploy") && !service.node().has("deploy")) {
                    field = service.node().has("mem_limit") ? "mem_limit" : "deploy";
                }
                return service.node().has(field) ? FieldPath.of(field) : FieldPath.ROOT;
            }
        }
        return FieldPath.ROOT;
    }

    private static FieldPath environmentPath(ComposeService service, int index) {
        JsonNode environment = service.node().path("environment");
        if (environment.isArray()) {
            return FieldPath.of("environment").index(index);
        }
        if (environment.isObject() && index < environment.size()) {
            return FieldPath.of("environment").field(environment.properties().stream().skip(index)
                    .findFirst().orElseThrow().getKey());
        }
        return FieldPath.ROOT;
    }

    /** A pod check's message about the service's container, worded for Compose. */
    static String message(ComposeService service, String podMessage) {
        String name = service.name();
        return podMessage.replace("pod or container \"" + name + "\"", "service " + name)
                .replace("container \"" + name + "\"", "service " + name)
                .replaceFirst("^pod ", "service " + name + " ")
                .replace("securityContext.readOnlyRootFilesystem=true", "read_only: true")
                .replace("securityContext.allowPrivilegeEscalation=false", "security_opt no-new-privileges:true")
                .replace("securityContext.runAsNonRoot=true", "user (a non-root user)")
                .replace("securityContext.capabilities.drop=[\"ALL\"]", "cap_drop: [ALL]")
                .replace("resources.limits.", "a limit of ")
                .replace("env ", "environment ")
                .replace("use valueFrom.secretKeyRef to a Secret", "use a Compose secret (secrets:)")
                .replace("hostNetwork=true", "network_mode: host").replace("hostPID=true", "pid: host")
                .replace("hostIPC=true", "ipc: host")
                .replaceAll("volume \"host-\\d+\" ", "a bind mount ")
                .replace(" of restricted type hostPath", " of a sensitive host path")
                .replace("securityContext.privileged=true", "privileged: true")
                .replace("define a livenessProbe", "declare a healthcheck")
                .replace("securityContext.runAsUser=0", "user: root")
                .replace("securityContext.seccompProfile.type to \"Unconfined\"; use RuntimeDefault or Localhost",
                        "security_opt seccomp=unconfined (privileged: true implies it)");
    }
}
