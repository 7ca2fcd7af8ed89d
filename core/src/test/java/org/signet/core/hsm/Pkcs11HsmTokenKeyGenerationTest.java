package org.signet.core.hsm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.signet.core.pki.CertificationRequests;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole key lifecycle in the real SoftHSM token: generate, CSR signed in the token (checked by
 * Bouncy Castle and by openssl), certificate issued by the development CA (hsm-config/dev-ca.sh),
 * stored beside the key, signing verified against the certificate, destroyed.
 */
class Pkcs11HsmTokenKeyGenerationTest {

    private static Pkcs11HsmToken token;

    @BeforeAll
    static void open() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
    }

    @AfterAll
    static void close() {
        token.close();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = { "RSA_2048", "EC_P256", "EC_P384" })
    void generateKeyPairThenHardenedCsrIssuedStoredSignsAndDestroyed(KeySpec spec, @TempDir Path dir) throws Exception {
        String label = "test-" + UUID.randomUUID();
        GeneratedKey key = token.generateKeyPair(label, spec);
        try {
            assertThat(key.idHex()).hasSize(32);
            assertThat(token.findKey(label)).isEmpty(); // no certificate yet
            assertThat(token.findGeneratedKey(label)).get().satisfies(found -> {
                assertThat(found.publicKeyInfo()).isEqualTo(key.publicKeyInfo());
                assertThat(found.spec()).isEqualTo(spec);
            });

            PKCS10CertificationRequest csr = CertificationRequests.create(token, key,
                    new X500Name("C=VN,O=Signet Test,CN=Lê Văn Cường"));
            assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))).isTrue();
            Path csrFile = Files.writeString(dir.resolve("req.csr"), CertificationRequests.toPem(csr));
            assertThat(ExternalTool.run(List.of("openssl", "req", "-in", csrFile.toString(), "-verify", "-noout"))
                    .output()).contains("verify OK");

            Path certFile = dir.resolve("cert.pem");
            ExternalTool.Result issued = ExternalTool.run(List.of(TestHome.repoRoot().resolve("hsm-config/dev-ca.sh").toString(),
                    "--home", TestHome.path().toString(), "issue", csrFile.toString(), certFile.toString()));
            assertThat(issued.exitCode()).as(issued.output()).isZero();
            CertificateToken certificate = PemCertificates.loadFile(certFile).get(0);
            token.storeCertificate(key, certificate.getEncoded());

            TokenKey usable = token.findKey(label).orElseThrow();
            assertThat(usable.certificate()).isEqualTo(certificate);
            assertThat(token.protectionOf(usable).isHardened()).isTrue();
            byte[] data = "dữ liệu".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignatureValue value = token.signDigest(usable, new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, data)));
            java.security.Signature verifier = java.security.Signature.getInstance(value.getAlgorithm().getJCEId());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            assertThat(verifier.verify(value.getValue())).isTrue();
        }
        finally {
            assertThat(token.destroyKey(label)).isGreaterThanOrEqualTo(2);
        }
        assertThat(token.findGeneratedKey(label)).isEmpty();
        assertThat(token.findKey(label)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = { "EC_P256" })
    void generateKeyPairWhenLabelTakenThenRefused(KeySpec spec) {
        assertThatThrownBy(() -> token.generateKeyPair("seal", spec)).isInstanceOf(HsmException.class)
                .hasMessageContaining("already");
    }
}
