package dev.shipshape.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the HardeningPolicy CRD from the annotated classes: {@code make crds} runs {@link #main} to write
 * {@code crds/} and its copies in the kustomize install and the Helm chart (and copies the optional PolicyReport
 * CRD into the chart), and {@link CrdFreshnessTest} compares those files with a fresh generation. Printer columns keep
 * the order in which {@link HardeningPolicy} declares them (the generator would sort them by JSON path).
 */
public final class CrdGeneration {

    static final String CRD_FILE = "hardeningpolicies.shipshape.dev-v1.yml";
    static final Path COMMITTED = Path.of("crds", CRD_FILE);
    /** Where the install and the chart need the CRD, since kustomize and helm read only their own directories. */
    static final List<Path> COPIES = List.of(Path.of("deploy", "install", "crds", CRD_FILE),
            Path.of("helm", "shipshape", "crds", CRD_FILE));
    static final Path POLICY_REPORT_CRD = Path.of("deploy", "components", "policy-reports", "policyreport-crd.yaml");
    static final Path POLICY_REPORT_CRD_IN_CHART = Path.of("helm", "shipshape", "files", "policyreport-crd.yaml");

    private CrdGeneration() {
    }

    public static void main(String[] args) throws IOException {
        String crd = generate();
        for (Path path : Stream.concat(Stream.of(COMMITTED), COPIES.stream()).toList()) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, crd);
            System.out.println("wrote " + path);
        }
        Files.createDirectories(POLICY_REPORT_CRD_IN_CHART.getParent());
        Files.copy(POLICY_REPORT_CRD, POLICY_REPORT_CRD_IN_CHART, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + POLICY_REPORT_CRD_IN_CHART);
    }

    /** The CRD YAML for the current classes. */
    static String generate() throws IOException {
        Path directory = Files.createTempDirectory("shipshape-crd");
        try {
            new CRDGenerator()
                    .customResourceClasses(HardeningPolicy.class)
                    .forCRDVersions("v1")
                    .withPostProcessor(new CRDPostProcessor() {
                        @Override
                        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                            return orderPrinterColumns((CustomResourceDefinition) crd);
                        }
                    })
                    .inOutputDir(directory.toFile())
                    .generate();
            return Files.readString(directory.resolve(CRD_FILE));
        } finally {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    private static CustomResourceDefinition orderPrinterColumns(CustomResourceDefinition definition) {
        List<String> declared = Arrays.stream(HardeningPolicy.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition column) -> declared.indexOf(column.getName())));
        }
        return definition;
    }
}
