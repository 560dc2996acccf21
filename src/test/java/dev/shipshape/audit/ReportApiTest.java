package dev.shipshape.audit;

import dev.shipshape.OperatorConfig.ReportFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportApiTest {

    @ParameterizedTest(name = "{0}, PolicyReport served {1}, OpenReports served {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            AUTO          | true  | true  | OPEN_REPORTS
            AUTO          | true  | false | POLICY_REPORT
            AUTO          | false | true  | OPEN_REPORTS
            AUTO          | false | false | ''
            POLICY_REPORT | true  | true  | POLICY_REPORT
            POLICY_REPORT | false | true  | ''
            OPEN_REPORTS  | true  | true  | OPEN_REPORTS
            OPEN_REPORTS  | true  | false | ''
            BOTH          | true  | true  | POLICY_REPORT OPEN_REPORTS
            BOTH          | false | true  | OPEN_REPORTS
            BOTH          | false | false | ''
            """)
    void theFormatAndWhatIsServedDecideWhatIsWritten(ReportFormat format, boolean policyReportServed,
                                                     boolean openReportsServed, String expected) {
        List<ReportApi> written = expected.isBlank() ? List.of()
                : Arrays.stream(expected.split(" ")).map(ReportApi::valueOf).toList();

        assertThat(ReportApi.targets(format, policyReportServed, openReportsServed)).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POLICY_REPORT, wgpolicyk8s.io/v1alpha2, PolicyReport, policyreports",
            "OPEN_REPORTS, openreports.io/v1alpha1, Report, reports"})
    void eachApiNamesItsResource(ReportApi api, String apiVersion, String kind, String plural) {
        assertThat(api.apiVersion()).isEqualTo(apiVersion);
        assertThat(api.kind()).isEqualTo(kind);
        assertThat(api.context().getPlural()).isEqualTo(plural);
        assertThat(api.context().isNamespaceScoped()).isTrue();
    }
}
