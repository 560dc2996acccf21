package dev.shipshape.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * helm and kubectl (for kustomize) as the tests use them: fetched once by {@code scripts/chart-tools.sh} into the
 * cache outside the checkout, then run on the chart and the install in this tree.
 */
public final class DeployTools {

    public static final Path CHART = Path.of("helm", "shipshape");
    public static final Path INSTALL = Path.of("deploy", "install");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static Path tools;

    private DeployTools() {
    }

    /** What a command printed and how it ended. */
    public record Output(int exitCode, String out, String err) {

        public Output orFail(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed with exit code " + exitCode + ":\n" + err + out);
            }
            return this;
        }
    }

    public static synchronized Path tools() {
        if (tools == null) {
            Output fetched = run(List.of("scripts/chart-tools.sh")).orFail("scripts/chart-tools.sh");
            tools = Path.of(fetched.out().strip());
        }
        return tools;
    }

    public static Output helm(String... args) {
        List<String> command = new ArrayList<>(List.of(tools().resolve("helm/helm").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    public static Output kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(tools().resolve("kubectl/kubectl").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** {@code helm template shipshape helm/shipshape -n shipshape-system --include-crds} with the given flags. */
    public static String renderChart(String... flags) {
        List<String> args = new ArrayList<>(List.of("template", "shipshape", CHART.toString(), "--namespace",
                "shipshape-system", "--include-crds"));
        args.addAll(List.of(flags));
        return helm(args.toArray(String[]::new)).orFail("helm template " + String.join(" ", flags)).out();
    }

    /** {@code kubectl kustomize} of a directory in this tree. */
    public static String renderKustomization(Path directory) {
        return kubectl("kustomize", directory.toString()).orFail("kubectl kustomize " + directory).out();
    }

    /** The objects of a multi-document YAML stream, typed where fabric8 knows the kind. */
    public static List<HasMetadata> objects(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof List<?> items) {
            return items.stream().map(HasMetadata.class::cast).toList();
        }
        return parsed == null ? List.of() : List.of((HasMetadata) parsed);
    }

    public static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return findOptional(objects, type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names(objects)));
    }

    public static <T extends HasMetadata> Optional<T> findOptional(List<HasMetadata> objects, Class<T> type,
                                                                   String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> name.equals(object.getMetadata().getName())).findFirst();
    }

    public static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(object -> object.getKind() + "/" + object.getMetadata().getName()).toList();
    }

    private static Output run(List<String> command) {
        try {
            Path errors = Files.createTempFile("shipshape-deploy-tool", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish within 10 minutes");
                }
                return new Output(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                        Files.readString(errors));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
