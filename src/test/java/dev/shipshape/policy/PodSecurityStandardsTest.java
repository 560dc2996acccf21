package dev.shipshape.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.admissionpolicy.AdmissionPolicyEquivalence;
import dev.shipshape.policy.checks.CheckFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Whole-pod decisions of the {@code baseline} and {@code restricted} profiles against what Pod Security
 * Admission decides at the same levels and versions (latest unless a case names one): allowed exactly when the
 * profile has no finding.
 * Starts from a pod that the restricted level allows and changes one thing per case.
 */
class PodSecurityStandardsTest {

    private static final String RESTRICTED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: app, namespace: shop}
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile: {type: RuntimeDefault}
              initContainers:
              - name: init
                image: init:1
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
              containers:
              - name: app
                image: app:1
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """;

    private static Arguments pod(String name, boolean baselineAllows, boolean restrictedAllows,
                                 Consumer<ObjectNode> change) {
        return arguments(name, baselineAllows, restrictedAllows, change);
    }

    private static ObjectNode app(ObjectNode pod) {
        return (ObjectNode) pod.at("/spec/containers/0");
    }

    private static ObjectNode appSecurity(ObjectNode pod) {
        return (ObjectNode) app(pod).get("securityContext");
    }

    private static ObjectNode podSecurity(ObjectNode pod) {
        return (ObjectNode) pod.at("/spec/securityContext");
    }

    private static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    private static void volume(ObjectNode pod, String type, String json) {
        ObjectNode volume = spec(pod).putArray("volumes").addObject().put("name", "v");
        volume.set(type, CheckFixtures.tree(json));
    }

    private static void windows(ObjectNode pod) {
        spec(pod).putObject("os").put("name", "windows");
        for (String list : new String[]{"containers", "initContainers"}) {
            for (var container : spec(pod).withArray(list)) {
                ((ObjectNode) container).remove("securityContext");
            }
        }
        podSecurity(pod).remove("seccompProfile");
    }

    static Stream<Arguments> pods() {
        return Stream.of(
                pod("restricted pod", true, true, pod -> { }),
                pod("no security settings at all", true, false, pod -> {
                    spec(pod).remove("securityContext");
                    app(pod).remove("securityContext");
                    spec(pod).remove("initContainers");
                }),
                pod("privileged container", false, false, pod -> appSecurity(pod).put("privileged", true)),
                pod("privileged ephemeral container", false, false, pod -> spec(pod).putArray("ephemeralContainers")
                        .add(CheckFixtures.tree("{name: dbg, image: d:1, securityContext: {privileged: true,"
                                + " allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}"))),
                pod("hostNetwork", false, false, pod -> spec(pod).put("hostNetwork", true)),
                pod("hostPID", false, false, pod -> spec(pod).put("hostPID", true)),
                pod("hostIPC", false, false, pod -> spec(pod).put("hostIPC", true)),
                pod("hostNetwork false", true, true, pod -> spec(pod).put("hostNetwork", false)),
                pod("hostPath volume", false, false, pod -> volume(pod, "hostPath", "{path: /var/run}")),
                pod("nfs volume", true, false, pod -> volume(pod, "nfs", "{server: nfs.local, path: /x}")),
                pod("image volume", true, true, pod -> volume(pod, "image", "{reference: data:1}")),
                pod("projected volume", true, true, pod -> volume(pod, "projected", "{sources: []}")),
                pod("hostPort", false, false, pod -> app(pod).putArray("ports")
                        .add(CheckFixtures.tree("{containerPort: 80, hostPort: 8080}"))),
                pod("hostPort 0", true, true, pod -> app(pod).putArray("ports")
                        .add(CheckFixtures.tree("{containerPort: 80, hostPort: 0}"))),
                pod("hostProcess", false, false, pod -> podSecurity(pod).putObject("windowsOptions")
                        .put("hostProcess", true)),
                pod("add NET_RAW", false, false, pod -> ((ObjectNode) appSecurity(pod).get("capabilities"))
                        .putArray("add").add("NET_RAW")),
                pod("add CHOWN", true, false, pod -> ((ObjectNode) appSecurity(pod).get("capabilities"))
                        .putArray("add").add("CHOWN")),
                pod("add NET_BIND_SERVICE", true, true, pod -> ((ObjectNode) appSecurity(pod).get("capabilities"))
                        .putArray("add").add("NET_BIND_SERVICE")),
                pod("drop without ALL", true, false, pod -> ((ObjectNode) appSecurity(pod).get("capabilities"))
                        .putArray("drop").add("NET_RAW")),
                pod("AppArmor Unconfined", false, false, pod -> appSecurity(pod).putObject("appArmorProfile")
                        .put("type", "Unconfined")),
                pod("AppArmor Localhost", true, true, pod -> podSecurity(pod).putObject("appArmorProfile")
                        .put("type", "Localhost").put("localhostProfile", "k8s-app")),
                pod("AppArmor annotation unconfined", false, false, pod -> ((ObjectNode) pod.get("metadata"))
                        .putObject("annotations").put("container.apparmor.security.beta.kubernetes.io/app", "unconfined")),
                pod("AppArmor annotation runtime/default", true, true, pod -> ((ObjectNode) pod.get("metadata"))
                        .putObject("annotations")
                        .put("container.apparmor.security.beta.kubernetes.io/app", "runtime/default")),
                pod("SELinux type spc_t", false, false, pod -> appSecurity(pod).putObject("seLinuxOptions")
                        .put("type", "spc_t")),
                pod("SELinux type container_engine_t", true, true, pod -> podSecurity(pod)
                        .putObject("seLinuxOptions").put("type", "container_engine_t")),
                pod("SELinux user", false, false, pod -> podSecurity(pod).putObject("seLinuxOptions")
                        .put("user", "system_u")),
                pod("SELinux level only", true, true, pod -> podSecurity(pod).putObject("seLinuxOptions")
                        .put("level", "s0:c123,c456")),
                pod("procMount Unmasked", false, false, pod -> appSecurity(pod).put("procMount", "Unmasked")),
                pod("procMount Unmasked in a user namespace", true, false, pod -> {
                    appSecurity(pod).put("procMount", "Unmasked");
                    spec(pod).put("hostUsers", false);
                }),
                pod("procMount Default", true, true, pod -> appSecurity(pod).put("procMount", "Default")),
                pod("pod seccomp Unconfined", false, false, pod -> podSecurity(pod).putObject("seccompProfile")
                        .put("type", "Unconfined")),
                pod("container seccomp Unconfined", false, false, pod -> appSecurity(pod)
                        .putObject("seccompProfile").put("type", "Unconfined")),
                pod("no seccomp profile", true, false, pod -> podSecurity(pod).remove("seccompProfile")),
                pod("seccomp Localhost on every container only", true, true, pod -> {
                    podSecurity(pod).remove("seccompProfile");
                    for (var container : spec(pod).withArray("initContainers")) {
                        ((ObjectNode) container.get("securityContext")).putObject("seccompProfile")
                                .put("type", "Localhost").put("localhostProfile", "p.json");
                    }
                    appSecurity(pod).putObject("seccompProfile").put("type", "RuntimeDefault");
                }),
                pod("seccomp on one of two containers only", true, false, pod -> {
                    podSecurity(pod).remove("seccompProfile");
                    appSecurity(pod).putObject("seccompProfile").put("type", "RuntimeDefault");
                }),
                pod("safe sysctl", true, true, pod -> sysctl(pod, "kernel.shm_rmid_forced")),
                pod("sysctl added in 1.37", true, true, pod -> sysctl(pod, "net.ipv4.tcp_notsent_lowat")),
                pod("unsafe sysctl", false, false, pod -> sysctl(pod, "kernel.msgmax")),
                pod("probe host", false, false, pod -> app(pod).set("livenessProbe",
                        CheckFixtures.tree("{httpGet: {host: 10.0.0.1, port: 80, path: /}}"))),
                pod("lifecycle host", false, false, pod -> app(pod).set("lifecycle",
                        CheckFixtures.tree("{preStop: {tcpSocket: {host: evil.example.com, port: 80}}}"))),
                pod("allowPrivilegeEscalation true", true, false, pod -> appSecurity(pod)
                        .put("allowPrivilegeEscalation", true)),
                pod("init container without allowPrivilegeEscalation", true, false, pod ->
                        ((ObjectNode) spec(pod).at("/initContainers/0/securityContext"))
                                .remove("allowPrivilegeEscalation")),
                pod("container runAsNonRoot false", true, false, pod -> appSecurity(pod).put("runAsNonRoot", false)),
                pod("runAsNonRoot unset", true, false, pod -> podSecurity(pod).remove("runAsNonRoot")),
                pod("runAsNonRoot unset in a user namespace", true, true, pod -> {
                    podSecurity(pod).remove("runAsNonRoot");
                    spec(pod).put("hostUsers", false);
                }),
                pod("runAsUser 0", true, false, pod -> appSecurity(pod).put("runAsUser", 0)),
                pod("runAsUser 0 in a user namespace", true, true, pod -> {
                    podSecurity(pod).put("runAsUser", 0);
                    spec(pod).put("hostUsers", false);
                }),
                pod("runAsUser 1001", true, true, pod -> podSecurity(pod).put("runAsUser", 1001)),
                pod("windows pod", true, true, PodSecurityStandardsTest::windows),
                pod("windows pod adding SYS_ADMIN", false, true, pod -> {
                    windows(pod);
                    app(pod).set("securityContext", CheckFixtures.tree("{capabilities: {add: [SYS_ADMIN]}}"));
                }),
                pod("windows pod with seccomp Unconfined", false, true, pod -> {
                    windows(pod);
                    podSecurity(pod).putObject("seccompProfile").put("type", "Unconfined");
                }),
                pod("windows pod running as root", true, false, pod -> {
                    windows(pod);
                    podSecurity(pod).put("runAsNonRoot", false);
                }));
    }

    private static void sysctl(ObjectNode pod, String name) {
        ArrayNode sysctls = podSecurity(pod).putArray("sysctls");
        sysctls.addObject().put("name", name).put("value", "1");
    }

    private static Arguments atVersion(String version, String name, boolean baselineAllows, boolean restrictedAllows,
                                       Consumer<ObjectNode> change) {
        return arguments(version, name, baselineAllows, restrictedAllows, change);
    }

    private static void userNamespace(ObjectNode pod) {
        spec(pod).put("hostUsers", false);
    }

    private static void annotate(ObjectNode pod, String key, String value) {
        ((ObjectNode) pod.get("metadata")).putObject("annotations").put(key, value);
    }

    /**
     * Each control's history in Pod Security Admission (pod-security-admission/policy/check_*.go): the version just
     * before and at each change, with the pod that tells them apart.
     */
    static Stream<Arguments> versionedPods() {
        Consumer<ObjectNode> userNamespaceRoot = pod -> {
            userNamespace(pod);
            podSecurity(pod).put("runAsUser", 0);
        };
        Consumer<ObjectNode> userNamespaceUnmaskedProc = pod -> {
            userNamespace(pod);
            appSecurity(pod).put("procMount", "Unmasked");
        };
        Consumer<ObjectNode> userNamespaceMayRunAsRoot = pod -> {
            userNamespace(pod);
            podSecurity(pod).put("runAsNonRoot", false);
        };
        Consumer<ObjectNode> rootUser = pod -> podSecurity(pod).put("runAsUser", 0);
        Consumer<ObjectNode> windowsWithoutLinuxFields = PodSecurityStandardsTest::windows;
        Consumer<ObjectNode> escalationUnset = pod -> appSecurity(pod).remove("allowPrivilegeEscalation");
        Consumer<ObjectNode> noSeccomp = pod -> podSecurity(pod).remove("seccompProfile");
        Consumer<ObjectNode> unconfinedField = pod -> podSecurity(pod).putObject("seccompProfile")
                .put("type", "Unconfined");
        Consumer<ObjectNode> unconfinedPodAnnotation = pod ->
                annotate(pod, "seccomp.security.alpha.kubernetes.io/pod", "unconfined");
        Consumer<ObjectNode> unconfinedContainerAnnotation = pod ->
                annotate(pod, "container.seccomp.security.alpha.kubernetes.io/app", "unconfined");
        Consumer<ObjectNode> capabilitiesKept = pod -> appSecurity(pod).remove("capabilities");
        Consumer<ObjectNode> netRawAdded = pod -> appSecurity(pod).putObject("capabilities").putArray("add").add("NET_RAW");
        Consumer<ObjectNode> engineType = pod -> appSecurity(pod).putObject("seLinuxOptions")
                .put("type", "container_engine_t");
        Consumer<ObjectNode> tcpRmem = pod -> sysctl(pod, "net.ipv4.tcp_rmem");
        Consumer<ObjectNode> tcpNotsentLowat = pod -> sysctl(pod, "net.ipv4.tcp_notsent_lowat");
        Consumer<ObjectNode> probeHost = pod -> app(pod).set("livenessProbe",
                CheckFixtures.tree("{httpGet: {host: metadata.internal, path: /, port: 80}}"));
        return Stream.of(
                atVersion("v1.22", "user namespace pod running as root", true, true, userNamespaceRoot),
                atVersion("v1.34", "user namespace pod running as root", true, false, userNamespaceRoot),
                atVersion("v1.35", "user namespace pod running as root", true, true, userNamespaceRoot),
                atVersion("latest", "user namespace pod running as root", true, true, userNamespaceRoot),
                atVersion("v1.34", "user namespace pod with unmasked /proc", false, false, userNamespaceUnmaskedProc),
                atVersion("v1.35", "user namespace pod with unmasked /proc", true, false, userNamespaceUnmaskedProc),
                atVersion("v1.34", "user namespace pod allowing root", true, false, userNamespaceMayRunAsRoot),
                atVersion("v1.35", "user namespace pod allowing root", true, true, userNamespaceMayRunAsRoot),
                atVersion("v1.22", "runAsUser 0", true, true, rootUser),
                atVersion("v1.23", "runAsUser 0", true, false, rootUser),
                atVersion("v1.24", "windows pod without Linux-only fields", true, false, windowsWithoutLinuxFields),
                atVersion("v1.25", "windows pod without Linux-only fields", true, true, windowsWithoutLinuxFields),
                atVersion("v1.7", "allowPrivilegeEscalation unset", true, true, escalationUnset),
                atVersion("v1.8", "allowPrivilegeEscalation unset", true, false, escalationUnset),
                atVersion("v1.18", "no seccomp profile", true, true, noSeccomp),
                atVersion("v1.19", "no seccomp profile", true, false, noSeccomp),
                atVersion("v1.18", "seccomp field Unconfined", true, true, unconfinedField),
                atVersion("v1.19", "seccomp field Unconfined", false, false, unconfinedField),
                atVersion("v1.18", "seccomp pod annotation unconfined", false, false, unconfinedPodAnnotation),
                atVersion("v1.19", "seccomp pod annotation unconfined", true, true, unconfinedPodAnnotation),
                atVersion("v1.18", "seccomp container annotation unconfined", false, false,
                        unconfinedContainerAnnotation),
                atVersion("v1.21", "capabilities not dropped", true, true, capabilitiesKept),
                atVersion("v1.22", "capabilities not dropped", true, false, capabilitiesKept),
                atVersion("v1.21", "NET_RAW added", false, false, netRawAdded),
                atVersion("v1.30", "SELinux container_engine_t", false, false, engineType),
                atVersion("v1.31", "SELinux container_engine_t", true, true, engineType),
                atVersion("v1.31", "sysctl net.ipv4.tcp_rmem", false, false, tcpRmem),
                atVersion("v1.32", "sysctl net.ipv4.tcp_rmem", true, true, tcpRmem),
                atVersion("v1.33", "probe with a host", true, true, probeHost),
                atVersion("v1.34", "probe with a host", false, false, probeHost),
                atVersion("v1.36", "sysctl net.ipv4.tcp_notsent_lowat", false, false, tcpNotsentLowat),
                atVersion("v1.37", "sysctl net.ipv4.tcp_notsent_lowat", true, true, tcpNotsentLowat),
                atVersion("v1.99", "sysctl net.ipv4.tcp_notsent_lowat", true, true, tcpNotsentLowat),
                atVersion("v1.0", "restricted pod", true, true, pod -> { }));
    }

    @ParameterizedTest(name = "{0} {1}: baseline allows={2}, restricted allows={3}")
    @MethodSource("versionedPods")
    void decidesAsPodSecurityAdmissionOfThatVersion(String version, String name, boolean baselineAllows,
                                                    boolean restrictedAllows, Consumer<ObjectNode> change) {
        ObjectNode pod = CheckFixtures.tree(RESTRICTED_POD);
        change.accept(pod);
        Workload workload = CheckFixtures.workload(pod);
        PodSecurityVersion podSecurityVersion = PodSecurityVersion.parse(version).orElseThrow();

        assertThat(allows(CompiledPolicy.forProfile(Profile.BASELINE, podSecurityVersion), workload))
                .as("baseline allows at " + version).isEqualTo(baselineAllows);
        assertThat(allows(CompiledPolicy.forProfile(Profile.RESTRICTED, podSecurityVersion), workload))
                .as("restricted allows at " + version).isEqualTo(restrictedAllows);
    }

    @ParameterizedTest(name = "{0}: baseline allows={1}, restricted allows={2}")
    @MethodSource("pods")
    void decidesAsPodSecurityAdmission(String name, boolean baselineAllows, boolean restrictedAllows,
                                       Consumer<ObjectNode> change) {
        ObjectNode pod = CheckFixtures.tree(RESTRICTED_POD);
        change.accept(pod);
        Workload workload = CheckFixtures.workload(pod);

        assertThat(allows(CompiledPolicy.forProfile(Profile.BASELINE), workload)).as("baseline allows")
                .isEqualTo(baselineAllows);
        assertThat(allows(CompiledPolicy.forProfile(Profile.RESTRICTED), workload)).as("restricted allows")
                .isEqualTo(restrictedAllows);
    }

    @ParameterizedTest(name = "{0} {1}: baseline allows={2}, restricted allows={3}")
    @MethodSource("versionedPods")
    void generatedAdmissionPoliciesDecideAsPodSecurityAdmissionOfThatVersion(
            String version, String name, boolean baselineAllows, boolean restrictedAllows, Consumer<ObjectNode> change) {
        ObjectNode pod = CheckFixtures.tree(RESTRICTED_POD);
        change.accept(pod);
        PodSecurityVersion podSecurityVersion = PodSecurityVersion.parse(version).orElseThrow();

        assertGeneratedPoliciesDecide(pod, CompiledPolicy.forProfile(Profile.BASELINE, podSecurityVersion),
                baselineAllows);
        assertGeneratedPoliciesDecide(pod, CompiledPolicy.forProfile(Profile.RESTRICTED, podSecurityVersion),
                restrictedAllows);
    }

    @ParameterizedTest(name = "{0}: baseline allows={1}, restricted allows={2}")
    @MethodSource("pods")
    void generatedAdmissionPoliciesDecideAsPodSecurityAdmission(String name, boolean baselineAllows,
                                                                boolean restrictedAllows, Consumer<ObjectNode> change) {
        ObjectNode pod = CheckFixtures.tree(RESTRICTED_POD);
        change.accept(pod);

        assertGeneratedPoliciesDecide(pod, CompiledPolicy.forProfile(Profile.BASELINE), baselineAllows);
        assertGeneratedPoliciesDecide(pod, CompiledPolicy.forProfile(Profile.RESTRICTED), restrictedAllows);
    }

    /** The generated CEL finds what the engine finds, check by check, and so allows exactly what it should. */
    private static void assertGeneratedPoliciesDecide(ObjectNode pod, CompiledPolicy policy, boolean allows) {
        JsonNode admitted = AdmissionPolicyEquivalence.asAdmitted(pod).orElseThrow();
        AdmissionPolicyEquivalence.assertSameLocations("pod", policy, admitted);
        assertThat(AdmissionPolicyEquivalence.celLocations(policy, admitted).values().stream().allMatch(Set::isEmpty))
                .as("the generated %s policy allows", policy.name()).isEqualTo(allows);
    }

    private static boolean allows(CompiledPolicy policy, Workload workload) {
        return PolicyEvaluator.evaluate(policy, workload, Map.of("kubernetes.io/metadata.name", "shop"), Instant.now())
                .compliant();
    }
}
