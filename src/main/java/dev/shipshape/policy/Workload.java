package dev.shipshape.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A workload as the checks see it: the object's identity and labels, and the pod spec and pod metadata it
 * runs, with their paths inside the object ({@code spec.template.spec} for a Deployment, {@code spec} for a
 * Pod). Built by the {@code workload} package from any supported kind.
 */
public final class Workload {

    private final WorkloadRef ref;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final ObjectMeta podMetadata;
    private final PodSpec podSpec;
    private final FieldPath podMetadataPath;
    private final FieldPath podSpecPath;
    private final boolean batch;
    private final List<ContainerRef> containers;
    private final WorkloadRef objectRef;
    private final Segmentation segmentation;

    public Workload(WorkloadRef ref, Map<String, String> labels, Map<String, String> annotations,
                    ObjectMeta podMetadata, PodSpec podSpec, FieldPath podMetadataPath, FieldPath podSpecPath,
                    boolean batch) {
        this(ref, labels, annotations, podMetadata, podSpec, podMetadataPath, podSpecPath, batch, ref,
                Segmentation.UNKNOWN);
    }

    private Workload(WorkloadRef ref, Map<String, String> labels, Map<String, String> annotations,
                     ObjectMeta podMetadata, PodSpec podSpec, FieldPath podMetadataPath, FieldPath podSpecPath,
                     boolean batch, WorkloadRef objectRef, Segmentation segmentation) {
        this.objectRef = objectRef;
        this.segmentation = segmentation;
        this.ref = ref;
        this.labels = labels == null ? Map.of() : labels;
        this.annotations = annotations == null ? Map.of() : annotations;
        this.podMetadata = podMetadata == null ? new ObjectMeta() : podMetadata;
        this.podSpec = podSpec == null ? new PodSpec() : podSpec;
        this.podMetadataPath = podMetadataPath;
        this.podSpecPath = podSpecPath;
        this.batch = batch;
        this.containers = collectContainers(this.podSpec, podSpecPath);
    }

    private static List<ContainerRef> collectContainers(PodSpec spec, FieldPath specPath) {
        List<ContainerRef> refs = new ArrayList<>(spec.getContainers().size() + spec.getInitContainers().size());
        addAll(refs, spec.getInitContainers(), ContainerType.INIT, specPath);
        addAll(refs, spec.getContainers(), ContainerType.REGULAR, specPath);
        List<EphemeralContainer> ephemeral = spec.getEphemeralContainers();
        for (int i = 0; i < ephemeral.size(); i++) {
            refs.add(new ContainerRef(asContainer(ephemeral.get(i)), ContainerType.EPHEMERAL, i,
                    specPath.field(ContainerType.EPHEMERAL.field()).index(i)));
        }
        return Collections.unmodifiableList(refs);
    }

    private static void addAll(List<ContainerRef> refs, List<Container> containers, ContainerType type,
                               FieldPath specPath) {
        for (int i = 0; i < containers.size(); i++) {
            refs.add(new ContainerRef(containers.get(i), type, i, specPath.field(type.field()).index(i)));
        }
    }

    private static Container asContainer(EphemeralContainer ephemeral) {
        Container view = new Container();
        view.setName(ephemeral.getName());
        view.setImage(ephemeral.getImage());
        view.setSecurityContext(ephemeral.getSecurityContext());
        view.setPorts(ephemeral.getPorts());
        view.setEnv(ephemeral.getEnv());
        view.setEnvFrom(ephemeral.getEnvFrom());
        view.setResources(ephemeral.getResources());
        view.setLivenessProbe(ephemeral.getLivenessProbe());
        view.setReadinessProbe(ephemeral.getReadinessProbe());
        view.setStartupProbe(ephemeral.getStartupProbe());
        view.setLifecycle(ephemeral.getLifecycle());
        view.setVolumeMounts(ephemeral.getVolumeMounts());
        return view;
    }

    /** A copy whose pod metadata and spec can be changed without touching this workload's. */
    public Workload detachedCopy() {
        return new Workload(ref, labels, annotations, new ObjectMetaBuilder(podMetadata).build(),
                new PodSpecBuilder(podSpec).build(), podMetadataPath, podSpecPath, batch, objectRef, segmentation);
    }

    /** This workload in a namespace whose NetworkPolicies are {@code segmentation}. */
    public Workload within(Segmentation segmentation) {
        if (segmentation == this.segmentation) {
            return this;
        }
        return new Workload(ref, labels, annotations, podMetadata, podSpec, podMetadataPath, podSpecPath, batch,
                objectRef, segmentation);
    }

    /** The NetworkPolicies of the workload's namespace; {@link Segmentation#UNKNOWN} unless it was given. */
    public Segmentation segmentation() {
        return segmentation;
    }

    /**
     * This object's pod spec judged as the workload {@code owner} that a controller created it for (a Deployment
     * for the Pods of its ReplicaSets): matched and exempted by the owner's identity, labels and annotations, as the
     * audit judges the owner.
     */
    public Workload createdFor(WorkloadRef owner, Map<String, String> ownerLabels,
                               Map<String, String> ownerAnnotations) {
        return new Workload(owner, ownerLabels, ownerAnnotations, podMetadata, podSpec, podMetadataPath, podSpecPath,
                batch, objectRef, segmentation);
    }

    /** The workload whose matches and exemptions apply: the object itself, or the owner it was created for. */
    public WorkloadRef ref() {
        return ref;
    }

    /** The object itself, whose pod spec this is. */
    public WorkloadRef objectRef() {
        return objectRef;
    }

    /** e.g. {@code Deployment shop/web}, or {@code Pod shop/web-7d9f-x2k: created by Deployment shop/web}. */
    public String display() {
        return objectRef.equals(ref) ? ref.display() : objectRef.display() + ": created by " + ref.display();
    }

    public String kind() {
        return ref.kind();
    }

    public String namespace() {
        return ref.namespace();
    }

    public String name() {
        return ref.name();
    }

    /** Labels of the workload object itself (used by object selectors). */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotations of the workload object itself (used by annotation exemptions). */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** Metadata of the pod (the template's for controllers, the object's own for a Pod). */
    public ObjectMeta podMetadata() {
        return podMetadata;
    }

    public PodSpec podSpec() {
        return podSpec;
    }

    public FieldPath podMetadataPath() {
        return podMetadataPath;
    }

    public FieldPath podSpecPath() {
        return podSpecPath;
    }

    /** True for Job and CronJob pods, which run to completion and need no health probes. */
    public boolean isBatch() {
        return batch;
    }

    /** Init, regular and ephemeral containers, in that order. */
    public List<ContainerRef> containers() {
        return containers;
    }

    /**
     * Calls {@code visitor} with each init, regular and ephemeral container, in that order, as Pod Security Admission's
     * {@code visitContainers} does: the loop every container check shares.
     */
    public void forEachContainer(Consumer<ContainerRef> visitor) {
        for (int i = 0; i < containers.size(); i++) {
            visitor.accept(containers.get(i));
        }
    }

    /** True when {@code spec.os.name} is {@code windows}. */
    public boolean isWindows() {
        return podSpec.getOs() != null && "windows".equals(podSpec.getOs().getName());
    }

    /** True when the pod runs in its own user namespace ({@code hostUsers: false}). */
    public boolean usesUserNamespace() {
        return Boolean.FALSE.equals(podSpec.getHostUsers());
    }
}
