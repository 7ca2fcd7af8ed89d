package org.signet.signer.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import eu.europa.esig.dss.model.InMemoryDocument;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.KeySpec;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.signet.core.test.TestHome;
import org.signet.core.test.TestPdfs;
import org.signet.signer.Caller;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignatureRequest;
import org.signet.signer.SignedDocument;
import org.signet.signer.SigningService;
import org.signet.signer.TestSigners;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole credential lifecycle on the real SoftHSM token and real databases (H2 file and
 * PostgreSQL): create (key generated in the HSM), CSR issued by hsm-config/dev-ca.sh, import
 * refused for a foreign key or an incomplete chain and accepted for the real one, signing under the
 * credential policy, disable, delete (key destroyed); every step audited.
 */
class CredentialLifecycleTest {

    private static Pkcs11HsmToken token;
    private static Path databases;

    @BeforeAll
    static void open() throws Exception {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        databases = Files.createTempDirectory("signet-credentials");
    }

    @AfterAll
    static void close() {
        token.close();
    }

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(databases.resolve("h2-" + System.nanoTime())), TestDatabases.postgresSchema());
    }

    private record Fixture(CredentialService service, DatabaseCredentialStore store, SigningService signing,
            RecordingAuditTrail audit, CertificateImportCheck check) {
    }

    private static Fixture fixture(TestDatabase database) {
        DataSource dataSource = database.dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        CredentialRepository repository = new JdbcCredentialRepository(JdbcClient.create(dataSource));
        CredentialKeys keys = new TokenResidentKeys(token);
        RecordingAuditTrail audit = new RecordingAuditTrail();
        CertificateImportCheck check = new CertificateImportCheck(PemCertificates.loadFile(TestHome.pki("root-ca.pem")));
        CredentialService service = new CredentialService(repository, keys, check, audit, Clock.systemUTC());
        DatabaseCredentialStore store = new DatabaseCredentialStore(repository, keys,
                new TenancyProperties(java.util.Map.of("seal", java.util.List.of("portal-1")),
                        java.util.Map.of("citizen", "portal-1")));
        return new Fixture(service, store, TestSigners.signingService(store, token, audit), audit, check);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void lifecycleWhenCreatedIssuedImportedThenSignsUnderPolicyAndDeleteDestroysKey(TestDatabase database,
            @TempDir Path dir) throws Exception {
        Fixture f = fixture(database);
        String id = "officer-" + UUID.randomUUID().toString().substring(0, 8);
        CredentialService.Created created = f.service().create(new CredentialService.NewCredential(id, CredentialKind.OFFICER,
                "officer-7", null, KeySpec.EC_P256, "C=VN,O=Signet Test,CN=Phạm Minh Đức", "test"), "operator-1");
        assertThat(created.credential().status()).isEqualTo(CredentialStatus.PENDING_CERTIFICATE);
        assertThat(created.csrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertProblem(() -> f.store().get(id), ProblemType.CREDENTIAL_DISABLED);

        // a certificate for another key is refused
        assertProblem(() -> f.service().importCertificate(id, Files.readString(TestHome.pki("certs/seal.pem"))
                + Files.readString(TestHome.pki("chain.pem")), "operator-1"), ProblemType.CERTIFICATE_REJECTED);

        Path csr = Files.writeString(dir.resolve("req.csr"), f.service().certificationRequest(id));
        Path cert = dir.resolve("cert.pem");
        ExternalTool.Result issued = ExternalTool.run(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                "--home", TestHome.path().toString(), "issue", csr.toString(), cert.toString()));
        assertThat(issued.exitCode()).as(issued.output()).isZero();

        // the signer certificate alone does not build to the root (issuing CA missing)
        assertProblem(() -> f.service().importCertificate(id, Files.readString(cert), "operator-1"),
                ProblemType.CERTIFICATE_REJECTED);
        // expired (checked at a time after notAfter)
        var key = token.findGeneratedKey(CredentialService.LABEL_PREFIX + id).orElseThrow();
        var chain = Pem.parse(Files.readString(cert) + Files.readString(TestHome.pki("chain.pem")));
        assertThatThrownBy(() -> f.check().check(key, chain, Instant.now().plus(Duration.ofDays(365 * 4))))
                .isInstanceOfSatisfying(SignetException.class, ex -> assertThat(ex.getMessage()).contains("expired"));

        CredentialRecord active = f.service().importCertificate(id, Files.readString(cert)
                + Files.readString(TestHome.pki("chain.pem")), "operator-1");
        assertThat(active.status()).isEqualTo(CredentialStatus.ACTIVE);
        assertThat(Pem.parse(active.chainPem())).hasSize(3);
        assertProblem(() -> f.service().importCertificate(id, Files.readString(cert), "operator-1"), ProblemType.CREDENTIAL_CONFLICT);
        assertThat(token.protectionOf(token.findKey(CredentialService.LABEL_PREFIX + id).orElseThrow()).isHardened()).isTrue();

        // policy: only officer-7 with an officer token
        SignedDocument signed = f.signing().sign(request(id, Caller.of("officer-7", "officer")));
        org.signet.signer.DssVerdictsAccess.refreshCrls();
        org.signet.signer.DssVerdictsAccess.assertAllPassed(1, signed.document());
        assertProblem(() -> f.signing().sign(request(id, Caller.of("officer-8", "officer"))), ProblemType.CREDENTIAL_FORBIDDEN);
        assertProblem(() -> f.signing().sign(request(id, Caller.of("officer-7", "portal"))), ProblemType.CREDENTIAL_FORBIDDEN);

        assertThat(f.service().disable(id, "operator-1").status()).isEqualTo(CredentialStatus.DISABLED);
        assertProblem(() -> f.signing().sign(request(id, Caller.of("officer-7", "officer"))), ProblemType.CREDENTIAL_DISABLED);
        assertThat(f.service().list()).extracting(CredentialRecord::id).contains(id);

        f.service().delete(id, "operator-1");
        assertThat(token.findGeneratedKey(CredentialService.LABEL_PREFIX + id)).isEmpty();
        assertProblem(() -> f.store().get(id), ProblemType.CREDENTIAL_NOT_FOUND);

        assertThat(f.audit().events()).extracting(AuditEvent::type).containsExactly(AuditEventType.CREDENTIAL_CREATED,
                AuditEventType.CERTIFICATE_IMPORTED, AuditEventType.SIGNATURE_PRODUCED, AuditEventType.CREDENTIAL_DISABLED,
                AuditEventType.CREDENTIAL_DELETED);
        assertThat(f.audit().events()).allSatisfy(e -> assertThat(e.credentialId()).isEqualTo(id));
    }

    @Test
    void registerProvisionedThenSealSignsCitizenRefusedAndInfrastructureKeysNeverRegistered() {
        Fixture f = fixture(TestDatabases.h2(databases.resolve("h2-" + System.nanoTime())));
        var caChain = PemCertificates.loadFile(TestHome.pki("chain.pem"));
        assertThat(f.service().registerProvisioned(Map.of("seal", CredentialKind.SEAL, "citizen", CredentialKind.CITIZEN),
                caChain)).containsExactlyInAnyOrder("seal", "citizen");
        assertThat(f.service().registerProvisioned(Map.of("seal", CredentialKind.SEAL), caChain)).isEmpty();
        assertThatThrownBy(() -> f.service().registerProvisioned(Map.of("tsa", CredentialKind.SEAL), caChain))
                .isInstanceOf(IllegalStateException.class);

        // The provisioned citizen key names no owning client in its record: configuration gives it one.
        assertThat(f.service().find("citizen").ownerClient()).isNull();
        assertThat(f.store().get("citizen").ownedByClient("portal-1")).isTrue();
        assertThat(f.store().get("citizen").ownedByClient("portal-2")).isFalse();
        assertThat(f.store().get("citizen").ownedByClient("*")).isFalse();
        f.signing().sign(request("seal", Caller.of("portal-1", "portal")));
        // Tenancy: the seal's policy names portal-1 only; a token of portal-1's client (azp) for another user passes.
        f.signing().sign(request("seal", new Caller("clerk-3", java.util.Set.of("portal"), "portal-1")));
        assertProblem(() -> f.signing().sign(request("seal", Caller.of("portal-2", "portal"))),
                ProblemType.CREDENTIAL_FORBIDDEN);
        assertProblem(() -> f.signing().sign(request("seal", new Caller("portal-1", java.util.Set.of("portal"), "portal-2"))),
                ProblemType.CREDENTIAL_FORBIDDEN);
        assertProblem(() -> f.signing().sign(request("citizen", Caller.of("portal-1", "portal"))),
                ProblemType.CREDENTIAL_FORBIDDEN);
        assertProblem(() -> f.signing().sign(request("tsa", Caller.of("portal-1", "portal"))), ProblemType.CREDENTIAL_NOT_FOUND);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void citizenCredentialWhenCreatedThenItsOwningClientIsStoredAndRequired(TestDatabase database) {
        Fixture f = fixture(database);
        String id = "citizen-" + UUID.randomUUID().toString().substring(0, 8);
        for (String bad : new String[] { null, " ", "*" }) {
            assertProblem(() -> f.service().create(new CredentialService.NewCredential(id, CredentialKind.CITIZEN, "citizen-9",
                    bad, KeySpec.EC_P256, "C=VN,CN=Lê Thị Hoa", null), "op"), ProblemType.BAD_REQUEST);
        }
        assertProblem(() -> f.service().create(new CredentialService.NewCredential(id, CredentialKind.SEAL, null,
                "portal-1", KeySpec.EC_P256, "CN=x", null), "op"), ProblemType.BAD_REQUEST);
        assertThat(token.findGeneratedKey(CredentialService.LABEL_PREFIX + id)).isEmpty();

        f.service().create(new CredentialService.NewCredential(id, CredentialKind.CITIZEN, "citizen-9", " portal-9 ",
                KeySpec.EC_P256, "C=VN,CN=Lê Thị Hoa", null), "op");
        try {
            assertThat(f.service().find(id).ownerClient()).isEqualTo("portal-9");
            assertThat(f.service().list()).filteredOn(r -> r.id().equals(id)).singleElement()
                    .satisfies(r -> assertThat(r.ownerClient()).isEqualTo("portal-9"));
            assertThat(f.audit().events()).last().satisfies(e -> assertThat(e.attributes()).containsEntry("ownerClient", "portal-9"));
        }
        finally {
            f.service().delete(id, "op");
        }
    }

    @Test
    void createWhenIdReservedOrTakenOrOwnerMissingThenRefused() {
        Fixture f = fixture(TestDatabases.h2(databases.resolve("h2-" + System.nanoTime())));
        assertProblem(() -> f.service().create(new CredentialService.NewCredential("tsa", CredentialKind.SEAL, null, null,
                KeySpec.EC_P256, "CN=x", null), "op"), ProblemType.BAD_REQUEST);
        assertProblem(() -> f.service().create(new CredentialService.NewCredential("c1", CredentialKind.CITIZEN, null, "portal-1",
                KeySpec.EC_P256, "CN=x", null), "op"), ProblemType.BAD_REQUEST);
        String id = "seal-" + UUID.randomUUID().toString().substring(0, 8);
        f.service().create(new CredentialService.NewCredential(id, CredentialKind.SEAL, null, null, KeySpec.RSA_2048,
                "C=VN,O=Signet Test,CN=Con dấu thử", null), "op");
        try {
            assertProblem(() -> f.service().create(new CredentialService.NewCredential(id, CredentialKind.SEAL, null, null,
                    KeySpec.EC_P256, "CN=x", null), "op"), ProblemType.CREDENTIAL_CONFLICT);
        }
        finally {
            f.service().delete(id, "op");
        }
    }

    private static SignatureRequest request(String credential, Caller caller) {
        return SignatureRequest.of(new InMemoryDocument(TestPdfs.simple("Quyết định"), "qd.pdf"), credential,
                SignatureFormat.PADES, caller, "req-" + UUID.randomUUID());
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProblemType type) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SignetException.class,
                ex -> assertThat(ex.problemType()).as(ex.getMessage()).isEqualTo(type));
    }
}
