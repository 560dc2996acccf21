package dev.shipshape.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kinds that are workloads here: the built-in {@link WorkloadKind}s and the {@link DeclaredKind}s configured
 * beside them. A declared kind never shadows a built-in one.
 */
public final class WorkloadKinds {

    /** Only the built-in kinds. */
    public static final WorkloadKinds BUILT_IN = new WorkloadKinds(List.of());

    private final List<DeclaredKind> declared;

    public WorkloadKinds(List<DeclaredKind> declared) {
        for (DeclaredKind kind : declared) {
            if (WorkloadKind.of(kind.apiVersion(), kind.kind()).isPresent()) {
                throw new IllegalArgumentException(kind.declaration() + " is a built-in kind; declare only others");
            }
        }
        this.declared = List.copyOf(declared);
    }

    /** Reads declarations, e.g. from configuration. */
    public static WorkloadKinds declared(List<String> declarations) {
        return new WorkloadKinds(declarations.stream().filter(text -> !text.isBlank()).map(DeclaredKind::parse)
                .toList());
    }

    public List<DeclaredKind> declared() {
        return declared;
    }

    /** Every kind, built-in first. */
    public List<WorkloadShape> all() {
        List<WorkloadShape> all = new ArrayList<>(List.of(WorkloadKind.values()));
        all.addAll(declared);
        return all;
    }

    /** The kind of an object's {@code apiVersion} and {@code kind}, or empty when it runs no pods. */
    public Optional<WorkloadShape> of(String apiVersion, String kind) {
        Optional<WorkloadShape> builtIn = WorkloadKind.of(apiVersion, kind).map(WorkloadShape.class::cast);
        if (builtIn.isPresent() || apiVersion == null || kind == null) {
            return builtIn;
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return declared.stream().filter(declaredKind -> declaredKind.group().equals(group)
                && declaredKind.kind().equals(kind)).map(WorkloadShape.class::cast).findFirst();
    }

    /** The kind of an admission request's group and resource, or empty when it runs no pods. */
    public Optional<WorkloadShape> ofResource(String group, String resource) {
        Optional<WorkloadShape> builtIn = WorkloadKind.ofResource(group, resource).map(WorkloadShape.class::cast);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return declared.stream().filter(kind -> kind.group().equals(group) && kind.plural().equals(resource))
                .map(WorkloadShape.class::cast).findFirst();
    }

    /** The names of every kind, as in manifests and {@code spec.match.kinds}. */
    public List<String> names() {
        return all().stream().map(WorkloadShape::kind).distinct().toList();
    }
}
