package dev.shipshape.cli;

import dev.shipshape.cli.input.CliContext;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Help text wraps between words, never inside one, on an 80-column terminal. */
class HelpTextTest {

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(sub -> commands.addAll(everyCommand(sub)));
        return commands;
    }

    private static Map<String, Integer> words(String text) {
        Map<String, Integer> words = new TreeMap<>();
        Arrays.stream(text.split("\\s+")).filter(word -> !word.isEmpty()).forEach(word -> words.merge(word, 1,
                Integer::sum));
        return words;
    }

    @Test
    void everyCommandsHelpWrapsBetweenWordsAtEightyColumns() {
        CommandLine root = ShipshapeCli.everyCommand(new CliContext(new ByteArrayInputStream(new byte[0]),
                Path.of(""), false, CliRunner.CLOCK));
        List<CommandLine> commands = everyCommand(root);
        assertThat(commands).extracting(CommandLine::getCommandName).contains("scan", "fix", "checks",
                "admission-policy", "completion");
        for (CommandLine command : commands) {
            HelpWrapping.apply(command, 80);
            String wrapped = command.getUsageMessage();
            HelpWrapping.apply(command, 10_000);
            String unwrapped = command.getUsageMessage();

            assertThat(wrapped.lines()).as(command.getCommandSpec().qualifiedName() + " fits 80 columns")
                    .allMatch(line -> line.length() <= 80);
            assertThat(words(wrapped)).as(command.getCommandSpec().qualifiedName() + ": the same words as without "
                    + "wrapping, so none was split").isEqualTo(words(unwrapped));
        }
    }
}
