package org.signet.verifier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.core.audit.AuditEventType;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.verifier.cache.CaffeineReportCache;
import org.signet.verifier.cache.RedisReportCache;
import org.signet.verifier.cache.ReportCache;
import org.signet.verifier.cache.ReportCacheHealthIndicator;
import org.signet.verifier.cache.SealedReportCache;
import org.signet.verifier.cache.TestRedis;
import org.signet.verifier.trust.TrustConfiguration;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report cache with real stores: the in-process Caffeine cache, the shared Redis on 6379 (random
 * key prefix) for hits, tampering and key separation, and a Redis server this test starts itself on
 * another loopback port for the down-then-up behaviour. No store is mocked.
 */
class ValidationCacheTest {

    private static final String SHARED_REDIS = TestRedis.SHARED_URL;
    private static final byte[] DOCUMENT = TestPdfs.simple("Giấy chứng nhận đăng ký kinh doanh");
    private static final List<Path> ANCHORS = List.of(TestHome.pki("root-ca.pem"));
    private static final List<Path> CRLS = List.of(TestHome.pki("root-ca.crl.pem"), TestHome.pki("issuing-ca.crl.pem"));

    private static TestRedis shared;
    private static String prefix;

    @BeforeAll
    static void connect() {
        shared = TestRedis.shared();
        prefix = shared.prefix();
    }

    @AfterAll
    static void cleanUp() {
        shared.close();
    }

    @Test
    void validateWhenSameBytesTwiceThenSecondIsCachedAndAudited() {
        RecordingAuditTrail audit = new RecordingAuditTrail();
        ValidationService service = TestValidationServices.service(ANCHORS, CRLS, TestValidationServices.caffeine(), audit);

        ValidationReport first = service.validate(DOCUMENT, "a.pdf", "auditor-1");
        ValidationReport second = service.validate(DOCUMENT, "b.pdf", "auditor-1");

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.documentName()).isEqualTo("b.pdf");
        assertThat(second.policy()).isEqualTo(first.policy()).startsWith("sha256:");
        assertThat(audit.events()).extracting(e -> e.attributes().get("cacheHit")).containsExactly("false", "true");
        assertThat(audit.events()).allSatisfy(e -> assertThat(e.type()).isEqualTo(AuditEventType.VALIDATION_PERFORMED));
    }

    @Test
    void validateWhenReportLargerThanEntryLimitThenNotCached() {
        ReportCache small = new SealedReportCache(new CaffeineReportCache(Duration.ofMinutes(5), 1024 * 1024),
                TestValidationServices.HMAC_KEY, 64);
        ValidationService service = TestValidationServices.service(ANCHORS, CRLS, small, new RecordingAuditTrail());

        service.validate(DOCUMENT, "big.pdf", "auditor-1");

        assertThat(service.validate(DOCUMENT, "big.pdf", "auditor-1").cached()).isFalse();
    }

    @Test
    void validateWhenRedisEntryTamperedThenIgnoredAndRevalidated() {
        try (ReportCache cache = redis(SHARED_REDIS, prefix + "tamper:")) {
            ValidationService service = TestValidationServices.service(ANCHORS, CRLS, cache, new RecordingAuditTrail());
            assertThat(service.validate(DOCUMENT, "d.pdf", "auditor-1").cached()).isFalse();
            assertThat(service.validate(DOCUMENT, "d.pdf", "auditor-1").cached()).isTrue();

            List<byte[]> keys = shared.raw().keys((prefix + "tamper:*").getBytes(StandardCharsets.UTF_8));
            assertThat(keys).hasSize(1);
            byte[] entry = shared.raw().get(keys.get(0));
            String forged = new String(entry, StandardCharsets.ISO_8859_1).replace("\"validSignaturesCount\":0",
                    "\"validSignaturesCount\":9");
            shared.raw().set(keys.get(0), forged.getBytes(StandardCharsets.ISO_8859_1));

            ValidationReport afterTamper = service.validate(DOCUMENT, "d.pdf", "auditor-1");
            assertThat(afterTamper.cached()).isFalse();
            assertThat(afterTamper.validSignaturesCount()).isZero();
            assertThat(service.validate(DOCUMENT, "d.pdf", "auditor-1").cached()).isTrue();
        }
    }

    @Test
    void validateWhenTrustConfigurationDiffersThenOldVerdictNotServed() {
        try (ReportCache cache = redis(SHARED_REDIS, prefix + "trust:")) {
            ValidationService before = TestValidationServices.service(ANCHORS, CRLS, cache, new RecordingAuditTrail());
            ValidationService after = TestValidationServices.service(ANCHORS, List.of(TestHome.pki("issuing-ca.crl.pem")),
                    cache, new RecordingAuditTrail());
            assertThat(before.trustVersion()).isNotEqualTo(after.trustVersion());

            before.validate(DOCUMENT, "t.pdf", "auditor-1");
            assertThat(before.validate(DOCUMENT, "t.pdf", "auditor-1").cached()).isTrue();
            assertThat(after.validate(DOCUMENT, "t.pdf", "auditor-1").cached()).isFalse();
        }
    }

    @Test
    void validateWhenRedisDownThenAnswersUncachedAndHealthRecoversWhenRedisStarts() throws Exception {
        int port = TestRedis.freePort();
        try (ReportCache cache = redis("redis://127.0.0.1:" + port, prefix + "outage:")) {
            ReportCacheHealthIndicator health = new ReportCacheHealthIndicator(cache);
            RecordingAuditTrail audit = new RecordingAuditTrail();
            ValidationService service = TestValidationServices.service(ANCHORS, CRLS, cache, audit);

            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(service.validate(DOCUMENT, "o.pdf", "auditor-1").cached()).isFalse();
            assertThat(service.validate(DOCUMENT, "o.pdf", "auditor-1").cached()).isFalse();

            Process server = TestRedis.start(port);
            try {
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(service.validate(DOCUMENT, "o.pdf", "auditor-1").cached()).isFalse();
                assertThat(service.validate(DOCUMENT, "o.pdf", "auditor-1").cached()).isTrue();
            }
            finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(service.validate(DOCUMENT, "o.pdf", "auditor-1").cached()).isFalse();
            assertThat(audit.events()).extracting(e -> e.attributes().get("cacheHit"))
                    .containsExactly("false", "false", "false", "true", "false");
        }
    }

    @Test
    void validateWhenCrlNextUpdateSoonerThanTtlThenRedisEntryExpiresByNextUpdate() {
        Instant nextUpdate = earliestNextUpdateByOpenssl();
        assertThat(TrustConfiguration.earliestCrlNextUpdate(VerifierProperties.of(ANCHORS, CRLS))).isEqualTo(nextUpdate);
        Clock ninetySecondsBefore = Clock.fixed(nextUpdate.minusSeconds(90), ZoneOffset.UTC);
        try (ReportCache cache = redis(SHARED_REDIS, prefix + "crl:")) {
            ValidationService service = TestValidationServices.service(ANCHORS, CRLS, cache, new RecordingAuditTrail(),
                    ninetySecondsBefore);

            service.validate(DOCUMENT, "n.pdf", "auditor-1");

            List<byte[]> keys = shared.raw().keys((prefix + "crl:*").getBytes(StandardCharsets.UTF_8));
            assertThat(keys).hasSize(1);
            // Configured TTL 5 min; the entry may live only until the CRL's nextUpdate, 90 s later.
            assertThat(shared.raw().pttl(keys.get(0))).isPositive().isLessThanOrEqualTo(90_000L);
            assertThat(service.validate(DOCUMENT, "n.pdf", "auditor-1").cached()).isTrue();
        }
    }

    @Test
    void validateWhenCrlNextUpdatePassedThenNothingCached() {
        Clock afterNextUpdate = Clock.fixed(earliestNextUpdateByOpenssl().plusSeconds(60), ZoneOffset.UTC);
        RecordingAuditTrail audit = new RecordingAuditTrail();
        ValidationService service = TestValidationServices.service(ANCHORS, CRLS, TestValidationServices.caffeine(),
                audit, afterNextUpdate);

        service.validate(DOCUMENT, "late.pdf", "auditor-1");
        service.validate(DOCUMENT, "late.pdf", "auditor-1");

        assertThat(audit.events()).extracting(e -> e.attributes().get("cacheHit")).containsExactly("false", "false");
    }

    /** The earliest nextUpdate of the configured CRLs as openssl reads it (independent of our parsing). */
    private static Instant earliestNextUpdateByOpenssl() {
        return CRLS.stream().map(crl -> {
            ExternalTool.Result result = ExternalTool.run(List.of("openssl", "crl", "-in", crl.toString(), "-noout",
                    "-nextupdate", "-dateopt", "iso_8601"));
            assertThat(result.exitCode()).as(result.output()).isZero();
            String value = result.output().trim().substring("nextUpdate=".length());
            return Instant.parse(value.replace(' ', 'T'));
        }).min(Instant::compareTo).orElseThrow();
    }

    private static ReportCache redis(String url, String prefix) {
        return new SealedReportCache(new RedisReportCache(url, prefix, Duration.ofMinutes(5), Duration.ofSeconds(1)),
                TestValidationServices.HMAC_KEY);
    }
}
