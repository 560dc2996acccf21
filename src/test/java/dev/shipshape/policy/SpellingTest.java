package dev.shipshape.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpellingTest {

    @ParameterizedTest
    @CsvSource({
        "Deployment, Deployment, 0",
        "Deploymnet, Deployment, 2",
        "Deploymen, Deployment, 1",
        "CronJobs, CronJob, 1",
        "'', Pod, 3",
        "kitten, sitting, 3"})
    void distanceCountsInsertionsDeletionsAndSubstitutions(String a, String b, int distance) {
        assertThat(Spelling.distance(a, b)).isEqualTo(distance);
        assertThat(Spelling.distance(b, a)).isEqualTo(distance);
    }

    @ParameterizedTest
    @CsvSource({
        "Deploymnet, 2, Deployment",
        "StatefullSet, 2, StatefulSet",
        "Jbo, 2, Job",
        "Widget, 2, ''",
        "Deploymnet, 1, ''"})
    void closestIsTheNearestCandidateWithinTheBound(String unknown, int bound, String expected) {
        List<String> kinds = List.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");

        assertThat(Spelling.closest(unknown, kinds, bound).orElse("")).isEqualTo(expected);
    }
}
