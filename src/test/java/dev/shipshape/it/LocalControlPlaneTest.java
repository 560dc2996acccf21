package dev.shipshape.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests find the control plane where scripts/kube-binaries.sh puts it, whatever HOME says. */
class LocalControlPlaneTest {

    @Test
    void theCacheDirectoryFollowsTheScriptsRule() throws Exception {
        Path home = Files.createTempDirectory("home");
        Path cache = Files.createTempDirectory("cache");

        assertThat(LocalControlPlane.cacheDirectory(Map.of("HOME", home.toString())))
                .isEqualTo(home.resolve(".cache/shipshape"));
        assertThat(LocalControlPlane.cacheDirectory(Map.of("HOME", home.toString(), "SHIPSHAPE_CACHE", "")))
                .isEqualTo(home.resolve(".cache/shipshape"));
        assertThat(LocalControlPlane.cacheDirectory(Map.of("HOME", home.toString(),
                "SHIPSHAPE_CACHE", cache.toString()))).isEqualTo(cache);
        assertThat(scriptCache(Map.of("HOME", home.toString()))).isEqualTo(home.resolve(".cache/shipshape"));
        assertThat(scriptCache(Map.of("HOME", home.toString(), "SHIPSHAPE_CACHE", cache.toString())))
                .isEqualTo(cache);
    }

    /** The cache directory the scripts compute in that environment (the rule line of scripts/kube-binaries.sh, which every script shares). */
    private static Path scriptCache(Map<String, String> environment) throws IOException, InterruptedException {
        String rule = Files.readAllLines(Path.of("scripts/kube-binaries.sh")).stream()
                .filter(line -> line.startsWith("cache=")).findFirst().orElseThrow();
        ProcessBuilder shell = new ProcessBuilder("bash", "-c", rule + "; printf %s \"$cache\"");
        shell.environment().remove("SHIPSHAPE_CACHE");
        shell.environment().putAll(environment);
        Process process = shell.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return Path.of(out);
    }
}
