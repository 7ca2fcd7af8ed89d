package org.signet.signer.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.hsm.KeySpec;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.pki.PemCertificates;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The credential store looks a credential's key up in the HSM once per key label and stored chain
 * (issue 10, round 5), on the real SoftHSM token and H2: the database record still decides every
 * call (a disabled credential is refused although its key is cached), a new chain is a new lookup,
 * a key missing from the HSM is not remembered, and the cached key still signs verifiably.
 */
class DatabaseCredentialStoreKeyCacheTest {

    private static Pkcs11HsmToken token;
    private static Path databases;

    private CountingKeys keys;
    private JdbcCredentialRepository repository;
    private DatabaseCredentialStore store;

    @BeforeAll
    static void open() throws Exception {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        databases = Files.createTempDirectory("signet-key-cache");
    }

    @AfterAll
    static void close() {
        token.close();
    }

    @BeforeEach
    void fixture() {
        DataSource dataSource = TestDatabases.h2(databases.resolve("h2-" + System.nanoTime())).dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        repository = new JdbcCredentialRepository(JdbcClient.create(dataSource));
        keys = new CountingKeys(new TokenResidentKeys(token));
        CredentialService service = new CredentialService(repository, keys,
                new CertificateImportCheck(PemCertificates.loadFile(TestHome.pki("root-ca.pem"))), new RecordingAuditTrail(),
                Clock.systemUTC());
        service.registerProvisioned(Map.of("seal", CredentialKind.SEAL), PemCertificates.loadFile(TestHome.pki("chain.pem")));
        store = new DatabaseCredentialStore(repository, keys, new TenancyProperties(Map.of("seal", List.of("portal-1")), Map.of()));
        keys.lookups.set(0);
    }

    @Test
    void keyLookedUpOnceForManyUsesAndTheCachedKeySignsVerifiably() throws Exception {
        Credential first = store.get("seal");
        for (int i = 0; i < 20; i++) {
            assertThat(store.get("seal").key().idHex()).isEqualTo(first.key().idHex());
        }
        assertThat(keys.lookups).hasValue(1);

        byte[] data = "issue 10".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] value = token.signDigest(store.get("seal").key(),
                new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, data))).getValue();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(store.get("seal").getCertificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(value)).isTrue();
    }

    @Test
    void disabledCredentialRefusedAlthoughItsKeyIsCached() {
        store.get("seal");
        CredentialRecord record = repository.find("seal").orElseThrow();
        repository.update(record.withStatus(CredentialStatus.DISABLED, Instant.now()));

        assertThatThrownBy(() -> store.get("seal")).isInstanceOfSatisfying(SignetException.class,
                ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.CREDENTIAL_DISABLED));
        repository.delete("seal");
        assertThatThrownBy(() -> store.get("seal")).isInstanceOf(CredentialNotFoundException.class);
    }

    @Test
    void newChainInTheRecordIsLookedUpAgain() {
        store.get("seal");
        CredentialRecord record = repository.find("seal").orElseThrow();
        // the same certificates in another order of the CA part: another stored chain text
        List<CertificateToken> chain = new ArrayList<>(org.signet.signer.credential.Pem.parse(record.chainPem()));
        String reordered = org.signet.signer.credential.Pem.format(List.of(chain.get(0), chain.get(2), chain.get(1)));
        repository.update(record.withChain(reordered, Instant.now()));

        store.get("seal");
        assertThat(keys.lookups).hasValue(2);
        store.get("seal");
        assertThat(keys.lookups).hasValue(2);
    }

    @Test
    void keyMissingFromTheHsmIsRefusedAndNotRemembered() {
        CredentialRecord seal = repository.find("seal").orElseThrow();
        CredentialRecord orphan = new CredentialRecord("orphan", CredentialKind.SEAL, null, null, "no-such-key-label",
                seal.keySpec(), CredentialStatus.ACTIVE, seal.chainPem(), seal.subjectDn(), "test", Instant.now(), Instant.now());
        assertThat(repository.insert(orphan)).isTrue();

        for (int i = 1; i <= 2; i++) {
            assertThatThrownBy(() -> store.get("orphan")).isInstanceOfSatisfying(SignetException.class,
                    ex -> assertThat(ex.problemType()).isEqualTo(ProblemType.HSM_UNAVAILABLE));
            assertThat(keys.lookups).hasValue(i);
        }
    }

    /** The real token-resident keys, counting signing-key lookups. */
    private static final class CountingKeys implements CredentialKeys {

        private final CredentialKeys delegate;
        private final AtomicInteger lookups = new AtomicInteger();

        CountingKeys(CredentialKeys delegate) {
            this.delegate = delegate;
        }

        @Override
        public GeneratedKey generate(String label, KeySpec spec) {
            return delegate.generate(label, spec);
        }

        @Override
        public Optional<GeneratedKey> find(String label) {
            return delegate.find(label);
        }

        @Override
        public String certificationRequest(GeneratedKey key, X500Name subject) {
            return delegate.certificationRequest(key, subject);
        }

        @Override
        public void attachCertificate(GeneratedKey key, CertificateToken certificate) {
            delegate.attachCertificate(key, certificate);
        }

        @Override
        public Optional<TokenKey> signingKey(String label) {
            lookups.incrementAndGet();
            return delegate.signingKey(label);
        }

        @Override
        public int destroy(String label) {
            return delegate.destroy(label);
        }
    }
}
