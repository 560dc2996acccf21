package dev.shipshape.policy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.shipshape.api.v1alpha1.Match;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1beta1.CronJobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table of workload kinds, and what follows from it. */
class WorkloadKindTableTest {

    @Test
    void theCrdDescribesEveryKindAPolicyMayName() throws NoSuchFieldException {
        String description = Match.class.getDeclaredField("kinds").getAnnotation(JsonPropertyDescription.class)
                .value();

        assertThat(WorkloadKind.names()).allSatisfy(kind -> assertThat(description).containsPattern(kind + "[,.]"));
    }

    @Test
    void everyKindHasATypedClassOfItsGroupAndKind() {
        for (WorkloadKind kind : WorkloadKind.values()) {
            Class<? extends HasMetadata> type = kind.typeFor(List.of());
            assertThat(HasMetadata.getKind(type)).isEqualTo(kind.kind());
            assertThat(HasMetadata.getGroup(type)).isEqualTo(kind.group());
        }
    }

    @Test
    void theServedVersionPicksTheClass() {
        assertThat(HasMetadata.getVersion(WorkloadKind.CRON_JOB.typeFor(List.of("v1beta1")))).isEqualTo("v1beta1");
        assertThat(HasMetadata.getVersion(WorkloadKind.CRON_JOB.typeFor(List.of("v1", "v1beta1")))).isEqualTo("v1");
        assertThat(HasMetadata.getVersion(WorkloadKind.CRON_JOB.typeFor(List.of()))).isEqualTo("v1");
    }

    @Test
    void typedTemplatesAreReachedWithoutCopies() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build();
        Deployment deployment = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().endSpec()
                .endTemplate().endSpec().build();
        CronJob legacyCronJob = new CronJobBuilder().withNewSpec().withNewJobTemplate().withNewSpec()
                .withNewTemplate().withNewSpec().endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build();

        assertThat(WorkloadKind.POD.typedTemplate(pod).orElseThrow().getSpec()).isSameAs(pod.getSpec());
        assertThat(WorkloadKind.DEPLOYMENT.typedTemplate(deployment).orElseThrow())
                .isSameAs(deployment.getSpec().getTemplate());
        assertThat(WorkloadKind.CRON_JOB.typedTemplate(legacyCronJob).orElseThrow())
                .isSameAs(legacyCronJob.getSpec().getJobTemplate().getSpec().getTemplate());
        assertThat(WorkloadKind.DEPLOYMENT.typedTemplate(new DeploymentBuilder().build())).isPresent();
        assertThat(WorkloadKind.DEPLOYMENT.typedTemplate(new ConfigMap())).isEmpty();
    }
}
