package dev.shipshape.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.function.Supplier;

/** {@code shipshape completion bash|zsh}: a shell completion script for every command, option and value. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = ShipshapeVersion.class,
        description = {
            "Prints a completion script for bash or zsh: commands, options and their values (profiles, formats, "
                + "severities) and file names complete with Tab.",
            "bash: source <(shipshape completion bash), or save it as "
                + "/etc/bash_completion.d/shipshape. zsh: source <(shipshape completion zsh) after compinit."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo 'source <(shipshape completion bash)' >> ~/.bashrc",
            "  shipshape completion zsh > \"${fpath[1]}/_shipshape\""})
final class CompletionCommand implements Runnable {

    /** The shells a script is printed for. */
    enum Shell { bash, zsh }

    private final Supplier<CommandLine> everyCommand;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    CompletionCommand(Supplier<CommandLine> everyCommand) {
        this.everyCommand = everyCommand;
    }

    @Override
    public void run() {
        String script = AutoComplete.bash("shipshape", everyCommand.get());
        if (shell == Shell.zsh) {
            // the bash script runs under zsh's bashcompinit; a #compdef line lets zsh autoload it from $fpath
            script = "#compdef shipshape\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
