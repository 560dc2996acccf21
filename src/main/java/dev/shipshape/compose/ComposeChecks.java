package dev.shipshape.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the catalogue's checks mean for a Compose service (the service fields they read, how to fix them there), and
 * the checks only Compose files have: network segmentation and databases publishing their ports.
 */
public final class ComposeChecks {

    /** The catalogue checks that apply to Compose services, with the service fields they read. */
    public static final Map<String, String> CATALOGUE_MEANINGS = catalogueMeanings();

    static final CheckDescriptor DEFAULT_NETWORK = CheckDescriptor.builder("compose-default-network")
            .title("Services on the default network only").category(Category.NETWORK).profile(Profile.HARDENED)
            .severity(Severity.LOW).fields("networks")
            .why("Every service on Compose's default network reaches every other one: a compromised frontend can "
                    + "talk to the database directly.")
            .fix("Declare networks (e.g. frontend, backend) and attach each service only to those it needs.")
            .build();

    static final CheckDescriptor DATABASE_PORTS = CheckDescriptor.builder("compose-database-ports")
            .title("Databases publishing ports to the host").category(Category.NETWORK).profile(Profile.HARDENED)
            .severity(Severity.MEDIUM).fields("ports")
            .why("A database port published on the host's interfaces is reachable from the network the host is on, "
                    + "past the application that should be its only client.")
            .fix("Let the other services reach the database over a Compose network (expose, or nothing), or bind "
                    + "the port to 127.0.0.1 for local tools.")
            .build();

    private static final Set<String> DATABASE_IMAGES = Set.of("postgres", "mysql", "mariadb", "mongo", "redis",
            "memcached", "elasticsearch", "opensearch", "cassandra", "couchdb", "influxdb", "neo4j", "clickhouse",
            "cockroachdb", "valkey", "etcd", "rabbitmq", "mssql", "oracle");
    private static final Set<Integer> DATABASE_PORTS_NUMBERS = Set.of(5432, 3306, 27017, 6379, 11211, 9200, 9300,
            9042, 5984, 8086, 7687, 9000, 8123, 26257, 2379, 5672, 1433, 1521);

    private ComposeChecks() {
    }

    private static Map<String, String> catalogueMeanings() {
        Map<String, String> meanings = new LinkedHashMap<>();
        meanings.put("privileged", "privileged: true");
        meanings.put("host-namespaces", "network_mode, pid or ipc: host");
        meanings.put("host-path-volumes", "bind mounts of sensitive host paths (docker.sock, /, /etc, /proc, ...)");
        meanings.put("volume-types",
                "bind mounts of sensitive host paths (in restricted, in place of host-path-volumes)");
        meanings.put("capabilities-baseline", "cap_add beyond Docker's defaults");
        meanings.put("apparmor-profile", "security_opt apparmor=unconfined");
        meanings.put("seccomp-baseline", "security_opt seccomp=unconfined");
        meanings.put("sysctls", "sysctls outside the safe set");
        meanings.put("allow-privilege-escalation", "security_opt no-new-privileges:true");
        meanings.put("run-as-non-root", "user set to a non-root user");
        meanings.put("run-as-user", "user not 0 or root");
        meanings.put("seccomp-restricted", "security_opt seccomp=unconfined (Docker's default profile counts)");
        meanings.put("capabilities-drop-all", "cap_drop: [ALL]");
        meanings.put("read-only-root-filesystem", "read_only: true (tmpfs for the paths it writes)");
        meanings.put("resource-limits", "deploy.resources.limits (or mem_limit and cpus)");
        meanings.put("liveness-probe", "healthcheck, not disabled");
        meanings.put("image-tag-pinned", "image pinned to a version tag or digest");
        meanings.put("secret-env-literals", "no secret literals in environment (Compose secrets: instead)");
        return Map.copyOf(meanings);
    }

    /** The checks only Compose files have. */
    public static List<CheckDescriptor> composeOnly() {
        return List.of(DEFAULT_NETWORK, DATABASE_PORTS);
    }

    /** How to fix a catalogue check's finding in a Compose file. */
    public static String fix(String checkId, String podFix) {
        return switch (checkId) {
            case "privileged" -> "Remove privileged: true; add only the capabilities the service needs with cap_add.";
            case "host-namespaces" -> "Remove network_mode: host, pid: host and ipc: host; publish ports instead.";
            case "host-path-volumes", "volume-types" ->
                    "Do not bind-mount the Docker socket or system folders; use named volumes.";
            case "allow-privilege-escalation" -> "Add security_opt: [\"no-new-privileges:true\"].";
            case "run-as-non-root", "run-as-user" ->
                    "Set user: \"10001\" (a numeric non-root UID the image can run as).";
            case "seccomp-baseline", "seccomp-restricted", "apparmor-profile" ->
                    "Remove the unconfined security_opt; Docker's default profiles apply then.";
            case "capabilities-drop-all" -> "Add cap_drop: [ALL] and cap_add only what the service needs.";
            case "capabilities-baseline" -> "Remove the cap_add entries beyond Docker's default set.";
            case "read-only-root-filesystem" -> "Set read_only: true and a tmpfs for each path the service writes, "
                    + "e.g. tmpfs: [/tmp].";
            case "resource-limits" -> "Set deploy.resources.limits.memory and .cpus (or mem_limit and cpus).";
            case "liveness-probe" -> "Declare a healthcheck with a test command.";
            case "secret-env-literals" -> "Move the value into a Compose secret (secrets:) or an env_file kept out of "
                    + "version control.";
            default -> podFix;
        };
    }

    /** A finding of a Compose-only check: the service, the field (relative to the service), the message. */
    record ServiceFinding(CheckDescriptor check, ComposeService service, FieldPath path, String message) {
    }

    /** The findings of the Compose-only checks in a file's services. */
    static List<ServiceFinding> composeOnlyFindings(JsonNode compose, List<ComposeService> services) {
        List<ServiceFinding> findings = new ArrayList<>();
        boolean segmented = services.size() > 1;
        for (ComposeService service : services) {
            JsonNode networks = service.node().path("networks");
            boolean ownNetworks = networks.isArray() && !networks.isEmpty()
                    || networks.isObject() && !networks.isEmpty();
            boolean hostNetwork = service.node().path("network_mode").isTextual();
            if (segmented && !ownNetworks && !hostNetwork) {
                findings.add(new ServiceFinding(DEFAULT_NETWORK, service, FieldPath.ROOT, "service "
                        + service.name() + " is on the default network only, where every service reaches it; "
                        + "attach it to the networks it needs"));
            }
            int index = 0;
            for (JsonNode port : service.node().path("ports")) {
                Published published = published(port);
                if (published != null && !published.loopback() && isDatabase(service, published.container())) {
                    findings.add(new ServiceFinding(DATABASE_PORTS, service, FieldPath.of("ports").index(index),
                            "service " + service.name() + " publishes database port " + published.container()
                                    + " on the host's interfaces"));
                }
                index++;
            }
        }
        return findings;
    }

    /** A published port: the container port, and whether it is bound to the loopback address only. */
    private record Published(int container, boolean loopback) {
    }

    private static Published published(JsonNode port) {
        if (port.isObject()) {
            if (!port.has("published")) {
                return null;
            }
            String hostIp = port.path("host_ip").asText("");
            return new Published(port.path("target").asInt(), hostIp.startsWith("127.") || hostIp.equals("::1"));
        }
        String text = port.asText().strip();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        String[] parts = text.split(":");
        if (parts.length < 2) {
            return null;
        }
        String container = parts[parts.length - 1];
        boolean loopback = parts.length == 3 && (parts[0].startsWith("127.") || parts[0].equals("localhost"));
        try {
            int number = Integer.parseInt(container.contains("-") ? container.substring(0, container.indexOf('-'))
                    : container);
            return new Published(number, loopback);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isDatabase(ComposeService service, int port) {
        String image = service.node().path("image").asText("").toLowerCase(Locale.ROOT);
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = repository.lastIndexOf(':');
        if (colon > repository.lastIndexOf('/')) {
            repository = repository.substring(0, colon);
        }
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        return DATABASE_IMAGES.contains(name) || DATABASE_PORTS_NUMBERS.contains(port);
    }
}
