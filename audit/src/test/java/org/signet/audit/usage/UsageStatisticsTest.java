package org.signet.audit.usage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.audit.AuditQuery;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.test.TestDatabases;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage statistics computed from real audit records in H2 (the embedded default). */
class UsageStatisticsTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    @TempDir
    Path dir;

    @Test
    void computeThenCountsSignaturesPerDayPortalAgencyProcedureAndApprovalRateWithMedianTime() {
        DataSource dataSource = TestDatabases.h2(dir).dataSource();
        Flyway.configure().dataSource(dataSource).load().migrate();
        // 23:30 UTC on Nov 1 is already Nov 2 in Vietnam: days follow the configured zone.
        Instant day2 = Instant.parse("2026-11-01T23:30:00Z");
        append(dataSource, day2, signature("portal-a", "D1", "SO-TP", "1.001"));
        append(dataSource, day2.plusSeconds(1), signature("portal-a", "D1", "SO-TP", "1.001"));
        append(dataSource, day2.plusSeconds(2), signature("portal-a", "D2", "SO-TP", "1.001"));
        append(dataSource, day2.plusSeconds(3), signature("portal-b", null, null, null));
        append(dataSource, day2, created("portal-a", "r1"));
        append(dataSource, day2.plusSeconds(10), AuditEvent.of(AuditEventType.APPROVAL_GRANTED, "citizen-1").withRequestId("r1"));
        append(dataSource, day2, created("portal-a", "r2"));
        append(dataSource, day2.plusSeconds(30), AuditEvent.of(AuditEventType.APPROVAL_GRANTED, "citizen-1").withRequestId("r2"));
        append(dataSource, day2, created("portal-a", "r3"));
        append(dataSource, day2.plusSeconds(5), AuditEvent.of(AuditEventType.APPROVAL_REJECTED, "citizen-1").withRequestId("r3"));
        append(dataSource, Instant.parse("2026-11-20T03:00:00Z"), signature("portal-a", "D9", "SO-TP", "1.001"));

        UsageStatistics statistics = new UsageStatistics(
                new AuditQuery(new JdbcTemplate(dataSource), new AuditRecordCodec()), VIETNAM);
        UsageStatistics.Report report = statistics.compute(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02"));

        assertThat(report.signatures()).containsExactlyInAnyOrder(
                new UsageStatistics.SignatureRow(LocalDate.parse("2026-11-02"), "portal-a", "SO-TP", "1.001", 3, 2),
                new UsageStatistics.SignatureRow(LocalDate.parse("2026-11-02"), "portal-b", "-", "-", 1, 0));
        assertThat(report.approvals()).singleElement().satisfies(row -> {
            assertThat(row.portal()).isEqualTo("portal-a");
            assertThat(row.requested()).isEqualTo(3);
            assertThat(row.granted()).isEqualTo(2);
            assertThat(row.rejected()).isEqualTo(1);
            assertThat(row.approvalRate()).isEqualTo(2.0 / 3);
            assertThat(row.medianApprovalMillis()).isEqualTo(20_000L);
        });

        String csv = UsageCsv.render(report);
        assertThat(csv).startsWith("section,day,portal,agency,procedure_code,signatures,dossiers,")
                .contains("signatures,2026-11-02,\"portal-a\",\"SO-TP\",\"1.001\",3,2,")
                .contains("approvals,2026-11-02,\"portal-a\",,,,,3,2,1,0,0.667,20000");
    }

    @Test
    void csvWhenValueLooksLikeAFormulaThenNeutralised() {
        UsageStatistics.Report report = new UsageStatistics.Report(LocalDate.EPOCH, LocalDate.EPOCH, "UTC",
                java.util.List.of(new UsageStatistics.SignatureRow(LocalDate.EPOCH, "=cmd()", "a\"b", "-", 1, 0)),
                java.util.List.of());
        assertThat(UsageCsv.render(report)).contains("\"'=cmd()\",\"a\"\"b\"");
    }

    private static void append(DataSource dataSource, Instant at, AuditEvent event) {
        new JdbcAuditTrail(new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new AuditRecordCodec(), "test", Clock.fixed(at, ZoneOffset.UTC)).record(event);
    }

    private static AuditEvent signature(String portal, String dossier, String agency, String procedure) {
        AuditEvent event = AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, portal).withCredential("seal").with("format", "PAdES");
        if (dossier != null) {
            event = event.with("dossierId", dossier).with("agency", agency).with("procedureCode", procedure);
        }
        return event;
    }

    private static AuditEvent created(String portal, String requestId) {
        return AuditEvent.of(AuditEventType.SIGNING_REQUEST_CREATED, portal).withRequestId(requestId)
                .withCredential("citizen").with("citizen", "citizen-1");
    }
}
