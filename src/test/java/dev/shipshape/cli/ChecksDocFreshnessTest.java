package dev.shipshape.cli;

import dev.shipshape.cli.report.ChecksMarkdown;
import dev.shipshape.policy.CheckCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/checks.md is generated from the catalogue; it must be regenerated whenever a check changes. */
class ChecksDocFreshnessTest {

    @Test
    void committedChecksReferenceMatchesTheCatalogue() throws IOException {
        Path committed = Path.of("docs", "checks.md");
        String generated = ChecksMarkdown.generate(CheckCatalog.all());

        assertThat(Files.exists(committed)).as("docs/checks.md is missing: run make docs").isTrue();
        assertThat(Files.readString(committed))
                .as("docs/checks.md is stale: run make docs")
                .isEqualTo(generated);
    }
}
