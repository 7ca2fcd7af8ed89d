package org.signet.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditUnavailableException;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit on the real databases: callers that queue while a transaction runs are written in
 * one transaction, each gets its own receipt only after that commit, and a failed commit fails every
 * caller of the batch and leaves the chain untouched. The batch is built deterministically: the first
 * writer's transaction is held at its start until the other callers have queued.
 */
class JdbcAuditTrailGroupCommitTest {

    private static final int CALLERS = 12;

    @TempDir
    static Path tempDir;

    private final AuditRecordCodec codec = new AuditRecordCodec();

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(tempDir.resolve("h2-" + System.nanoTime())), TestDatabases.postgresSchema());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenCallersQueueThenOneCommitForTheQueueAndAnUnbrokenChain(TestDatabase database) throws Exception {
        GatedTransactions transactions = new GatedTransactions(migrated(database));
        JdbcAuditTrail trail = trail(database, transactions);

        List<AuditReceipt> receipts = new ArrayList<>();
        for (Future<AuditReceipt> future : recordConcurrently(trail, transactions)) {
            receipts.add(future.get());
        }

        assertThat(transactions.commits.get()).as("first caller alone, then the queue in one batch").isEqualTo(2);
        assertThat(receipts).extracting(AuditReceipt::sequence).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, CALLERS).boxed().toList());
        List<AuditRecord> records = trail.read(1, CALLERS);
        assertThat(records).hasSize(CALLERS);
        for (AuditReceipt receipt : receipts) {
            assertThat(records.get((int) receipt.sequence() - 1).hash()).isEqualTo(receipt.hashHex());
        }
        assertThat(new AuditChainVerifier(codec).verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
        assertThat(trail.head().sequence()).isEqualTo(CALLERS);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenBatchCommitFailsThenEveryCallerRefusedAndNothingWritten(TestDatabase database) throws Exception {
        GatedTransactions transactions = new GatedTransactions(migrated(database));
        transactions.failCommits = true;
        JdbcAuditTrail trail = trail(database, transactions);

        for (Future<AuditReceipt> future : recordConcurrently(trail, transactions)) {
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AuditUnavailableException.class);
        }
        assertThat(trail.head().sequence()).isZero();
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("SELECT COUNT(*) FROM audit_log", Long.class))
                .isZero();

        transactions.failCommits = false;
        AuditReceipt next = trail.record(AuditFixture.signature("after-failure"));
        assertThat(next.sequence()).isEqualTo(1);
        assertThat(new AuditChainVerifier(codec).verify(trail.read(1, 1), 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenCommitFailsAfterAKnownHeadThenCallersRefusedAndNextBatchFollowsTheCommittedHead(
            TestDatabase database) throws Exception {
        GatedTransactions transactions = new GatedTransactions(migrated(database));
        transactions.gate.countDown();
        JdbcAuditTrail trail = trail(database, transactions);
        AuditReceipt first = trail.record(AuditFixture.signature("before-failure"));

        transactions.failCommits = true;
        for (int i = 0; i < 3; i++) {
            String requestId = "refused-" + i;
            assertThatThrownBy(() -> trail.record(AuditFixture.signature(requestId)))
                    .isInstanceOf(AuditUnavailableException.class);
        }
        transactions.failCommits = false;

        AuditReceipt next = trail.record(AuditFixture.signature("after-failure"));
        assertThat(next.sequence()).as("the refused batches did not move the head, in the database or in memory")
                .isEqualTo(first.sequence() + 1);
        List<AuditRecord> records = trail.read(1, 100);
        assertThat(records).extracting(AuditRecord::requestId).containsExactly("before-failure", "after-failure");
        assertThat(records.get(1).prevHash()).isEqualTo(first.hashHex());
        assertThat(new AuditChainVerifier(codec).verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordWhenCommitReportedFailedButDurableThenCallerRefusedAndNextBatchChainsAfterIt(TestDatabase database) {
        // The commit's outcome is unknown to the caller (e.g. the connection broke after the database
        // committed): the caller is refused, and the next batch must follow the head the database holds.
        GatedTransactions transactions = new GatedTransactions(migrated(database));
        transactions.gate.countDown();
        JdbcAuditTrail trail = trail(database, transactions);
        trail.record(AuditFixture.signature("first"));

        transactions.failAfterCommit = true;
        assertThatThrownBy(() -> trail.record(AuditFixture.signature("committed-but-refused")))
                .isInstanceOf(AuditUnavailableException.class);
        transactions.failAfterCommit = false;

        AuditReceipt next = trail.record(AuditFixture.signature("after"));
        assertThat(next.sequence()).isEqualTo(3);
        List<AuditRecord> records = trail.read(1, 100);
        assertThat(records).extracting(AuditRecord::requestId).containsExactly("first", "committed-but-refused", "after");
        assertThat(new AuditChainVerifier(codec).verify(records, 1, AuditRecordCodec.GENESIS).valid()).isTrue();
        assertThat(trail.head()).isEqualTo(next);
    }

    /** The first caller's transaction waits at its start until the other callers have queued behind it. */
    private List<Future<AuditReceipt>> recordConcurrently(JdbcAuditTrail trail, GatedTransactions transactions)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<AuditReceipt>> futures = new ArrayList<>();
            futures.add(pool.submit(() -> trail.record(AuditFixture.signature("req-0"))));
            transactions.firstBegun.await();
            for (int i = 1; i < CALLERS; i++) {
                String requestId = "req-" + i;
                futures.add(pool.submit(() -> trail.record(AuditFixture.signature(requestId))));
            }
            while (trail.queued() < CALLERS - 1) {
                Thread.onSpinWait();
                Thread.sleep(1);
            }
            transactions.gate.countDown();
            return futures;
        }
        finally {
            pool.shutdown();
        }
    }

    private static DataSource migrated(TestDatabase database) {
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        return database.dataSource();
    }

    private JdbcAuditTrail trail(TestDatabase database, GatedTransactions transactions) {
        // The same DataSource as the transaction manager's, so the statements run inside its transactions.
        return new JdbcAuditTrail(new JdbcTemplate(transactions.getDataSource()), new TransactionTemplate(transactions), codec,
                "instance-a", Clock.systemUTC());
    }

    /** Holds the first transaction until released, counts commits, and can make every commit fail. */
    private static final class GatedTransactions extends DataSourceTransactionManager {

        final CountDownLatch firstBegun = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger commits = new AtomicInteger();
        volatile boolean failCommits;
        volatile boolean failAfterCommit;

        GatedTransactions(DataSource dataSource) {
            super(dataSource);
            // A commit that fails has not committed: roll back rather than let the connection's reset commit it.
            setRollbackOnCommitFailure(true);
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            firstBegun.countDown();
            try {
                gate.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransactionSystemException("interrupted", ex);
            }
            super.doBegin(transaction, definition);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (failCommits) {
                throw new TransactionSystemException("simulated commit failure");
            }
            super.doCommit(status);
            commits.incrementAndGet();
            if (failAfterCommit) {
                throw new TransactionSystemException("simulated failure after the commit");
            }
        }
    }
}
