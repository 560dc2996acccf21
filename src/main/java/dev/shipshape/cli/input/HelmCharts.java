package dev.shipshape.cli.input;

import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helm charts as inputs: their name, and their manifests as {@code helm template} renders them. */
final class HelmCharts {

    /** Longest a chart may take to render. */
    static final long RENDER_TIMEOUT_SECONDS = 300;
    private static final int STDERR_LINES = 5;

    private HelmCharts() {
    }

    /** The {@code name} of a chart folder's {@code Chart.yaml}, which Helm's {@code # Source:} comments start with. */
    static String chartName(Path folder) throws InputException {
        String name = InputFiles.slashed(folder.getFileName()) + "/" + InputFiles.CHART_FILE;
        try {
            Object chart = new Yaml(new SafeConstructor(YamlManifestReader.loaderOptions()))
                    .load(Files.readString(folder.resolve(InputFiles.CHART_FILE), StandardCharsets.UTF_8));
            if (chart instanceof Map<?, ?> fields && fields.get("name") instanceof String chartName
                    && !chartName.isBlank()) {
                return chartName;
            }
            throw new InputException(InputProblem.ofFile(name, "a Helm chart without a name: Chart.yaml needs name:"));
        } catch (IOException | YAMLException e) {
            throw new InputException(InputProblem.ofFile(name, "cannot read the Helm chart: " + e.getMessage()));
        }
    }

    /** The chart's manifests as {@code helm template} prints them, {@code # Source:} comments included. */
    static String render(InputSource chart, InputOptions.HelmOptions options, CliContext context)
            throws InputException {
        Path helm = findHelm(context);
        if (helm == null) {
            throw new InputException(InputProblem.ofFile(chart.name(), "a Helm chart, and helm is not on PATH to "
                    + "render it: install helm, or render the chart yourself: helm template " + chart.name()
                    + " | shipshape scan -"));
        }
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", options.releaseName(),
                chart.path().toString(), "--namespace", options.namespace()));
        options.valuesFiles().forEach(values -> command.addAll(List.of("--values", values)));
        options.setValues().forEach(value -> command.addAll(List.of("--set", value)));
        Path errors = null;
        try {
            errors = Files.createTempFile("shipshape-helm", ".err");
            Process process = new ProcessBuilder(command).directory(context.workingDirectory().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(errors.toFile()).start();
            byte[] output;
            try (InputStream stdout = process.getInputStream()) {
                output = stdout.readNBytes(InputText.MAX_BYTES + 1);
            }
            if (output.length > InputText.MAX_BYTES || !process.waitFor(RENDER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InputException(InputProblem.ofFile(chart.name(), "helm template rendered more than "
                        + InputText.MAX_BYTES / (1024 * 1024) + " MiB or ran longer than " + RENDER_TIMEOUT_SECONDS
                        + " s; render the chart yourself: helm template " + chart.name() + " | shipshape scan -"));
            }
            if (process.exitValue() != 0) {
                List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank()).limit(STDERR_LINES).toList();
                throw new InputException(InputProblem.ofFile(chart.name(), "helm template failed (exit "
                        + process.exitValue() + "): " + String.join(" / ", lines)));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(InputProblem.ofFile(chart.name(), "cannot run helm: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(InputProblem.ofFile(chart.name(), "interrupted while helm rendered it"));
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException e) {
                    // a temporary file left behind harms nothing
                }
            }
        }
    }

    /** The first executable {@code helm} on the PATH of the command's environment. */
    private static Path findHelm(CliContext context) {
        String path = context.environment().getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, "helm");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
