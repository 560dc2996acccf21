package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;

/** The CLI's command tree, for tests outside its package that check what names commands and options. */
public final class CliCommands {

    private CliCommands() {
    }

    public static CommandLine every() {
        return ShipshapeCli.everyCommand(new CliContext(new ByteArrayInputStream(new byte[0]), Path.of(""), false,
                CliRunner.CLOCK));
    }
}
