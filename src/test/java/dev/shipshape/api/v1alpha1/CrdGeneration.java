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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the HardeningPolicy CRD from the annotated classes: {@code make crds} runs {@link #main} to write
 * {@code crds/}, and {@link CrdFreshnessTest} compares that file with a fresh generation. Printer columns keep
 * the order in which {@link HardeningPolicy} declares them (the generator would sort them by JSON path).
 */
public final class CrdGeneration {

    static final String CRD_FILE = "hardeningpolicies.shipshape.dev-v1.yml";
    static final Path COMMITTED = Path.of("crds", CRD_FILE);

    private CrdGeneration() {
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(COMMITTED.getParent());
        Files.writeString(COMMITTED, generate());
        System.out.println("wrote " + COMMITTED);
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
