package org.signet.tsa;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signet.core.audit.AuditEventType;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.core.test.ExternalTool;
import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmToken;
import org.signet.core.test.RecordingAuditTrail;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestHome;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The TSA with the real SoftHSM TSA key; tokens checked by Bouncy Castle and by openssl ts. */
class TimeStampAuthorityTest {

    @TempDir
    static Path tempDir;

    private static Pkcs11HsmToken token;
    private static TimeStampAuthority authority;
    private static final RecordingAuditTrail audit = new RecordingAuditTrail();

    @BeforeAll
    static void setUp() {
        token = Pkcs11HsmToken.open(TestHome.hsmProperties());
        authority = authority(migrated(TestDatabases.h2(tempDir.resolve("h2")).dataSource()));
    }

    @AfterAll
    static void tearDown() {
        token.close();
    }

    @Test
    void respondWhenValidRequestThenGrantedTokenWithNonceEssCertIdV2PolicyAndAccuracy() throws Exception {
        byte[] digest = DSSUtils.digest(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, "dossier".getBytes(StandardCharsets.UTF_8));
        TimeStampRequest request = request(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(4711), true);
        audit.clear();
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
        response.validate(request);

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        assertThat(response.getStatusString()).isEqualTo("Operation Okay");
        TimeStampToken token = response.getTimeStampToken();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(
                authority.certificateChain().get(0).getCertificate()));
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(BigInteger.valueOf(4711));
        assertThat(token.getTimeStampInfo().getPolicy().getId()).isEqualTo("0.4.0.2023.1.1");
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        assertThat(token.getTimeStampInfo().isOrdered()).isFalse();
        assertThat(token.getTimeStampInfo().getGenTimeAccuracy().getSeconds()).isEqualTo(1);
        assertThat(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
        SigningCertificateV2.getInstance(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)
                .getAttrValues().getObjectAt(0));
        assertThat(token.getCertificates().getMatches(null)).isNotEmpty();

        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.TIMESTAMP_ISSUED);
            assertThat(event.actor()).isEqualTo("portal-1");
            assertThat(event.attributes()).containsEntry("serial", token.getTimeStampInfo().getSerialNumber().toString());
            assertThat(event.documentDigest()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        });
    }

    /** Generators are pooled and reused: every token of many, from several threads, must still verify. */
    @Test
    void respondManyTimesFromSeveralThreadsThenEveryTokenVerifiesForItsOwnImprint() throws Exception {
        java.security.cert.X509Certificate tsaCertificate = authority.certificateChain().get(0).getCertificate();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<BigInteger>> serials = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] digest = DSSUtils.digest(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256,
                        ("document " + i).getBytes(StandardCharsets.UTF_8));
                boolean certReq = i % 2 == 0;
                serials.add(threads.submit(() -> {
                    TimeStampRequest request = request(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(digest[0] & 0xff), certReq);
                    TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
                    response.validate(request);
                    assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
                    TimeStampToken issued = response.getTimeStampToken();
                    issued.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
                    assertThat(issued.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
                    assertThat(issued.getCertificates().getMatches(null).isEmpty()).isEqualTo(!certReq);
                    return issued.getTimeStampInfo().getSerialNumber();
                }));
            }
            java.util.Set<BigInteger> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<BigInteger> serial : serials) {
                distinct.add(serial.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(40);
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void respondWhenCertReqFalseThenNoCertificatesInToken() throws Exception {
        TimeStampRequest request = request(TSPAlgorithms.SHA256, new byte[32], BigInteger.ONE, false);
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
        assertThat(response.getTimeStampToken().getCertificates().getMatches(null)).isEmpty();
    }

    @Test
    void respondWhenSha1ImprintThenRejectedWithBadAlg() throws Exception {
        TimeStampRequest request = request(TSPAlgorithms.SHA1, new byte[20], BigInteger.TWO, true);
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
        assertThat(response.getTimeStampToken()).isNull();
    }

    @Test
    void respondWhenUnknownPolicyRequestedThenRejectedWithUnacceptedPolicy() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4.5"));
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, new byte[32]);
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.unacceptedPolicy);
    }

    @Test
    void respondAfterRejectionsThenEachAnswerCarriesOnlyItsOwnFailureAndValidRequestsAreGranted() throws Exception {
        for (int round = 0; round < 3; round++) {
            TimeStampResponse badAlg = new TimeStampResponse(authority.respond(
                    request(TSPAlgorithms.SHA1, new byte[20], BigInteger.TWO, true).getEncoded(), "portal-1"));
            assertThat(badAlg.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
            TimeStampRequestGenerator policy = new TimeStampRequestGenerator();
            policy.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4.5"));
            TimeStampResponse unaccepted = new TimeStampResponse(authority.respond(
                    policy.generate(TSPAlgorithms.SHA256, new byte[32]).getEncoded(), "portal-1"));
            assertThat(unaccepted.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.unacceptedPolicy);
            TimeStampResponse granted = new TimeStampResponse(authority.respond(
                    request(TSPAlgorithms.SHA256, new byte[32], BigInteger.TEN, true).getEncoded(), "portal-1"));
            assertThat(granted.getStatus()).isEqualTo(PKIStatus.GRANTED);
            assertThat(granted.getFailInfo()).isNull();
        }
    }

    @Test
    void respondWhenImprintLengthWrongThenRejectedWithBadDataFormat() throws Exception {
        TimeStampRequest request = request(TSPAlgorithms.SHA256, new byte[7], BigInteger.TEN, true);
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), "portal-1"));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    }

    @Test
    void respondWhenHsmFailsThenSystemFailureWithoutDetailsAndNothingAudited() throws Exception {
        // The real token, except that signing fails as a broken HSM makes it fail (the error names key and CKR code).
        HsmToken failing = (HsmToken) Proxy.newProxyInstance(HsmToken.class.getClassLoader(), new Class<?>[] { HsmToken.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("signDigest")) {
                        throw new HsmException("HSM signing with key 'tsa' failed: CKR_DEVICE_ERROR");
                    }
                    try {
                        return method.invoke(token, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        TsaProperties properties = new TsaProperties("tsa", TestHome.pki("chain.pem"), "0.4.0.2023.1.1",
                Duration.ofSeconds(1), List.of("SHA256"));
        RecordingAuditTrail failures = new RecordingAuditTrail();
        TimeStampAuthority broken = new TimeStampAuthority(failing, properties, PemCertificates.loadFile(TestHome.pki("chain.pem")),
                new DatabaseSerialNumberSource(new JdbcTemplate(migrated(TestDatabases.h2(tempDir.resolve("h2-failing")).dataSource()))),
                failures, Clock.systemUTC());

        for (int attempt = 0; attempt < 2; attempt++) {
            TimeStampResponse response = new TimeStampResponse(broken.respond(
                    request(TSPAlgorithms.SHA256, new byte[32], BigInteger.TEN, true).getEncoded(), "portal-1"));

            assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
            assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.systemFailure);
            assertThat(response.getTimeStampToken()).isNull();
            assertThat(response.getStatusString()).doesNotContain("tsa", "CKR", "HSM");
        }
        assertThat(failures.events()).isEmpty();
    }

    @Test
    void respondWhenNotDerThenRejectedWithBadDataFormat() throws Exception {
        TimeStampResponse response = new TimeStampResponse(authority.respond("hello".getBytes(StandardCharsets.UTF_8), "x"));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    }

    @Test
    void respondThenOpensslTsVerifyAcceptsTheTokenForTheFileAndRejectsAnotherFile(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("result.txt"), "Kết quả giải quyết hồ sơ");
        Path other = Files.writeString(dir.resolve("other.txt"), "another file");
        Path query = dir.resolve("request.tsq");
        ExternalTool.Result made = ExternalTool.run(List.of("openssl", "ts", "-query", "-data", data.toString(), "-cert",
                "-sha256", "-out", query.toString()));
        assertThat(made.exitCode()).as(made.output()).isZero();
        Path reply = Files.write(dir.resolve("reply.tsr"), authority.respond(Files.readAllBytes(query), "openssl"));
        Path tsaPem = Files.writeString(dir.resolve("tsa.pem"), DSSUtils.convertToPEM(authority.certificateChain().get(0))
                + DSSUtils.convertToPEM(authority.certificateChain().get(1)));

        ExternalTool.Result ok = ExternalTool.run(List.of("openssl", "ts", "-verify", "-data", data.toString(), "-in",
                reply.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(), "-untrusted", tsaPem.toString()));
        assertThat(ok.output()).contains("Verification: OK");

        ExternalTool.Result wrong = ExternalTool.run(List.of("openssl", "ts", "-verify", "-data", other.toString(), "-in",
                reply.toString(), "-CAfile", TestHome.pki("root-ca.pem").toString(), "-untrusted", tsaPem.toString()));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).doesNotContain("Verification: OK");
    }

    @Test
    void respondFromTwoInstancesOnOnePostgresDatabaseThenSerialsNeverRepeat() throws Exception {
        TestDatabases.TestDatabase database = TestDatabases.postgresSchema();
        migrated(database.dataSource());
        TimeStampAuthority first = authority(database.dataSource());
        TimeStampAuthority second = authority(database.dataSource());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BigInteger>> serials = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                TimeStampAuthority instance = i % 2 == 0 ? first : second;
                serials.add(pool.submit(() -> serialOf(instance)));
            }
            Set<BigInteger> seen = new HashSet<>();
            for (Future<BigInteger> serial : serials) {
                assertThat(seen.add(serial.get())).as("serial repeated").isTrue();
            }
            assertThat(seen).hasSize(60);
        }
        finally {
            pool.shutdownNow();
        }
        // Serials come in blocks per instance: each instance's increase, the two interleave.
        BigInteger a = serialOf(first);
        assertThat(serialOf(first)).isGreaterThan(a);
    }

    private static BigInteger serialOf(TimeStampAuthority instance) throws Exception {
        TimeStampRequest request = request(TSPAlgorithms.SHA256, new byte[32], BigInteger.ONE, false);
        return new TimeStampResponse(instance.respond(request.getEncoded(), "load")).getTimeStampToken()
                .getTimeStampInfo().getSerialNumber();
    }

    private static TimeStampRequest request(ASN1ObjectIdentifier algorithm, byte[] digest, BigInteger nonce, boolean certReq) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(certReq);
        return generator.generate(algorithm, digest, nonce);
    }

    private static DataSource migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    private static TimeStampAuthority authority(DataSource dataSource) {
        TsaProperties properties = new TsaProperties("tsa", TestHome.pki("chain.pem"), "0.4.0.2023.1.1",
                Duration.ofSeconds(1), List.of("SHA256", "SHA384", "SHA512"));
        return new TimeStampAuthority(token, properties, PemCertificates.loadFile(TestHome.pki("chain.pem")),
                new DatabaseSerialNumberSource(new JdbcTemplate(dataSource)), audit, Clock.systemUTC());
    }
}
