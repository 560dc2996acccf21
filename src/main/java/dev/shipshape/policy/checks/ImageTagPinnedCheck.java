package dev.shipshape.policy.checks;

import dev.shipshape.policy.Category;
import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckDescriptor;
import dev.shipshape.policy.CheckParam;
import dev.shipshape.policy.CheckParams;
import dev.shipshape.policy.FieldPath;
import dev.shipshape.policy.FindingSink;
import dev.shipshape.policy.Profile;
import dev.shipshape.policy.Severity;
import dev.shipshape.policy.Workload;
import dev.shipshape.policy.cel.Cel;
import dev.shipshape.policy.cel.CelRule;

import java.util.List;


/**
 * Every container image must be pinned: a tag other than {@code latest}, or a digest; with
 * {@code requireDigest} only a digest will do. References are parsed as the container runtimes do: a colon
 * before the last slash belongs to a registry port ({@code localhost:5000/app} has no tag), and with both a
 * tag and a digest the digest decides.
 */
public final class ImageTagPinnedCheck implements Check {

    private static final String REQUIRE_DIGEST = "requireDigest";

    private static final CheckDescriptor DESCRIPTOR = CheckDescriptor.builder("image-tag-pinned")
            .title("Pinned image versions")
            .category(Category.SUPPLY_CHAIN)
            .profile(Profile.HARDENED)
            .severity(Severity.MEDIUM)
            .fields(ContainerFields.inEveryContainer("image"))
            .why("An image without a tag, or tagged latest, changes under the workload without review, so "
                    + "rollouts are not reproducible and a compromised push reaches production silently; a "
                    + "supply-chain risk rather than a direct compromise, hence medium.")
            .fix("Reference a specific version tag (e.g. app:1.4.2) or, better, a digest (app@sha256:...).")
            .param(CheckParam.bool(REQUIRE_DIGEST, "When true, every image must be pinned by digest "
                    + "(@sha256:...); version tags alone can be moved and no longer count as pinned.", false))
            .build();

    private static final FieldPath FIELD = FieldPath.of("image");
    private static final String LATEST = "latest";
    /** The registered digest algorithms and the length of their hex encoding. */
    private static final List<DigestAlgorithm> DIGEST_ALGORITHMS = List.of(new DigestAlgorithm("sha256", 64),
            new DigestAlgorithm("sha512", 128), new DigestAlgorithm("blake3", 64));

    private final boolean requireDigest;

    public ImageTagPinnedCheck() {
        this(false);
    }

    private ImageTagPinnedCheck(boolean requireDigest) {
        this.requireDigest = requireDigest;
    }

    @Override
    public CheckDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Check withParams(CheckParams params) {
        return new ImageTagPinnedCheck(params.bool(REQUIRE_DIGEST));
    }

    @Override
    public void evaluate(Workload workload, FindingSink findings) {
        workload.forEachContainer(container -> {
            String problem = problem(container.container().getImage());
            if (problem != null) {
                findings.container(container, FIELD, container.describe() + " " + problem);
            }
        });
    }

    /**
     * What is wrong with how {@code image} is pinned, as the rest of a sentence about its container or stage
     * ({@code image "nginx" has no tag, ...}), or null when it is pinned as this check requires. Allocates nothing
     * for a well-pinned image.
     */
    public String problem(String image) {
        if (image == null || image.isBlank()) {
            return "must set an image pinned to a " + (requireDigest ? "digest" : "version tag or digest");
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            String problem = digestProblem(image, at);
            return problem == null ? null : "image \"" + image + "\" has a malformed digest (" + problem
                    + "), which no runtime pulls; pin a valid digest";
        }
        if (requireDigest) {
            return "image \"" + image + "\" must be pinned by digest (image@sha256:...)";
        }
        int nameEnd = image.length();
        int tagSeparator = image.lastIndexOf(':', nameEnd - 1);
        if (tagSeparator <= image.lastIndexOf('/', nameEnd - 1) || tagSeparator == nameEnd - 1) {
            return "image \"" + image + "\" has no tag, so it runs whatever latest is; pin a version tag or digest";
        }
        if (nameEnd - tagSeparator - 1 == LATEST.length() && image.startsWith(LATEST, tagSeparator + 1)) {
            return "image \"" + image + "\" uses the latest tag; pin a version tag or digest";
        }
        return null;
    }

    /**
     * Why the digest after the {@code @} at {@code at} is not one a runtime accepts, or null when it is one: the
     * registered algorithms of the OCI image spec, each with its fixed lower-case hex encoding. Reads the reference
     * in place, so a well-pinned image costs no allocation.
     */
    private static String digestProblem(String image, int at) {
        int start = at + 1;
        int separator = image.indexOf(':', start);
        if (separator < 0) {
            return "no algorithm:hex after @";
        }
        for (int i = 0; i < DIGEST_ALGORITHMS.size(); i++) {
            DigestAlgorithm algorithm = DIGEST_ALGORITHMS.get(i);
            if (separator - start == algorithm.name().length()
                    && image.startsWith(algorithm.name(), start)) {
                return image.length() - separator - 1 == algorithm.hexDigits() && isLowerHex(image, separator + 1)
                        ? null : algorithm.name() + " needs " + algorithm.hexDigits() + " lower-case hex digits";
            }
        }
        return "\"" + image.substring(start, separator) + "\" is not a registered digest algorithm ("
                + String.join(", ", DIGEST_ALGORITHMS.stream().map(DigestAlgorithm::name).toList()) + ")";
    }

    private static boolean isLowerHex(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private record DigestAlgorithm(String name, int hexDigits) {
    }

    @Override
    public CelRule celRule() {
        StringBuilder digests = new StringBuilder();
        for (DigestAlgorithm algorithm : DIGEST_ALGORITHMS) {
            digests.append(digests.isEmpty() ? "" : "|").append(algorithm.name()).append(":[0-9a-f]{")
                    .append(algorithm.hexDigits()).append('}');
        }
        String pinnedByDigest = "c.image.matches(" + Cel.quote("^[^@]*@(" + digests + ")$") + ")";
        String violates;
        if (requireDigest) {
            violates = Cel.anyOf("!has(c.image)", "c.image.trim() == ''", "!" + pinnedByDigest);
        } else {
            String hasDigest = "c.image.contains('@')";
            String tagged = "c.image.matches(" + Cel.quote("^[^@]*:[^:/@]+$") + ")";
            String latest = "c.image.matches(" + Cel.quote("^[^@]*:" + LATEST + "$") + ")";
            violates = Cel.anyOf("!has(c.image)", "c.image.trim() == ''",
                    "(" + hasDigest + " ? !" + pinnedByDigest + " : (!" + tagged + " || " + latest + "))");
        }
        return CelRule.containers(violates, "must use an image pinned to a "
                + (requireDigest ? "digest" : "version tag (not latest) or a digest"));
    }
}
