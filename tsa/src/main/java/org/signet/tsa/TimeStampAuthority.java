package org.signet.tsa;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Objects;
import java.util.Set;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.x509.CertificateToken;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmContentSigner;
import org.signet.core.hsm.HsmException;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signet's RFC 3161 time-stamping authority (ETSI EN 319 422 profile): the TSA key stays in the
 * HSM, tokens carry ESSCertIDv2, the configured policy, an accuracy of at most one second, the
 * requester's nonce, and the TSA certificates when asked (certReq). Bouncy Castle builds and checks
 * the ASN.1; a bad request is answered with a rejection and the right PKIFailureInfo, never an
 * exception. Every granted token is in the audit log before its response leaves.
 */
public final class TimeStampAuthority {

    private final HsmToken token;
    private final TokenKey key;
    private final List<CertificateToken> caChain;
    private final TsaProperties properties;
    private final Set<ASN1ObjectIdentifier> acceptedAlgorithms;
    private final Set<ASN1ObjectIdentifier> acceptedPolicies;
    private final SerialNumberSource serials;
    private final AuditTrail auditTrail;
    private final Clock clock;
    private final ObservationRegistry observations;
    /**
     * Prepared generators (signer info, ESSCertIDv2, TSA name, certificate store: the same for every
     * token), each used by one thread at a time, so a token no longer rebuilds them (re-encoding and re-hashing
     * the certificates); a generator whose run failed is dropped.
     */
    private final Queue<TimeStampTokenGenerator> generators = new ConcurrentLinkedQueue<>();

    private static final Logger log = LoggerFactory.getLogger(TimeStampAuthority.class);
    /** PKIStatusInfo of a granted token, as Bouncy Castle's response generator writes it. */
    private static final PKIStatusInfo GRANTED = PKIStatusInfo.getInstance(new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(PKIStatus.GRANTED), new PKIFreeText("Operation Okay") }));

    public TimeStampAuthority(HsmToken token, TsaProperties properties, List<CertificateToken> caChain,
            SerialNumberSource serials, AuditTrail auditTrail, Clock clock) {
        this(token, properties, caChain, serials, auditTrail, clock, ObservationRegistry.NOOP);
    }

    /** @param observations times each answer as {@code signet.timestamp} (metrics), tagged granted or rejected */
    public TimeStampAuthority(HsmToken token, TsaProperties properties, List<CertificateToken> caChain,
            SerialNumberSource serials, AuditTrail auditTrail, Clock clock, ObservationRegistry observations) {
        this.observations = Objects.requireNonNull(observations, "observations cannot be null");
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
        this.caChain = List.copyOf(caChain);
        this.serials = Objects.requireNonNull(serials, "serials cannot be null");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.key = token.findKey(properties.keyLabel())
                .orElseThrow(() -> new HsmException("The TSA key '" + properties.keyLabel() + "' is not in the HSM token"));
        requireTimeStampingCertificate(key.certificate());
        this.acceptedAlgorithms = properties.hashAlgorithms().stream().map(TimeStampAuthority::algorithmOid)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.acceptedPolicies = Set.of(new ASN1ObjectIdentifier(properties.policyOid()));
    }

    /** The TSA certificate first, then its CA certificates. */
    public List<CertificateToken> certificateChain() {
        List<CertificateToken> chain = new ArrayList<>();
        chain.add(key.certificate());
        chain.addAll(caChain);
        return chain;
    }

    /**
     * Answers one DER-encoded TimeStampReq with a DER-encoded TimeStampResp.
     *
     * @param requestDer the request as received
     * @param requester  who asked, for the audit log
     */
    public byte[] respond(byte[] requestDer, String requester) {
        Observation observation = Observation.createNotStarted("signet.timestamp", observations)
                .lowCardinalityKeyValue("outcome", "rejected");
        return observation.observe(() -> {
            Answer answer = respondNow(requestDer, requester);
            if (answer.granted()) {
                observation.lowCardinalityKeyValue("outcome", "granted");
            }
            return answer.der();
        });
    }

    /** A DER TimeStampResp and whether it grants a token (known here, so the response is never re-parsed). */
    private record Answer(byte[] der, boolean granted) {
    }

    private Answer respondNow(byte[] requestDer, String requester) {
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(requestDer);
        }
        catch (IOException | RuntimeException ex) {
            return new Answer(rejection(PKIFailureInfo.badDataFormat, "The request is not a DER-encoded RFC 3161 TimeStampReq"),
                    false);
        }
        try {
            request.validate(acceptedAlgorithms, acceptedPolicies, null);
        }
        catch (TSPValidationException ex) {
            return new Answer(rejection(ex.getFailureCode(), ex.getMessage()), false);
        }
        catch (TSPException ex) {
            return new Answer(rejection(PKIFailureInfo.badAlg, "The request's hash algorithm is not supported"), false);
        }
        TimeStampTokenGenerator tokenGenerator = generators.poll();
        try {
            if (tokenGenerator == null) {
                tokenGenerator = tokenGenerator();
            }
        }
        catch (OperatorCreationException | TSPException | CertificateEncodingException ex) {
            throw new HsmException("The TSA could not prepare its token generator: " + ex.getMessage(), ex);
        }
        BigInteger serial = serials.next();
        Date genTime = new Date(clock.millis());
        TimeStampToken token;
        try {
            token = tokenGenerator.generate(request, serial, genTime);
        }
        catch (TSPException | RuntimeException ex) {
            // The HSM or the CMS building failed: RFC 3161's systemFailure, no details for the requester, no
            // token, nothing audited; the generator is dropped (a failure may leave a half-fed content signer).
            log.warn("The TSA could not produce a token: {}", ex.getClass().getSimpleName());
            return new Answer(rejection(PKIFailureInfo.systemFailure, "The time-stamping service could not produce a token"),
                    false);
        }
        generators.offer(tokenGenerator);
        auditTrail.record(AuditEvent.of(AuditEventType.TIMESTAMP_ISSUED, requester)
                .withDocumentDigest(HexFormat.of().formatHex(request.getMessageImprintDigest()))
                .with("serial", serial.toString())
                .with("hashAlgorithm", request.getMessageImprintAlgOID().getId())
                .with("genTime", genTime.toInstant().toString())
                .with("policy", properties.policyOid()));
        try {
            // The response around the token BC just built, encoded once: BC's TimeStampResponseGenerator would
            // parse the token a second time into a TimeStampResponse only for it to be encoded again.
            return new Answer(new TimeStampResp(GRANTED, token.toCMSSignedData().toASN1Structure()).getEncoded(), true);
        }
        catch (IOException ex) {
            throw new HsmException("The TSA could not encode its response", ex);
        }
    }

    private TimeStampTokenGenerator tokenGenerator()
            throws OperatorCreationException, TSPException, CertificateEncodingException {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                .build(new HsmContentSigner(token, key, DigestAlgorithm.SHA256), key.certificate().getCertificate());
        // A SHA-256 calculator for the signing certificate's id makes BC emit ESSCertIDv2 (RFC 5816).
        DigestCalculator certIdDigest = digests.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
        TimeStampTokenGenerator generator = new TimeStampTokenGenerator(signerInfo, certIdDigest,
                new ASN1ObjectIdentifier(properties.policyOid()));
        long accuracyMillis = properties.accuracy().toMillis();
        if (accuracyMillis % 1000 == 0) {
            generator.setAccuracySeconds((int) (accuracyMillis / 1000));
        }
        else {
            generator.setAccuracyMillis((int) accuracyMillis);
        }
        generator.setTSA(new GeneralName(X500Name.getInstance(key.certificate().getSubject().getEncoded())));
        List<java.security.cert.X509Certificate> certificates = new ArrayList<>();
        certificates.add(key.certificate().getCertificate());
        caChain.stream().filter(c -> !c.isSelfSigned()).forEach(c -> certificates.add(c.getCertificate()));
        generator.addCertificates(new JcaCertStore(certificates));
        return generator;
    }

    private static byte[] rejection(int failureInfo, String text) {
        try {
            return new TimeStampResponseGenerator(null, Set.of()).generateFailResponse(PKIStatus.REJECTION, failureInfo, text)
                    .getEncoded();
        }
        catch (TSPException | IOException ex) {
            throw new IllegalStateException("Cannot encode a TSA rejection", ex);
        }
    }

    private static ASN1ObjectIdentifier algorithmOid(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT).replace("-", "")) {
            case "SHA256" -> TSPAlgorithms.SHA256;
            case "SHA384" -> TSPAlgorithms.SHA384;
            case "SHA512" -> TSPAlgorithms.SHA512;
            case "SHA3256" -> TSPAlgorithms.SHA3_256;
            case "SHA3384" -> TSPAlgorithms.SHA3_384;
            case "SHA3512" -> TSPAlgorithms.SHA3_512;
            default -> throw new IllegalArgumentException("Unsupported TSA hash algorithm " + name);
        };
    }

    /** RFC 3161 2.3: the TSA certificate must have exactly one, critical, EKU: timeStamping. */
    private static void requireTimeStampingCertificate(CertificateToken certificate) {
        try {
            X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());
            org.bouncycastle.asn1.x509.Extension eku = holder.getExtension(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage);
            boolean ok = eku != null && eku.isCritical()
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.getInstance(eku.getParsedValue()).getUsages().length == 1
                    && org.bouncycastle.asn1.x509.ExtendedKeyUsage.getInstance(eku.getParsedValue())
                            .hasKeyPurposeId(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_timeStamping);
            if (!ok) {
                throw new HsmException("The TSA certificate must have a critical extended key usage of timeStamping only");
            }
        }
        catch (IOException ex) {
            throw new HsmException("Cannot read the TSA certificate", ex);
        }
    }
}
