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
public record InputOptions(List<String> excludes, HelmOptions helm, List<String> dockerfiles) {

    public static final InputOptions NONE = new InputOptions(List.of(), HelmOptions.NONE, List.of());

    public InputOptions {
        excludes = List.copyOf(excludes);
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
        if (excludes.isEmpty()) {
            return false;
        }
        List<PathMatcher> matchers = excludes.stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        String[] segments = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (!prefix.isEmpty()) {
                prefix.append('/');
            }
            prefix.append(segment);
            for (int i = 0; i < excludes.size(); i++) {
                PathMatcher matcher = matchers.get(i);
                if (matcher.matches(Path.of(prefix.toString()))
                        || !excludes.get(i).contains("/") && matcher.matches(Path.of(segment))) {
                    return true;
                }
            }
        }
        return false;
    }
}
