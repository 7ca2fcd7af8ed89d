package org.signet.core.hsm;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.spi.DSSUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the real SoftHSM token provisioned by hsm-config/provision.sh. */
class Pkcs11HsmTokenTest {

    private static Pkcs11HsmToken token;

    @BeforeAll
    static void open() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
    }

    @AfterAll
    static void close() {
        token.close();
    }

    @Test
    void listKeysWhenProvisionedThenHasEveryKeyWithItsCertificate() {
        assertThat(token.listKeys()).extracting(TokenKey::label)
                .contains("seal", "officer", "citizen", "tsa", "audit");
        TokenKey seal = token.findKey("seal").orElseThrow();
        assertThat(seal.algorithm()).isEqualTo(EncryptionAlgorithm.RSA);
        assertThat(seal.certificate().getSubject().getRFC2253()).contains("Organisation Seal");
        assertThat(token.findKey("citizen").orElseThrow().algorithm()).isEqualTo(EncryptionAlgorithm.ECDSA);
    }

    @Test
    void findKeyWhenLabelUnknownThenEmpty() {
        assertThat(token.findKey("no-such-key")).isEmpty();
    }

    @Test
    void protectionOfEveryKeyIsSensitiveAndNeverExtractable() {
        for (TokenKey key : token.listKeys()) {
            KeyProtection protection = token.protectionOf(key);
            assertThat(protection.sensitive()).as(key.label() + " CKA_SENSITIVE").isTrue();
            assertThat(protection.extractable()).as(key.label() + " CKA_EXTRACTABLE").isFalse();
            assertThat(protection.isHardened()).as(key.label() + " hardened").isTrue();
        }
    }

    @Test
    void secretKeyWhenProvisionedThenAesGcmRoundTripsAndIsBoundToItsRecord() {
        byte[] secret = "JBSWY3DPEHPK3PXP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] aad = "totp:citizen-a".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sealed = token.encrypt("approval-secrets", secret, aad);
        byte[] again = token.encrypt("approval-secrets", secret, aad);

        assertThat(sealed).hasSize(12 + secret.length + 16);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("JBSWY3DP");
        assertThat(again).isNotEqualTo(sealed); // fresh IV each time
        assertThat(token.decrypt("approval-secrets", sealed, aad)).isEqualTo(secret);

        byte[] otherRecord = "totp:citizen-b".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> token.decrypt("approval-secrets", sealed, otherRecord))
                .isInstanceOf(SealedDataException.class);
        byte[] tampered = sealed.clone();
        tampered[14] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> token.decrypt("approval-secrets", tampered, aad))
                .isInstanceOf(SealedDataException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> token.decrypt("approval-secrets", new byte[10], aad))
                .isInstanceOf(SealedDataException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> token.encrypt("no-such-secret-key", secret, aad))
                .isInstanceOf(HsmException.class).hasMessageContaining("No secret key");
    }

    @Test
    void secretKeyIsSensitiveAndNeverExtractableByItsPkcs11Attributes() {
        KeyProtection protection = token.secretKeyProtection("approval-secrets").orElseThrow();
        assertThat(protection.sensitive()).as("CKA_SENSITIVE").isTrue();
        assertThat(protection.extractable()).as("CKA_EXTRACTABLE").isFalse();
        assertThat(protection.alwaysSensitive()).as("CKA_ALWAYS_SENSITIVE").isTrue();
        assertThat(protection.neverExtractable()).as("CKA_NEVER_EXTRACTABLE").isTrue();
        assertThat(protection.local()).as("CKA_LOCAL (generated in the token)").isTrue();
        assertThat(token.secretKeyProtection("no-such-secret-key")).isEmpty();
    }

    @Test
    void signDigestWithRsaKeyThenVerifiesWithCertificatePublicKey() throws Exception {
        assertSignatureVerifies(token.findKey("seal").orElseThrow(), "SHA256withRSA");
    }

    @Test
    void signDigestWithEcKeyThenVerifiesAsDerEcdsa() throws Exception {
        assertSignatureVerifies(token.findKey("citizen").orElseThrow(), "SHA256withECDSA");
    }

    @Test
    void signDigestWhenDataChangedThenSignatureDoesNotVerify() throws Exception {
        TokenKey seal = token.findKey("seal").orElseThrow();
        byte[] data = "original".getBytes(StandardCharsets.UTF_8);
        SignatureValue value = token.signDigest(seal, new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, data)));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(seal.certificate().getPublicKey());
        verifier.update("0riginal".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(value.getValue())).isFalse();
    }

    @Test
    void signDigestFromManyThreadsThenEverySignatureVerifies() throws Exception {
        TokenKey seal = token.findKey("seal").orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] data = ("document " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> verifies(seal, data, "SHA256withRSA")));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signDigestsWhenBatchesFromManyThreadsThenEachSignatureVerifiesForItsOwnDigestInOrder() throws Exception {
        TokenKey seal = token.findKey("seal").orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> batches = new ArrayList<>();
            for (int b = 0; b < 24; b++) {
                int batch = b;
                batches.add(pool.submit(() -> {
                    List<byte[]> data = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        data.add(("batch " + batch + " document " + i).getBytes(StandardCharsets.UTF_8));
                    }
                    List<SignatureValue> values = token.signDigests(seal, data.stream()
                            .map(d -> new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, d))).toList());
                    assertThat(values).hasSize(data.size());
                    for (int i = 0; i < data.size(); i++) {
                        if (!signatureVerifies(seal, data.get(i), values.get(i), "SHA256withRSA")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> batch : batches) {
                assertThat(batch.get()).as("every signature of the batch verifies for its own digest").isTrue();
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signDigestWhenTokenClosedThenRefusedWhileAnotherTokenObjectStillSigns() throws Exception {
        Pkcs11HsmToken second = Pkcs11HsmToken.open(TestHome.hsmProperties());
        TokenKey seal = second.findKey("seal").orElseThrow();
        second.close();

        assertThatThrownBy(() -> second.signDigest(seal, new Digest(DigestAlgorithm.SHA256, new byte[32])))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("closed");
        assertSignatureVerifies(token.findKey("seal").orElseThrow(), "SHA256withRSA");
    }

    @Test
    void openWhenTokenLabelUnknownThenFailsNamingTheLabel() {
        HsmProperties base = TestHome.hsmProperties();
        HsmProperties wrong = new HsmProperties(base.library(), "no-such-token", base.userPinFile(), null, 1);
        assertThatThrownBy(() -> Pkcs11HsmToken.open(wrong))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("no-such-token");
    }

    private static void assertSignatureVerifies(TokenKey key, String jcaAlgorithm) throws Exception {
        assertThat(verifies(key, "Signet".getBytes(StandardCharsets.UTF_8), jcaAlgorithm)).isTrue();
    }

    private static boolean verifies(TokenKey key, byte[] data, String jcaAlgorithm) throws Exception {
        SignatureValue value = token.signDigest(key, new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, data)));
        return signatureVerifies(key, data, value, jcaAlgorithm);
    }

    /** Whether {@code value} verifies over {@code data} with the key's certificate (plain JCA, not the HSM). */
    private static boolean signatureVerifies(TokenKey key, byte[] data, SignatureValue value, String jcaAlgorithm)
            throws Exception {
        Signature verifier = Signature.getInstance(jcaAlgorithm);
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update(data);
        return verifier.verify(value.getValue());
    }
}
