package dev.shipshape.image.checks;

import dev.shipshape.image.Dockerfile;
import dev.shipshape.image.DockerfileFindings;
import dev.shipshape.image.DockerfileInput;
import dev.shipshape.policy.Category;
import dev.shipshape.policy.Severity;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The build context has a {@code .dockerignore} that keeps {@code .git} and {@code .env} files out of it, so that
 * {@code COPY . .} cannot put them into the image. Only for Dockerfiles read from a folder.
 */
public final class DockerignoreInImage extends ImageOnlyCheck {

    public DockerignoreInImage() {
        super("dockerfile-dockerignore", ".dockerignore excludes .git and .env", Category.SECRETS, Severity.LOW,
                "Without a .dockerignore, COPY . . sends the repository's history and local .env files to the "
                        + "builder and into the image.",
                "Add a .dockerignore beside the Dockerfile that excludes at least .git and .env (or starts with * and "
                        + "lists what the build needs with !).",
                ".dockerignore");
    }

    @Override
    public void evaluate(DockerfileInput input, DockerfileFindings findings) {
        if (!input.contextKnown()) {
            return;
        }
        Dockerfile.Instruction from = input.dockerfile().stages().get(0).from();
        if (input.dockerignore() == null) {
            findings.at(from, "the build context has no .dockerignore, so COPY can put .git and .env files into "
                    + "the image");
            return;
        }
        List<String> rules = input.dockerignore().lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        for (String needed : List.of(".git", ".env")) {
            if (!excludes(rules, needed)) {
                findings.at(from, ".dockerignore does not exclude " + needed);
            }
        }
    }

    /** Whether the rules, read in order as Docker reads them ({@code !} re-includes), leave {@code path} out. */
    private static boolean excludes(List<String> rules, String path) {
        boolean excluded = false;
        for (String rule : rules) {
            boolean include = rule.startsWith("!");
            String pattern = (include ? rule.substring(1) : rule).replaceFirst("^/", "").replaceFirst("/$", "");
            if (matches(pattern, path)) {
                excluded = !include;
            }
        }
        return excluded;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("*") || pattern.equals("**") || pattern.equals(path)) {
            return true;
        }
        String regex = globRegex(pattern);
        return path.matches(regex) || (path + "/x").matches(regex + "/.*");
    }

    /** Docker's ignore-file glob as a regular expression: {@code **} any folders, {@code *} and {@code ?} within one. */
    private static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
