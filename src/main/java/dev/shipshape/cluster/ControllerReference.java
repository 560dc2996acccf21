package dev.shipshape.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.Optional;

/**
 * An object's controller ownerReference ({@code controller: true}): the object a controller created it for.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind e.g. {@code ReplicaSet}
 * @param name the owner's name, in the object's namespace
 * @param uid the owner's uid, which a cached owner must have for the reference to count
 */
public record ControllerReference(String apiVersion, String kind, String name, String uid) {

    /** The controller reference among {@code metadata.ownerReferences} of an object read as JSON. */
    public static Optional<ControllerReference> of(JsonNode metadata) {
        for (JsonNode owner : metadata.path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return Optional.of(new ControllerReference(owner.path("apiVersion").asText(""),
                        owner.path("kind").asText(""), owner.path("name").asText(""), owner.path("uid").asText("")));
            }
        }
        return Optional.empty();
    }

    /** The controller reference among an object's ownerReferences. */
    public static Optional<ControllerReference> of(ObjectMeta metadata) {
        for (OwnerReference owner : metadata.getOwnerReferences()) {
            if (Boolean.TRUE.equals(owner.getController())) {
                return Optional.of(new ControllerReference(owner.getApiVersion(), owner.getKind(), owner.getName(),
                        owner.getUid()));
            }
        }
        return Optional.empty();
    }
}
