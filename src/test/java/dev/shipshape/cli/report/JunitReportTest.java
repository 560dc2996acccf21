package dev.shipshape.cli.report;

import dev.shipshape.cli.CliRunner;
import dev.shipshape.policy.CompiledPolicy;
import dev.shipshape.policy.Profile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JunitReportTest {

    @TempDir
    Path workDir;

    @BeforeEach
    void copyFixtures() {
        CliRunner.copyFixtures(workDir, "scan", "malformed", "policies");
    }

    private static Document parse(String xml) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static int attribute(Element element, String name) {
        return Integer.parseInt(element.getAttribute(name));
    }

    @Test
    void oneSuitePerFileAndOneCasePerWorkloadAndCheck() throws Exception {
        CliRunner.Result result = CliRunner.run(workDir, "scan", "--format", "junit", "scan/apps/multi.yaml",
                "scan/apps/web.yaml", "scan/apps/widget.yml");
        Element root = parse(result.out()).getDocumentElement();

        assertThat(root.getTagName()).isEqualTo("testsuites");
        List<Element> suites = elements(root, "testsuite");
        assertThat(suites).extracting(suite -> suite.getAttribute("name"))
                .containsExactly("scan/apps/multi.yaml", "scan/apps/web.yaml");
        int checks = CompiledPolicy.forProfile(Profile.HARDENED).checks().size();
        Element multi = suites.get(0);
        List<Element> cases = elements(multi, "testcase");
        assertThat(cases).hasSize(2 * checks);
        assertThat(attribute(multi, "tests")).isEqualTo(cases.size());
        assertThat(attribute(multi, "failures")).isEqualTo(elements(multi, "failure").size()).isPositive();
        assertThat(cases.get(0).getAttribute("classname")).isEqualTo("Deployment shop/api");
        assertThat(cases.get(0).getAttribute("name")).isEqualTo("privileged");
        Element privileged = cases.get(checks);
        assertThat(privileged.getAttribute("classname")).isEqualTo("Pod shop/debug");
        Element failure = elements(privileged, "failure").get(0);
        assertThat(failure.getAttribute("type")).isEqualTo("critical");
        assertThat(failure.getAttribute("message")).isEqualTo(
                "container \"shell\" must not set securityContext.privileged=true");
        assertThat(failure.getTextContent()).contains("scan/apps/multi.yaml:61: critical:", "fix: ");
        assertThat(attribute(root, "tests")).isEqualTo(3 * checks);
    }

    @Test
    void exemptChecksAreSkippedAndInputErrorsAreErrors() throws Exception {
        String xml = CliRunner.run(workDir, "scan", "--format", "junit", "--policy", "policies/restricted-policy.yaml",
                "scan/apps/pod.json", "malformed/broken.yaml").out();
        Element root = parse(xml).getDocumentElement();

        Element skipped = elements(root, "skipped").get(0);
        assertThat(((Element) skipped.getParentNode()).getAttribute("name")).isEqualTo("host-namespaces");
        assertThat(skipped.getAttribute("message")).contains("the node agent needs the host network");
        Element error = elements(root, "error").get(0);
        assertThat(error.getAttribute("message")).startsWith("malformed/broken.yaml:15:5: ");
        assertThat(attribute(root, "errors")).isEqualTo(1);
        assertThat(attribute(root, "skipped")).isEqualTo(1);
    }

    @Test
    void specialCharactersAreEscapedAndInvalidOnesDropped() throws Exception {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: "a<b>&c", namespace: "x'y"}
                spec:
                  containers:
                  - name: "odd\\"name\\a]]>"
                    image: nginx:1.25.3
                    securityContext: {privileged: true}
                """;
        String xml = CliRunner.runWithStdin(workDir, pod, "scan", "--format", "junit", "-").out();
        Element root = parse(xml).getDocumentElement();

        Element testCase = elements(root, "testcase").get(0);
        assertThat(testCase.getAttribute("classname")).isEqualTo("Pod x'y/a<b>&c");
        Element failure = elements(testCase, "failure").get(0);
        assertThat(failure.getAttribute("message")).isEqualTo(
                "container \"odd\"name]]>\" must not set securityContext.privileged=true");
        assertThat(failure.getTextContent()).contains("odd\"name]]>");
    }
}
