package org.signet.approval;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import org.flywaydb.core.Flyway;
import org.signet.approval.store.ApprovalStore;
import org.signet.approval.totp.TotpApprovals;
import org.signet.approval.totp.TotpSecrets;
import org.signet.approval.webauthn.Enrolments;
import org.signet.approval.webauthn.PasskeyRepository;
import org.signet.approval.webauthn.WebAuthnPolicy;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestHome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/** The approval services wired by hand over a given store, an H2 database and a recording audit trail. */
public final class TestApprovals {

    /**
     * Two citizens, each with one CITIZEN credential owned by portal client portal-a; cred-carol is
     * owned by portal-b; cred-orphan by no client (serves no portal).
     */
    public static final CitizenCredentials CITIZENS = id -> Optional.ofNullable(Map.of(
            "cred-alice", new CitizenCredential("cred-alice", "alice", "portal-a"),
            "cred-bob", new CitizenCredential("cred-bob", "bob", "portal-a"),
            "cred-carol", new CitizenCredential("cred-carol", "carol", "portal-b"),
            "cred-orphan", new CitizenCredential("cred-orphan", "orphan", null)).get(id));

    private static HsmToken hsm;

    /** The test token (var/test), opened once per test JVM: it holds the key TOTP secrets are sealed with. */
    public static synchronized HsmToken hsm() {
        if (hsm == null) {
            hsm = Pkcs11HsmToken.open(TestHome.hsmProperties());
        }
        return hsm;
    }

    public final RecordingAuditTrail audit = new RecordingAuditTrail();
    public final List<String> issuedSads = new ArrayList<>();
    public final ApprovalProperties properties = properties(5);
    public final SignatureActivation activation;
    public final ApprovalService approvals;
    public final Enrolments enrolments;
    public final TotpApprovals totp;
    public final JdbcTemplate jdbc;

    public TestApprovals(ApprovalStore store, MutableClock clock) {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + java.util.UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        activation = new SignatureActivation(store, audit, JsonMapper.builder().build(), properties.sadTtl());
        approvals = new ApprovalService(store, CITIZENS, activation, List.of((request, sad) -> issuedSads.add(sad)),
                audit, properties, clock);
        ObjectConverter converter = new ObjectConverter();
        enrolments = new Enrolments(store, new PasskeyRepository(jdbc), CITIZENS,
                WebAuthnManager.createNonStrictWebAuthnManager(converter), new AttestedCredentialDataConverter(converter),
                new WebAuthnPolicy("localhost", "Signet", List.of("http://localhost:8080")), audit,
                JsonMapper.builder().build(), properties, clock);
        totp = new TotpApprovals(approvals, enrolments, new TotpSecrets(jdbc, hsm()), store, audit, properties, clock);
    }

    public static ApprovalProperties properties(int totpMaxAttempts) {
        return new ApprovalProperties(ApprovalProperties.StoreKind.MEMORY, Duration.ofMinutes(5), Duration.ofMinutes(2),
                Duration.ofDays(1), Duration.ofHours(1), "http://localhost:8080", "localhost", "Signet",
                List.of("http://localhost:8080"), totpMaxAttempts, Duration.ofMinutes(15), "redis://127.0.0.1:6379", "signet:approval:",
                Duration.ofSeconds(30), List.of(), null, 5, Duration.ofSeconds(1));
    }

    public static byte[] sha256(String text) {
        return VerificationCode.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    public static List<ApprovalDocument> documents(String... names) {
        return java.util.Arrays.stream(names).map(n -> ApprovalDocument.of(n, 1000 + n.length(), sha256(n))).toList();
    }

    /** The link token from an approval link (the fragment). */
    public static String token(PendingApproval pending) {
        return pending.approvalLink().substring(pending.approvalLink().indexOf('#') + 1);
    }
}
