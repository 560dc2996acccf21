package dev.shipshape.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.policy.FieldPath;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service of a Compose file, and the pod a Kubernetes check would see in it: its image, user, read_only,
 * privileged, capabilities, security_opt, host namespaces, sensitive bind mounts, limits, healthcheck, environment
 * and sysctls become the fields of a one-container pod, so that the catalogue's checks decide about the service with
 * their own ids; and a pod field's path becomes the service field it came from.
 *
 * @param name the service's key under {@code services}
 * @param node the service
 */
public record ComposeService(String name, JsonNode node) {

    /** Host paths whose bind mount hands the container the host, themselves only: the root, the run folders. */
    private static final List<String> SENSITIVE_HOST_PATHS = List.of("/", "/var/run", "/run");
    /** Host paths whose bind mount, or a mount of anything below them, hands the container the host. */
    private static final List<String> SENSITIVE_HOST_TREES = List.of("/etc", "/var/run/docker.sock",
            "/run/docker.sock", "/proc", "/sys", "/dev", "/root", "/home", "/boot", "/var/lib/docker",
            "/var/lib/kubelet", "/usr", "/bin", "/sbin", "/lib");
    private static final Pattern MEMORY = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?$",
            Pattern.CASE_INSENSITIVE);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The services of a Compose file, in order; none when it has no {@code services} mapping. */
    public static List<ComposeService> of(JsonNode compose) {
        JsonNode services = compose.path("services");
        if (!services.isObject()) {
            return List.of();
        }
        return services.properties().stream()
                .filter(service -> service.getValue().isObject() || service.getValue().isNull())
                .map(service -> new ComposeService(service.getKey(), service.getValue().isNull()
                        ? NODES.objectNode() : service.getValue()))
                .toList();
    }

    /**
     * The first field whose value cannot be read (a size that is none, cpus that are no number), with why; null when
     * every field can.
     */
    public Map.Entry<FieldPath, String> invalidField() {
        List<Map.Entry<String, JsonNode>> sizes = List.of(
                Map.entry("mem_limit", node.path("mem_limit")),
                Map.entry("mem_reservation", node.path("mem_reservation")),
                Map.entry("deploy.resources.limits.memory", node.path("deploy").path("resources").path("limits")
                        .path("memory")),
                Map.entry("deploy.resources.reservations.memory", node.path("deploy").path("resources")
                        .path("reservations").path("memory")));
        for (Map.Entry<String, JsonNode> size : sizes) {
            if (!text(size.getValue()).isEmpty() && !MEMORY.matcher(text(size.getValue())).matches()) {
                return Map.entry(FieldPath.of(size.getKey().split("\\.")), size.getKey() + " \""
                        + size.getValue().asText() + "\" is not a size such as 512m or 1g");
            }
        }
        for (JsonNode cpus : List.of(node.path("cpus"), node.path("deploy").path("resources").path("limits")
                .path("cpus"))) {
            if (!text(cpus).isEmpty() && !text(cpus).matches("\\d+(\\.\\d+)?")) {
                return Map.entry(FieldPath.of("cpus"), "cpus \"" + cpus.asText() + "\" is not a number of CPUs");
            }
        }
        return null;
    }

    /** Where the service is in the file. */
    public FieldPath path() {
        return FieldPath.of("services", name);
    }

    /** Whether the service is built here and names no image: then no image pin can be judged. */
    public boolean buildsItsImage() {
        return node.has("build") && !node.path("image").isTextual();
    }

    /** The pod a Kubernetes check would see in the service, as a manifest ({@code namespace} names the file). */
    public ObjectNode pod(String namespace) {
        ObjectNode pod = NODES.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode spec = pod.putObject("spec");
        ObjectNode container = spec.putArray("containers").addObject().put("name", name);
        if (node.path("image").isTextual()) {
            container.put("image", node.get("image").asText());
        }
        ObjectNode context = container.putObject("securityContext");
        ObjectNode podContext = spec.putObject("securityContext");
        user(context);
        if (node.path("read_only").asBoolean(false)) {
            context.put("readOnlyRootFilesystem", true);
        }
        if (node.path("privileged").asBoolean(false)) {
            context.put("privileged", true);
        }
        capabilities(context);
        securityOptions(context);
        spec.put("hostNetwork", "host".equals(node.path("network_mode").asText()));
        spec.put("hostPID", "host".equals(node.path("pid").asText()));
        spec.put("hostIPC", "host".equals(node.path("ipc").asText()));
        hostPaths(spec, container);
        resources(container);
        healthcheck(container);
        environment(container);
        sysctls(podContext);
        return pod;
    }

    private void user(ObjectNode context) {
        String user = text(node.path("user"));
        if (user.isEmpty()) {
            return;
        }
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            if (name.chars().allMatch(c -> c == '0')) {
                context.put("runAsUser", 0);
            } else {
                context.put("runAsNonRoot", true);
                context.put("runAsUser", name.length() <= 18 ? Long.parseLong(name) : Long.MAX_VALUE);
            }
        } else if (!name.equals("root")) {
            context.put("runAsNonRoot", true);
        } else {
            context.put("runAsUser", 0);
        }
    }

    private void capabilities(ObjectNode context) {
        JsonNode drop = node.path("cap_drop");
        JsonNode add = node.path("cap_add");
        if (!drop.isArray() && !add.isArray()) {
            return;
        }
        ObjectNode capabilities = context.putObject("capabilities");
        if (drop.isArray()) {
            ArrayNode dropped = capabilities.putArray("drop");
            drop.forEach(capability -> dropped.add(capability(capability.asText())));
        }
        if (add.isArray()) {
            ArrayNode added = capabilities.putArray("add");
            add.forEach(capability -> added.add(capability(capability.asText())));
        }
    }

    private static String capability(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    private void securityOptions(ObjectNode context) {
        String seccomp = "RuntimeDefault";
        for (JsonNode option : node.path("security_opt")) {
            String text = option.asText().strip().replace('=', ':');
            if (text.equals("no-new-privileges") || text.equals("no-new-privileges:true")) {
                context.put("allowPrivilegeEscalation", false);
            } else if (text.equals("seccomp:unconfined")) {
                seccomp = "Unconfined";
            } else if (text.startsWith("seccomp:")) {
                seccomp = "Localhost";
            } else if (text.equals("apparmor:unconfined")) {
                context.putObject("appArmorProfile").put("type", "Unconfined");
            }
        }
        if (node.path("privileged").asBoolean(false)) {
            seccomp = "Unconfined";
        }
        ObjectNode profile = context.putObject("seccompProfile").put("type", seccomp);
        if (seccomp.equals("Localhost")) {
            profile.put("localhostProfile", "compose");
        }
    }

    /** Only binds of sensitive host paths become hostPath volumes: a project folder mounted in is Compose's norm. */
    private void hostPaths(ObjectNode spec, ObjectNode container) {
        ArrayNode volumes = spec.putArray("volumes");
        ArrayNode mounts = container.putArray("volumeMounts");
        int index = 0;
        for (JsonNode volume : node.path("volumes")) {
            String source = volume.isTextual() ? volume.asText().split(":")[0]
                    : "bind".equals(volume.path("type").asText()) ? volume.path("source").asText("") : "";
            String target = volume.isTextual() ? (volume.asText().split(":").length > 1
                    ? volume.asText().split(":")[1] : source) : volume.path("target").asText("/");
            if (isSensitive(source)) {
                String name = "host-" + index;
                volumes.addObject().put("name", name).putObject("hostPath").put("path", source);
                mounts.addObject().put("name", name).put("mountPath", target);
            }
            index++;
        }
    }

    static boolean isSensitive(String hostPath) {
        if (!hostPath.startsWith("/")) {
            return false;
        }
        String path = hostPath.length() > 1 && hostPath.endsWith("/") ? hostPath.substring(0, hostPath.length() - 1)
                : hostPath;
        return SENSITIVE_HOST_PATHS.contains(path) || SENSITIVE_HOST_TREES.stream()
                .anyMatch(tree -> path.equals(tree) || path.startsWith(tree + "/"));
    }

    private void resources(ObjectNode container) {
        JsonNode limits = node.path("deploy").path("resources").path("limits");
        JsonNode reservations = node.path("deploy").path("resources").path("reservations");
        String memory = text(limits.path("memory")).isEmpty() ? text(node.path("mem_limit"))
                : text(limits.path("memory"));
        String cpus = text(limits.path("cpus")).isEmpty() ? text(node.path("cpus")) : text(limits.path("cpus"));
        ObjectNode resources = container.putObject("resources");
        ObjectNode podLimits = resources.putObject("limits");
        if (!memory.isEmpty()) {
            podLimits.put("memory", quantity(memory));
        }
        if (!cpus.isEmpty()) {
            podLimits.put("cpu", cpus);
        }
        String memoryRequest = text(reservations.path("memory")).isEmpty() ? text(node.path("mem_reservation"))
                : text(reservations.path("memory"));
        if (!memoryRequest.isEmpty()) {
            resources.putObject("requests").put("memory", quantity(memoryRequest));
        }
    }

    /** A scalar's text, stripped; empty for a missing or null value, which Compose reads as unset. */
    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() || value.isContainerNode() ? "" : value.asText().strip();
    }

    /** Compose's memory size ({@code 512m}, {@code 1gb}) as a Kubernetes quantity ({@code 512Mi}). */
    static String quantity(String size) {
        Matcher matcher = MEMORY.matcher(size.strip());
        if (!matcher.matches()) {
            return size;
        }
        Map<String, String> units = Map.of("", "", "k", "Ki", "m", "Mi", "g", "Gi", "t", "Ti");
        return matcher.group(1) + units.get(matcher.group(2).toLowerCase(Locale.ROOT));
    }

    private void healthcheck(ObjectNode container) {
        JsonNode healthcheck = node.path("healthcheck");
        if (!healthcheck.isObject() || healthcheck.path("disable").asBoolean(false)) {
            return;
        }
        JsonNode test = healthcheck.path("test");
        boolean none = test.isArray() && test.size() > 0 && "NONE".equals(test.get(0).asText())
                || test.isTextual() && test.asText().strip().equals("NONE");
        if (!test.isMissingNode() && !none) {
            container.putObject("livenessProbe").putObject("exec").putArray("command").add("healthcheck");
        }
    }

    private void environment(ObjectNode container) {
        JsonNode environment = node.path("environment");
        ArrayNode env = container.putArray("env");
        if (environment.isObject()) {
            environment.properties().forEach(variable -> env.addObject().put("name", variable.getKey())
                    .put("value", variable.getValue().isNull() ? "" : variable.getValue().asText()));
        } else if (environment.isArray()) {
            for (JsonNode variable : environment) {
                String text = variable.asText();
                int equals = text.indexOf('=');
                env.addObject().put("name", equals < 0 ? text : text.substring(0, equals))
                        .put("value", equals < 0 ? "" : text.substring(equals + 1));
            }
        }
    }

    private void sysctls(ObjectNode podContext) {
        JsonNode sysctls = node.path("sysctls");
        ArrayNode list = NODES.arrayNode();
        if (sysctls.isObject()) {
            sysctls.properties().forEach(sysctl -> list.addObject().put("name", sysctl.getKey())
                    .put("value", sysctl.getValue().asText()));
        } else if (sysctls.isArray()) {
            for (JsonNode sysctl : sysctls) {
                String[] parts = sysctl.asText().split("=", 2);
                list.addObject().put("name", parts[0]).put("value", parts.length > 1 ? parts[1] : "");
            }
        }
        if (!list.isEmpty()) {
            podContext.set("sysctls", list);
        }
    }
}
