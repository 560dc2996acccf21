package dev.shipshape.cli.report;

import dev.shipshape.cli.CliRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML report as a browser shows it: rendered by headless Chromium (Debian's chromium package). */
class HtmlReportTest {

    /** How long Chromium may take to start and render the page on a loaded machine. */
    private static final long RENDER_TIMEOUT_SECONDS = 120;

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "scan", "malformed");
    }

    /** The page's DOM after Chromium loaded it and ran its script. */
    private String render(Path page) throws IOException, InterruptedException {
        Path chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("chromium is missing: scripts/test-tools.sh installs it "
                        + "(apt-get install chromium)"));
        Path dom = workDir.resolve("dom.html");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"), "--dump-dom",
                page.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(workDir.resolve("chromium.log").toFile()).start();
        assertThat(process.waitFor(RENDER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("chromium rendered the page").isTrue();
        assertThat(process.exitValue()).as(Files.readString(workDir.resolve("chromium.log"))).isZero();
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    @Test
    void theReportIsOneSelfContainedPageWithSummaryFindingsAndFixes() throws Exception {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "html", "scan", "malformed");
        Path page = workDir.resolve("report.html");
        Files.writeString(page, result.out());
        CliRunner.Result json = CliRunner.run(workDir, "scan", "--format", "json", "scan", "malformed");
        int findings = count(json.out(), "\"checkId\"") - count(json.out(), "\"reason\"");

        assertThat(result.out()).doesNotContainPattern("(src|href)=\"(https?:)?//")
                .doesNotContain("<link", "@import");
        String dom = render(page);

        assertThat(dom).contains("<title>Shipshape scan: hardened</title>", "Findings by check", "Input errors",
                "malformed/broken.yaml:15:");
        assertThat(dom).as("the page's script ran and counted every finding row")
                .contains("Showing " + findings + " of " + findings + " findings");
        assertThat(count(dom, "<tr class=\"finding\"")).isEqualTo(findings);
        assertThat(dom).contains("Deployment default/web", "scan/apps/web.yaml:",
                "Fix: Set securityContext.runAsNonRoot: true", "id=\"result\"><b>fail</b>");
    }

    @Test
    void aCompliantScanSaysSo() throws Exception {
        String hardened = Files.readString(Path.of("deploy/samples/workloads/hardened-deployment.yaml"));
        CliRunner.Result result = CliRunner.runWithStdin(workDir, hardened, "scan", "--format", "html", "-");
        Path page = workDir.resolve("clean.html");
        Files.writeString(page, result.out());

        String dom = render(page);

        assertThat(dom).contains("Showing 0 of 0 findings", "<b>100.0%</b>", "id=\"result\"><b>pass</b>");
    }
}
