package dev.shipshape.cli.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.cli.input.ManifestDocument;
import dev.shipshape.cli.input.ManifestFile;
import dev.shipshape.cli.input.ManifestObject;
import dev.shipshape.cluster.KubernetesNames;
import dev.shipshape.policy.Segmentation;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the inputs say about their namespaces, which decides about workloads anywhere in them: the labels of their
 * Namespace objects and the segmentation their NetworkPolicies give each namespace.
 *
 * @param namespaceLabels labels per namespace, {@code kubernetes.io/metadata.name} included
 * @param segmentations per namespace that has NetworkPolicies in the input
 */
public record InputFacts(Map<String, Map<String, String>> namespaceLabels, Map<String, Segmentation> segmentations) {

    private static final ObjectMapper NETWORK_POLICIES = new ObjectMapper();

    /** The facts of inputs read whole. */
    public static InputFacts of(List<ManifestFile> files, String defaultNamespace) {
        Collector collector = new Collector(defaultNamespace);
        for (ManifestFile file : files) {
            for (ManifestDocument document : file.documents()) {
                ManifestObject.of(file, document).forEach(collector::add);
            }
        }
        return collector.facts();
    }

    /** Gathers facts from objects one at a time. */
    static final class Collector {

        private final String defaultNamespace;
        private final Map<String, Map<String, String>> labels = new HashMap<>();
        private final Map<String, List<NetworkPolicy>> policies = new HashMap<>();

        Collector(String defaultNamespace) {
            this.defaultNamespace = defaultNamespace;
        }

        void add(ManifestObject object) {
            JsonNode tree = object.tree();
            String apiVersion = tree.path("apiVersion").asText();
            if ("Namespace".equals(object.kind()) && "v1".equals(apiVersion)) {
                String name = tree.path("metadata").path("name").asText("");
                if (!name.isEmpty()) {
                    Map<String, String> namespace = new LinkedHashMap<>();
                    tree.path("metadata").path("labels").properties()
                            .forEach(label -> namespace.put(label.getKey(), label.getValue().asText()));
                    namespace.put(KubernetesNames.NAMESPACE_NAME_LABEL, name);
                    labels.put(name, Map.copyOf(namespace));
                }
            } else if ("NetworkPolicy".equals(object.kind()) && "networking.k8s.io/v1".equals(apiVersion)) {
                try {
                    NetworkPolicy policy = NETWORK_POLICIES.treeToValue(tree, NetworkPolicy.class);
                    String namespace = policy.getMetadata() == null || policy.getMetadata().getNamespace() == null
                            ? defaultNamespace : policy.getMetadata().getNamespace();
                    policies.computeIfAbsent(namespace, any -> new ArrayList<>()).add(policy);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    // a NetworkPolicy that cannot be read isolates nothing the check could rely on
                }
            }
        }

        InputFacts facts() {
            Map<String, Segmentation> segmentations = new HashMap<>();
            policies.forEach((namespace, namespacePolicies) ->
                    segmentations.put(namespace, Segmentation.of(namespacePolicies)));
            return new InputFacts(Map.copyOf(labels), Map.copyOf(segmentations));
        }
    }
}
