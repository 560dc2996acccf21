package dev.shipshape.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the CRDs of HardeningPolicy and HardeningExemption from the annotated classes: {@code make crds} runs
 * {@link #main} to write {@code crds/} and its copies in the kustomize install and the Helm chart (and copies the
 * optional PolicyReport and OpenReports CRDs into the chart), and {@link CrdFreshnessTest} compares those files with a fresh
 * generation. Printer columns keep the order in which each class declares them (the generator would sort them by JSON
 * path).
 */
public final class CrdGeneration {

    static final String CRD_FILE = "hardeningpolicies.shipshape.dev-v1.yml";
    static final String EXEMPTION_CRD_FILE = "hardeningexemptions.shipshape.dev-v1.yml";
    /** Each CRD file by the class it is generated from. */
    static final Map<Class<?>, String> FILES = Map.of(HardeningPolicy.class, CRD_FILE,
            HardeningExemption.class, EXEMPTION_CRD_FILE);
    static final Path COMMITTED_DIRECTORY = Path.of("crds");
    static final Path COMMITTED = COMMITTED_DIRECTORY.resolve(CRD_FILE);
    /** Where the install and the chart need the CRDs, since kustomize and helm read only their own directories. */
    static final List<Path> COPY_DIRECTORIES = List.of(Path.of("deploy", "install", "crds"),
            Path.of("helm", "shipshape", "crds"));
    static final Path POLICY_REPORT_CRD = Path.of("deploy", "components", "policy-reports", "policyreport-crd.yaml");
    static final Path POLICY_REPORT_CRD_IN_CHART = Path.of("helm", "shipshape", "files", "policyreport-crd.yaml");
    static final Path OPEN_REPORTS_CRD = Path.of("deploy", "components", "open-reports", "openreports-crd.yaml");
    static final Path OPEN_REPORTS_CRD_IN_CHART = Path.of("helm", "shipshape", "files", "openreports-crd.yaml");

    private CrdGeneration() {
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<Class<?>, String> crd : FILES.entrySet()) {
            String yaml = generate(crd.getKey());
            for (Path directory : Stream.concat(Stream.of(COMMITTED_DIRECTORY), COPY_DIRECTORIES.stream()).toList()) {
                Path path = directory.resolve(crd.getValue());
                Files.createDirectories(directory);
                Files.writeString(path, yaml);
                System.out.println("wrote " + path);
            }
        }
        Files.createDirectories(POLICY_REPORT_CRD_IN_CHART.getParent());
        Files.copy(POLICY_REPORT_CRD, POLICY_REPORT_CRD_IN_CHART, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + POLICY_REPORT_CRD_IN_CHART);
        Files.copy(OPEN_REPORTS_CRD, OPEN_REPORTS_CRD_IN_CHART, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + OPEN_REPORTS_CRD_IN_CHART);
    }

    /** The HardeningPolicy CRD YAML for the current classes. */
    static String generate() throws IOException {
        return generate(HardeningPolicy.class);
    }

    /** The CRD YAML of {@code resource} for the current classes. */
    static String generate(Class<?> resource) throws IOException {
        Path directory = Files.createTempDirectory("shipshape-crd");
        try {
            new CRDGenerator()
                    .customResourceClasses(resource.asSubclass(CustomResource.class))
                    .forCRDVersions("v1")
                    .withPostProcessor(new CRDPostProcessor() {
                        @Override
                        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                            return orderPrinterColumns(resource, (CustomResourceDefinition) crd);
                        }
                    })
                    .inOutputDir(directory.toFile())
                    .generate();
            return Files.readString(directory.resolve(FILES.get(resource)));
        } finally {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    private static CustomResourceDefinition orderPrinterColumns(Class<?> resource,
                                                                CustomResourceDefinition definition) {
        List<String> declared = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition column) -> declared.indexOf(column.getName())));
        }
        return definition;
    }
}
