package dev.shipshape.policy.checks;

import dev.shipshape.policy.Check;
import dev.shipshape.policy.CheckCatalog;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every check of the catalogue against its fixtures under src/test/resources/checks/&lt;id&gt;/ (see CheckFixtures). */
class CatalogFixturesTest {

    static Stream<Named<Check>> checks() {
        return CheckCatalog.all().stream().map(check -> Named.of(check.descriptor().id(), check));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void everyCheckPassesItsFixtures(Check check) {
        CheckFixtures.assertFixtures(check);
    }

    @Test
    void everyFixtureDirectoryBelongsToACheck() throws IOException {
        try (Stream<Path> directories = Files.list(Path.of("src/test/resources/checks"))) {
            assertThat(directories.map(directory -> directory.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(CheckCatalog.ids());
        }
    }
}
