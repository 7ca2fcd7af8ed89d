package org.signet.signer.credential;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.signet.core.hsm.GeneratedKey;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * The checks an issued chain must pass before it is attached to a key: the signer certificate
 * certifies exactly this key, it is within its validity period, and the chain builds (JDK PKIX) to
 * one of the configured trust anchors. Revocation is checked at validation time, not here.
 */
public final class CertificateImportCheck {

    private final Set<TrustAnchor> anchors;

    public CertificateImportCheck(List<CertificateToken> trustAnchors) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        this.anchors = trustAnchors.stream().map(t -> new TrustAnchor(t.getCertificate(), null)).collect(Collectors.toSet());
    }

    /** The chain to store: signer certificate, intermediates, and the anchor it built to. */
    public List<CertificateToken> check(GeneratedKey key, List<CertificateToken> chain, Instant now) {
        if (chain.isEmpty()) {
            throw reject("No certificate in the upload.");
        }
        CertificateToken signer = chain.get(0);
        if (!SubjectPublicKeyInfo.getInstance(signer.getPublicKey().getEncoded()).equals(key.publicKeyInfo())) {
            throw reject("The certificate's public key does not match this credential's key.");
        }
        Date at = Date.from(now);
        for (CertificateToken certificate : chain) {
            if (!certificate.isValidOn(at)) {
                throw reject("The certificate '" + certificate.getSubject().getRFC2253()
                        + "' is expired or not yet valid (valid " + certificate.getNotBefore().toInstant() + " to "
                        + certificate.getNotAfter().toInstant() + ").");
            }
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            for (CertificateToken certificate : chain) {
                if (anchors.stream().noneMatch(a -> a.getTrustedCert().equals(certificate.getCertificate()))) {
                    path.add(certificate.getCertificate());
                }
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(certPath, parameters);
            List<CertificateToken> stored = new ArrayList<>();
            path.forEach(c -> stored.add(new CertificateToken(c)));
            stored.add(new CertificateToken(result.getTrustAnchor().getTrustedCert()));
            return stored;
        }
        catch (CertPathValidatorException ex) {
            throw reject("The certificate chain does not build to a configured trust anchor: " + ex.getMessage());
        }
        catch (CertificateException | NoSuchAlgorithmException | InvalidAlgorithmParameterException ex) {
            throw reject("The certificate chain could not be checked: " + ex.getMessage());
        }
    }

    private static SignetException reject(String detail) {
        return new SignetException(ProblemType.CERTIFICATE_REJECTED, detail);
    }
}
