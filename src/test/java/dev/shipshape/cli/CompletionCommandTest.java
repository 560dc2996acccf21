package dev.shipshape.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionCommandTest {

    @TempDir
    Path workDir;

    /** What bash's completion offers for the words typed so far (the last one being completed). */
    private String complete(Path script, String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append("'");
        }
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_shipshape 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", program).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theBashScriptCompletesCommandsOptionsAndTheirValues() throws Exception {
        CliRunner.Result result = CliRunner.run(workDir, "completion", "bash");
        assertThat(result.exitCode()).isZero();
        Path script = workDir.resolve("shipshape.bash");
        Files.writeString(script, result.out());

        assertThat(complete(script, "shipshape", "").lines()).contains("scan", "fix", "checks", "export",
                "version", "completion");
        assertThat(complete(script, "shipshape", "scan", "--for").lines()).containsExactly("--format");
        assertThat(complete(script, "shipshape", "scan", "--format", "").lines())
                .containsExactlyInAnyOrder("table", "json", "sarif", "junit", "html");
        assertThat(complete(script, "shipshape", "scan", "--profile", "").lines())
                .containsExactlyInAnyOrder("baseline", "restricted", "hardened");
        assertThat(complete(script, "shipshape", "export", "").lines()).contains("admission-policy");
    }

    @Test
    void theZshScriptLoadsTheBashOneThroughBashcompinit() throws Exception {
        CliRunner.Result result = CliRunner.run(workDir, "completion", "zsh");

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().limit(2).toList();
        assertThat(lines).containsExactly("#compdef shipshape", "autoload -U +X bashcompinit && bashcompinit");
        Path script = workDir.resolve("_shipshape");
        Files.writeString(script, result.out());
        Process syntax = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliRunner.Result result = CliRunner.run(workDir, "completion", "fish");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("fish", "bash, zsh");
    }
}
