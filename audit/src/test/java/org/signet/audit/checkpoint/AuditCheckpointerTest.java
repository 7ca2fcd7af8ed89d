package org.signet.audit.checkpoint;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.audit.AuditFixture;
import org.signet.audit.AuditRecord;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints on the real databases, signed by the real SoftHSM audit key. */
class AuditCheckpointerTest {

    @TempDir
    static Path tempDir;

    private static Pkcs11HsmToken token;

    @BeforeAll
    static void open() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
    }

    @AfterAll
    static void close() {
        token.close();
    }

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(tempDir.resolve("h2-" + System.nanoTime())), TestDatabases.postgresSchema());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void checkpointIfDueWhenEveryRecordsReachedThenSignsHeadWithAuditKey(TestDatabase database) {
        AuditFixture log = AuditFixture.migrate(database, token);
        AuditCheckpointer checkpointer = log.checkpointer(5);
        log.append(4);
        assertThat(checkpointer.checkpointIfDue()).isEmpty();

        log.append(1);
        AuditCheckpoint checkpoint = checkpointer.checkpointIfDue().orElseThrow();
        assertThat(checkpoint.treeSize()).isEqualTo(5);
        assertThat(checkpoint.headHash()).isEqualTo(log.trail().head().hashHex());
        assertThat(checkpoint.keyLabel()).isEqualTo("audit");
        assertThat(checkpoint.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(checkpoint.timestampToken()).isNull();
        assertThat(new CheckpointVerifier(AuditFixture.auditCertificate()).signatureValid(checkpoint)).isTrue();
        assertThat(log.checkpoints().latest()).contains(checkpoint);
        assertThat(checkpointer.checkpointIfDue()).as("nothing new to sign").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void checkpointIfDueWhenOldestUncoveredRecordOlderThanEveryThenSigns(TestDatabase database) {
        AuditFixture log = AuditFixture.migrate(database, token);
        log.append(2);
        Clock now = Clock.systemUTC();
        assertThat(log.checkpointer("instance-a", 1000, Duration.ofMinutes(1), now).checkpointIfDue()).isEmpty();
        Clock twoMinutesLater = Clock.offset(now, Duration.ofMinutes(2));
        assertThat(log.checkpointer("instance-a", 1000, Duration.ofMinutes(1), twoMinutesLater).checkpointIfDue())
                .hasValueSatisfying(c -> assertThat(c.treeSize()).isEqualTo(2));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void checkpointNowWhenHeadAlreadySignedThenNoSecondCheckpoint(TestDatabase database) {
        AuditFixture log = AuditFixture.migrate(database, token);
        log.append(3);
        AuditCheckpointer checkpointer = log.checkpointer(1000);
        assertThat(checkpointer.checkpointNow()).isPresent();
        assertThat(checkpointer.checkpointNow()).isEmpty();
        assertThat(log.checkpoints().list(0, 10)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void checkpointWhenTwoInstancesWriteAndCheckpointConcurrentlyThenOneCheckpointPerHeadAllMatchingTheChain(
            TestDatabase database) throws Exception {
        AuditFixture log = AuditFixture.migrate(database, token);
        JdbcAuditTrail b = AuditFixture.trail(log.dataSource(), "instance-b");
        AuditCheckpointer checkpointerA = log.checkpointer("instance-a", 7, Duration.ofHours(1), Clock.systemUTC());
        AuditCheckpointer checkpointerB = log.checkpointer("instance-b", 7, Duration.ofHours(1), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                JdbcAuditTrail writer = i % 2 == 0 ? log.trail() : b;
                String requestId = "req-" + i;
                work.add(pool.submit(() -> writer.record(AuditFixture.signature(requestId))));
                if (i % 3 == 0) {
                    work.add(pool.submit(() -> checkpointerA.checkpointNow()));
                    work.add(pool.submit(() -> checkpointerB.checkpointIfDue()));
                }
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
        checkpointerB.checkpointNow();
        List<AuditCheckpoint> checkpoints = log.checkpoints().list(0, 1000);
        List<AuditRecord> records = log.trail().read(1, 1000);
        assertThat(records).hasSize(120);
        assertThat(checkpoints).extracting(AuditCheckpoint::treeSize).isSorted().doesNotHaveDuplicates().endsWith(120L);
        assertThat(checkpoints).extracting(AuditCheckpoint::instanceId).contains("instance-a");
        CheckpointVerifier verifier = new CheckpointVerifier(AuditFixture.auditCertificate());
        for (AuditCheckpoint checkpoint : checkpoints) {
            assertThat(verifier.signatureValid(checkpoint)).isTrue();
            assertThat(checkpoint.headHash()).isEqualTo(records.get((int) checkpoint.treeSize() - 1).hash());
        }
    }
}
