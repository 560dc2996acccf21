package dev.shipshape.cli.input;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * How a command reads its PATH arguments.
 *
 * @param excludes globs of inputs to leave out: a file or template is left out when a glob matches its path (relative
 *                 to the working directory, or to the folder argument it was found in) or a folder above it; a glob
 *                 without {@code /} also matches any single file or folder name
 * @param helm how Helm charts are rendered
 * @param dockerfiles paths read as Dockerfiles whatever their names ({@code --dockerfile})
 */
public record InputOptions(Excludes excludes, HelmOptions helm, List<String> dockerfiles) {

    public static final InputOptions NONE = new InputOptions(Excludes.NONE, HelmOptions.NONE, List.of());

    public InputOptions {
        dockerfiles = List.copyOf(dockerfiles);
    }

    /**
     * What {@code helm template} gets besides the chart.
     *
     * @param releaseName the release name to render with
     * @param namespace the release namespace to render with
     * @param valuesFiles {@code --values} files, in order
     * @param setValues {@code --set} values, in order
     */
    public record HelmOptions(String releaseName, String namespace, List<String> valuesFiles,
                              List<String> setValues) {

        public static final HelmOptions NONE = new HelmOptions("release", "default", List.of(), List.of());

        public HelmOptions {
            valuesFiles = List.copyOf(valuesFiles);
            setValues = List.copyOf(setValues);
        }
    }

    /** True when an exclude glob matches {@code path} (forward slashes) or one of the folders above it. */
    public boolean excluded(String path) {
        return excludes.matches(path);
    }

    /**
     * The exclude globs, each compiled once.
     *
     * @param globs the globs as given
     * @param matchers their matchers, in the same order
     */
    public record Excludes(List<String> globs, List<PathMatcher> matchers) {

        public static final Excludes NONE = of(List.of());

        public Excludes {
            globs = List.copyOf(globs);
            matchers = List.copyOf(matchers);
        }

        public static Excludes of(List<String> globs) {
            return new Excludes(globs, globs.stream()
                    .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList());
        }

        boolean matches(String path) {
            if (globs.isEmpty()) {
                return false;
            }
            StringBuilder prefix = new StringBuilder();
            for (String segment : path.split("/")) {
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                if (!prefix.isEmpty()) {
                    prefix.append('/');
                }
                prefix.append(segment);
                for (int i = 0; i < globs.size(); i++) {
                    PathMatcher matcher = matchers.get(i);
                    if (matcher.matches(Path.of(prefix.toString()))
                            || !globs.get(i).contains("/") && matcher.matches(Path.of(segment))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
