package dev.shipshape.cli.input;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One input of a command: a file, a stream (standard input, a FIFO, {@code <(...)}), or a Helm chart to render.
 *
 * @param name how reports name it: the path relative to the working directory with forward slashes, or
 *             {@code stdin}
 * @param path the file, stream or chart folder; null for standard input
 * @param outputPath where {@code fix --output-dir} writes it, relative to that directory; null for standard input
 * @param chartName the chart's name from its {@code Chart.yaml} when {@code path} is a chart folder, else null
 * @param format what the input holds
 */
public record InputSource(String name, Path path, Path outputPath, String chartName, Format format) {

    public static final String STDIN_NAME = "stdin";

    /** What an input holds. */
    public enum Format {
        /** Kubernetes manifests: YAML or JSON, or a Helm chart's rendering */
        MANIFESTS,
        /** A Dockerfile */
        DOCKERFILE,
        /** A Compose file */
        COMPOSE
    }

    public InputSource(String name, Path path, Path outputPath) {
        this(name, path, outputPath, null, Format.MANIFESTS);
    }

    public InputSource(String name, Path path, Path outputPath, String chartName) {
        this(name, path, outputPath, chartName, Format.MANIFESTS);
    }

    /** This input read as a Dockerfile. */
    public InputSource asDockerfile() {
        return new InputSource(name, path, outputPath, null, Format.DOCKERFILE);
    }

    public boolean isDockerfile() {
        return format == Format.DOCKERFILE;
    }

    /** This input read as a Compose file. */
    public InputSource asCompose() {
        return new InputSource(name, path, outputPath, null, Format.COMPOSE);
    }

    public boolean isCompose() {
        return format == Format.COMPOSE;
    }

    public static InputSource stdin() {
        return new InputSource(STDIN_NAME, null, null);
    }

    public boolean isStdin() {
        return path == null;
    }

    public boolean isChart() {
        return chartName != null;
    }

    /** True when the content is JSON rather than YAML, judging by the file name. */
    public boolean hasJsonExtension() {
        return path != null && !isChart() && !isDockerfile() && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * How reports name the template of a {@code # Source:} comment: Helm names it after the chart
     * ({@code web/templates/deployment.yaml}), so in a chart this input rendered, the chart's name becomes the
     * chart folder's path; elsewhere the comment's path is kept.
     */
    public String originName(String sourceComment) {
        if (isChart() && sourceComment.startsWith(chartName + "/")) {
            return name + sourceComment.substring(chartName.length());
        }
        return sourceComment;
    }

    /** The template file of a {@code # Source:} comment: in the chart this input rendered, else relative to cwd. */
    Path templateFile(String sourceComment, CliContext context) {
        if (isChart() && sourceComment.startsWith(chartName + "/")) {
            return path.resolve(sourceComment.substring(chartName.length() + 1));
        }
        return context.resolve(sourceComment);
    }
}
