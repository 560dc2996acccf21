package dev.shipshape.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Groups the commands that turn policies into other tools' objects. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        synopsisSubcommandLabel = "WHAT",
        description = "Turns a HardeningPolicy or profile into objects other tools enforce.",
        commandListHeading = "%nWhat:%n")
final class ExportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing what to export, e.g. admission-policy");
    }
}
