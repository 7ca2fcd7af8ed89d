package org.signet.audit.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.audit.AuditFixture;
import org.signet.audit.AuditRecord;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.checkpoint.AuditCheckpointer;
import org.signet.audit.checkpoint.CheckpointVerifier;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering done directly in the real database (as someone with write access to it would), seen
 * through an export verified offline with the audit certificate only.
 */
class ExportTamperTest {

    @TempDir
    static Path tempDir;

    private static Pkcs11HsmToken token;

    private final AuditRecordCodec codec = new AuditRecordCodec();

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

    /** 12 records with signed checkpoints at 5, 10 and 12. */
    private AuditFixture signedLog(TestDatabase database) {
        AuditFixture log = AuditFixture.migrate(database, token);
        AuditCheckpointer checkpointer = log.checkpointer(1000);
        log.append(5);
        checkpointer.checkpointNow();
        log.append(5);
        checkpointer.checkpointNow();
        log.append(2);
        checkpointer.checkpointNow();
        return log;
    }

    private ExportVerification exportAndVerify(AuditFixture log, long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.exporter().write(log.exporter().range(from, to), out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return new ExportVerifier(codec, new ExportLines(), new CheckpointVerifier(AuditFixture.auditCertificate()),
                null).verify(lines);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenUntouchedThenValidForWholeLogAndForAnyRange(TestDatabase database) {
        AuditFixture log = signedLog(database);
        ExportVerification all = exportAndVerify(log, 1, 12);
        assertThat(all.valid()).as(all.reason()).isTrue();
        assertThat(all.records()).isEqualTo(12);
        assertThat(all.checkpoints()).isEqualTo(3);

        ExportVerification middle = exportAndVerify(log, 7, 8);
        assertThat(middle.valid()).as(middle.reason()).isTrue();
        assertThat(middle.records()).as("extended to the checkpoint at 10").isEqualTo(4);
        assertThat(middle.checkpoints()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenRecordUpdatedThenNamesIt(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("UPDATE audit_log SET actor = 'mallory' WHERE seq = 7");
        assertFirstBad(exportAndVerify(log, 1, 12), 7, "content changed");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenRecordDeletedThenNamesIt(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("DELETE FROM audit_log WHERE seq = 7");
        assertFirstBad(exportAndVerify(log, 1, 12), 7, "removed");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenNewestRecordsDeletedThenTheCheckpointGivesItAway(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("DELETE FROM audit_log WHERE seq > 10");
        log.jdbc().update("UPDATE audit_head SET last_seq = 10, last_hash = (SELECT record_hash FROM audit_log WHERE seq = 10)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.exporter().write(new AuditExporter.Range(1, 10), out);
        List<String> lines = new java.util.ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
        // The checkpoint signed at 12 records still exists: an auditor holding it (or any later export) sees the loss.
        lines.add(new ExportLines().checkpoint(log.checkpoints().latest().orElseThrow()));
        ExportVerification result = new ExportVerifier(codec, new ExportLines(),
                new CheckpointVerifier(AuditFixture.auditCertificate()), null).verify(lines);
        assertFirstBad(result, 11, "records removed");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenTwoRecordsSwappedThenNamesTheFirst(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("UPDATE audit_log SET seq = 100 WHERE seq = 8");
        log.jdbc().update("UPDATE audit_log SET seq = 8 WHERE seq = 7");
        log.jdbc().update("UPDATE audit_log SET seq = 7 WHERE seq = 100");
        assertFirstBad(exportAndVerify(log, 1, 12), 7, "does not chain");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenForgedRecordInsertedWithCorrectChainingThenNamesTheForgery(TestDatabase database) {
        AuditFixture log = signedLog(database);
        AuditRecord six = log.trail().read(6, 6).get(0);
        for (long seq = 12; seq >= 7; seq--) {
            log.jdbc().update("UPDATE audit_log SET seq = ? WHERE seq = ?", seq + 1, seq);
        }
        AuditRecord forged = codec.seal(new AuditRecord(7, six.recordedAt(), "instance-a",
                AuditEventType.SIGNATURE_PRODUCED, "portal-1", "forged", "seal", "ee".repeat(32),
                java.util.Map.of("format", "PAdES"), six.hash(), null));
        log.jdbc().update("INSERT INTO audit_log (seq, recorded_at, instance_id, event_type, actor, request_id,"
                + " credential_id, document_digest, attributes, prev_hash, record_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                forged.seq(), forged.recordedAt(), forged.instanceId(), forged.type().name(), forged.actor(),
                forged.requestId(), forged.credentialId(), forged.documentDigest(),
                codec.attributesJson(forged.attributes()), forged.prevHash(), forged.hash());
        assertFirstBad(exportAndVerify(log, 1, 12), 7, "inserted");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenRecordRewrittenAndChainRecomputedThenCheckpointNamesTheRun(TestDatabase database) {
        AuditFixture log = signedLog(database);
        List<AuditRecord> records = log.trail().read(1, 12);
        String previous = records.get(5).hash();
        for (int i = 6; i < 12; i++) {
            AuditRecord r = records.get(i);
            AuditRecord rewritten = codec.seal(new AuditRecord(r.seq(), r.recordedAt(), r.instanceId(), r.type(),
                    i == 6 ? "mallory" : r.actor(), r.requestId(), r.credentialId(), r.documentDigest(), r.attributes(),
                    previous, null));
            log.jdbc().update("UPDATE audit_log SET actor = ?, prev_hash = ?, record_hash = ? WHERE seq = ?",
                    rewritten.actor(), rewritten.prevHash(), rewritten.hash(), rewritten.seq());
            previous = rewritten.hash();
        }
        assertFirstBad(exportAndVerify(log, 1, 12), 6, "rewritten");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenRowNoLongerParsesThenExportStillWorksAndNamesIt(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("UPDATE audit_log SET event_type = 'NOTHING_HAPPENED' WHERE seq = 4");
        log.jdbc().update("UPDATE audit_log SET attributes = 'not json' WHERE seq = 9");
        assertFirstBad(exportAndVerify(log, 1, 12), 4, "unknown event type NOTHING_HAPPENED");
        assertFirstBad(exportAndVerify(log, 6, 12), 9, "attributes");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyWhenCheckpointForgedThenSignatureFails(TestDatabase database) {
        AuditFixture log = signedLog(database);
        log.jdbc().update("UPDATE audit_checkpoint SET head_hash = ? WHERE tree_size = 10", "ab".repeat(32));
        ExportVerification result = exportAndVerify(log, 1, 12);
        assertThat(result.valid()).isFalse();
        assertThat(result.reason()).contains("checkpoint at 10").contains("signature does not verify");
    }

    private static void assertFirstBad(ExportVerification result, long seq, String reason) {
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).as(result.reason()).isEqualTo(seq);
        assertThat(result.reason()).contains(reason);
    }
}
