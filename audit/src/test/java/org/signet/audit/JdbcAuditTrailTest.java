package org.signet.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditUnavailableException;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chained log against the real databases it runs on: H2 (embedded default) and PostgreSQL. */
class JdbcAuditTrailTest {

    @TempDir
    static Path tempDir;

    private final AuditRecordCodec codec = new AuditRecordCodec();
    private final AuditChainVerifier verifier = new AuditChainVerifier(codec);

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(tempDir.resolve("h2-" + System.nanoTime())), TestDatabases.postgresSchema());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordThenChainVerifiesAndHeadMatches(TestDatabase database) {
        JdbcAuditTrail trail = migratedTrail(database, "instance-a");
        AuditReceipt first = trail.record(signature("req-1"));
        AuditReceipt second = trail.record(AuditEvent.of(AuditEventType.VALIDATION_PERFORMED, "auditor-1")
                .withDocumentDigest("ab".repeat(32)).with("verdict", "TOTAL_PASSED").with("cacheHit", "false"));
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(trail.head()).isEqualTo(second);

        List<AuditRecord> records = trail.read(1, 2);
        assertThat(records.get(0).prevHash()).isEqualTo(AuditRecordCodec.GENESIS);
        assertThat(records.get(1).prevHash()).isEqualTo(first.hashHex());
        assertThat(records.get(1).attributes()).containsEntry("verdict", "TOTAL_PASSED");
        assertThat(verifier.verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordFromTwoInstancesConcurrentlyThenOneUnbrokenChainWithContiguousSequences(TestDatabase database)
            throws Exception {
        JdbcAuditTrail a = migratedTrail(database, "instance-a");
        JdbcAuditTrail b = trail(database.dataSource(), "instance-b");
        int count = 400;
        List<AuditReceipt> receipts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<AuditReceipt>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JdbcAuditTrail writer = i % 2 == 0 ? a : b;
                String requestId = "req-" + i;
                futures.add(pool.submit(() -> writer.record(signature(requestId))));
            }
            for (Future<AuditReceipt> future : futures) {
                receipts.add(future.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        List<AuditRecord> records = a.read(1, 10_000);
        assertThat(records).extracting(AuditRecord::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, count).boxed().toList());
        assertThat(records).extracting(AuditRecord::requestId).doesNotHaveDuplicates().hasSize(count);
        assertThat(records).extracting(AuditRecord::instanceId).contains("instance-a", "instance-b");
        // Every caller's receipt names its own committed record: nothing released that is not in the log.
        for (AuditReceipt receipt : receipts) {
            assertThat(records.get((int) receipt.sequence() - 1).hash()).isEqualTo(receipt.hashHex());
        }
        assertThat(verifier.verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
        assertThat(a.head()).isEqualTo(new AuditReceipt(count, records.get(count - 1).hash()));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenOnlyWriterThenHeadReadOnceAndKeptInMemory(TestDatabase database) {
        JdbcAuditTrail trail = migratedTrail(database, "instance-a");
        for (int i = 1; i <= 5; i++) {
            assertThat(trail.record(signature("req-" + i)).sequence()).isEqualTo(i);
        }
        assertThat(trail.headReads()).as("read at the first append only, then moved conditionally").isEqualTo(1);
        assertThat(verifier.verify(trail.read(1, 5), 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenAnotherInstanceMovedTheHeadThenConditionalUpdateMissesAndBatchIsChainedAfterTheNewHead(
            TestDatabase database) {
        JdbcAuditTrail a = migratedTrail(database, "instance-a");
        JdbcAuditTrail b = trail(database.dataSource(), "instance-b");
        a.record(signature("a-1"));
        b.record(signature("b-1"));
        b.record(signature("b-2"));
        AuditReceipt third = a.record(signature("a-2"));

        assertThat(third.sequence()).isEqualTo(4);
        assertThat(a.headReads()).as("a's remembered head (seq 1) was stale: read again").isEqualTo(2);
        List<AuditRecord> records = a.read(1, 10);
        assertThat(records).extracting(AuditRecord::requestId).containsExactly("a-1", "b-1", "b-2", "a-2");
        assertThat(records.get(3).prevHash()).isEqualTo(records.get(2).hash());
        assertThat(verifier.verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenHeadRowRewoundToSameSequenceWithOtherHashThenNotChainedAfterTheRememberedHash(
            TestDatabase database) {
        // A restore followed by other appends can bring the head back to the remembered sequence with
        // a different hash: the condition covers the hash too, so the batch follows the row's head.
        JdbcAuditTrail a = migratedTrail(database, "instance-a");
        JdbcAuditTrail b = trail(database.dataSource(), "instance-b");
        a.record(signature("a-1"));
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.update("DELETE FROM audit_log WHERE seq = 1");
        jdbc.update("UPDATE audit_head SET last_seq = 0, last_hash = ?", AuditRecordCodec.GENESIS);
        b.record(signature("b-1"));

        AuditReceipt next = a.record(signature("a-2"));

        assertThat(next.sequence()).isEqualTo(2);
        List<AuditRecord> records = a.read(1, 10);
        assertThat(records).extracting(AuditRecord::requestId).containsExactly("b-1", "a-2");
        assertThat(verifier.verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenRecordUpdatedDeletedOrSwappedInDatabaseThenNamesTheFirstBadRecord(TestDatabase database) {
        JdbcAuditTrail trail = migratedTrail(database, "instance-a");
        for (int i = 1; i <= 6; i++) {
            trail.record(signature("req-" + i));
        }
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

        jdbc.update("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
        ChainVerification changed = verifier.verify(trail.read(1, 6), 1, AuditRecordCodec.GENESIS);
        assertThat(changed.valid()).isFalse();
        assertThat(changed.firstBadSeq()).isEqualTo(3L);
        jdbc.update("UPDATE audit_log SET actor = 'portal-1' WHERE seq = 3");

        jdbc.update("UPDATE audit_log SET seq = 100 WHERE seq = 5");
        jdbc.update("UPDATE audit_log SET seq = 5 WHERE seq = 4");
        jdbc.update("UPDATE audit_log SET seq = 4 WHERE seq = 100");
        ChainVerification swapped = verifier.verify(trail.read(1, 6), 1, AuditRecordCodec.GENESIS);
        assertThat(swapped.valid()).isFalse();
        assertThat(swapped.firstBadSeq()).isEqualTo(4L);

        jdbc.update("DELETE FROM audit_log WHERE seq = 4");
        ChainVerification removed = verifier.verify(trail.read(1, 6), 1, AuditRecordCodec.GENESIS);
        assertThat(removed.valid()).isFalse();
        assertThat(removed.firstBadSeq()).isEqualTo(4L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenDatabaseUnreachableThenAuditUnavailable(TestDatabase database) {
        DataSource closed = new DriverManagerDataSource(database.name().equals("H2")
                ? "jdbc:h2:file:/nonexistent-dir/x;IFEXISTS=TRUE" : "jdbc:postgresql://127.0.0.1:1/none", "x", "y");
        JdbcAuditTrail trail = trail(closed, "instance-a");
        assertThatThrownBy(() -> trail.record(signature("req-x"))).isInstanceOf(AuditUnavailableException.class);
    }

    private JdbcAuditTrail migratedTrail(TestDatabase database, String instance) {
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        return trail(database.dataSource(), instance);
    }

    private JdbcAuditTrail trail(DataSource dataSource, String instance) {
        return new JdbcAuditTrail(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), codec, instance, Clock.systemUTC());
    }

    private static AuditEvent signature(String requestId) {
        return AuditEvent.of(AuditEventType.SIGNATURE_PRODUCED, "portal-1").withRequestId(requestId)
                .withCredential("seal").withDocumentDigest("cd".repeat(32)).with("format", "PAdES").with("level", "B-B");
    }
}
