package dev.shipshape.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodTemplateTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void keepsTheKindAndTheTemplateOnly() throws Exception {
        JsonNode tree = PodTemplate.of(YAML.readTree("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: web-7d9f, namespace: shop, uid: r-1}
                spec:
                  replicas: 2
                  template:
                    metadata: {labels: {app: web, pod-template-hash: 7d9f}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                status: {replicas: 2}
                """)).tree();

        assertThat(tree).isEqualTo(YAML.readTree("""
                apiVersion: apps/v1
                kind: ReplicaSet
                spec:
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """));
    }

    @Test
    void aDeploymentAndItsReplicaSetHoldEqualBytes() throws Exception {
        PodTemplate deployment = PodTemplate.of(YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
                """));
        PodTemplate replicaSet = PodTemplate.of(YAML.readTree("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: web-7d9f}
                spec: {template: {metadata: {labels: {app: web, pod-template-hash: 7d9f}},
                       spec: {containers: [{name: web}]}}}
                """));

        assertThat(replicaSet.bytes()).isEqualTo(deployment.bytes());
        assertThat(replicaSet.tree().path("kind").asText()).isEqualTo("ReplicaSet");
    }

    @Test
    void aCronJobKeepsItsJobTemplate() throws Exception {
        JsonNode tree = PodTemplate.of(YAML.readTree("""
                apiVersion: batch/v1beta1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate: {spec: {template: {spec: {containers: [{name: job}]}}}}
                """)).tree();

        assertThat(tree.at("/spec/jobTemplate/spec/template/spec/containers/0/name").asText()).isEqualTo("job");
        assertThat(tree.at("/spec/schedule").isMissingNode()).isTrue();
    }

    @Test
    void anObjectWithoutATemplateHasNone() throws Exception {
        assertThat(PodTemplate.of(YAML.readTree("{apiVersion: v1, kind: ConfigMap, data: {a: b}}"))).isNull();
    }
}
