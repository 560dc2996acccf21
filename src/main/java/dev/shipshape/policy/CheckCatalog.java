package dev.shipshape.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every check Shipshape knows, in the order they run and are documented. */
public final class CheckCatalog {

    private static final List<Check> CHECKS = List.of(
    );

    private static final Map<String, Check> BY_ID = index(CHECKS);

    private CheckCatalog() {
    }

    private static Map<String, Check> index(List<Check> checks) {
        Map<String, Check> byId = new LinkedHashMap<>();
        for (Check check : checks) {
            if (byId.put(check.descriptor().id(), check) != null) {
                throw new IllegalStateException("duplicate check id " + check.descriptor().id());
            }
        }
        return byId;
    }

    public static List<Check> all() {
        return CHECKS;
    }

    public static Optional<Check> find(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    public static Set<String> ids() {
        return BY_ID.keySet();
    }

    /**
     * The checks a policy runs: those of {@code profile} plus {@code added}, less {@code disabled}, less
     * those overridden by another selected check (as Pod Security Admission replaces e.g. the baseline
     * capabilities check with the restricted one).
     */
    public static List<Check> select(Profile profile, Set<String> added, Set<String> disabled) {
        List<Check> selected = new ArrayList<>();
        for (Check check : CHECKS) {
            String id = check.descriptor().id();
            if ((profile.includes(check.descriptor().profile()) || added.contains(id)) && !disabled.contains(id)) {
                selected.add(check);
            }
        }
        Set<String> overridden = new HashSet<>();
        for (Check check : selected) {
            overridden.addAll(check.descriptor().overrides());
        }
        selected.removeIf(check -> overridden.contains(check.descriptor().id()));
        return List.copyOf(selected);
    }

    /** The known id closest to {@code unknown}, for "did you mean" hints. */
    public static Optional<String> closest(String unknown) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String id : BY_ID.keySet()) {
            int distance = editDistance(unknown, id);
            if (distance < bestDistance) {
                best = id;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, unknown.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
