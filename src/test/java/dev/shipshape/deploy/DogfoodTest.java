package dev.shipshape.deploy;

import dev.shipshape.cli.ShipshapeCli;
import dev.shipshape.cli.input.CliContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Shipshape's own workload, as the chart and kustomize render it, passes every check of the hardened profile. */
class DogfoodTest {

    static Stream<Arguments> renderings() {
        return Stream.of(
                arguments("chart defaults", (Supplier<String>) DeployTools::renderChart),
                arguments("chart with cert-manager and monitoring", (Supplier<String>) () -> DeployTools.renderChart(
                        "--set", "tls.mode=cert-manager", "--set", "serviceMonitor.enabled=true",
                        "--set", "prometheusRule.enabled=true", "--set", "grafanaDashboard.enabled=true")),
                arguments("kustomize install", (Supplier<String>) () -> DeployTools.renderKustomization(
                        DeployTools.INSTALL)),
                arguments("kustomize complete overlay", (Supplier<String>) () -> DeployTools.renderKustomization(
                        Path.of("deploy", "overlays", "complete"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void scansCleanUnderTheHardenedProfile(String rendering, Supplier<String> manifests) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new ByteArrayInputStream(manifests.get().getBytes(StandardCharsets.UTF_8)),
                Path.of("."), false, Clock.systemUTC());

        int exitCode = ShipshapeCli.execute(context, new PrintWriter(out), new PrintWriter(err),
                "scan", "--profile", "hardened", "--fail-on", "low", "-");

        assertThat(exitCode).as("%s:%n%s%s", rendering, out, err).isZero();
        assertThat(out.toString()).contains("1 workload scanned: 1 compliant, 0 violating");
    }
}
