package dev.shipshape.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shipshape version}: the same as {@code --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = "Prints the version of shipshape and of the Java runtime.")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().printVersionHelp(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
    }
}
