package org.signet.signer.longterm;

import java.util.List;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * Builds what DSS needs to produce long-term signatures: a certificate verifier that knows the trust
 * anchors and the configured CRLs and fetches nothing over the network, with DSS's alerts turned
 * into problem responses, and a time-stamp source whose failures are a 503 rather than a 500.
 */
public final class LongTermSources {

    private LongTermSources() {
    }

    /**
     * @param anchors the trust anchors (chains are built and validated up to them)
     * @param crls    the configured CRLs, or null (then B-LT/B-LTA cannot find revocation data)
     */
    public static CertificateVerifier certificateVerifier(List<CertificateToken> anchors, CRLSource crls) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        anchors.forEach(trusted::addCertificate);
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(crls);
        verifier.setAlertOnMissingRevocationData(status -> {
            throw new SignetException(ProblemType.REVOCATION_DATA_UNAVAILABLE,
                    "No revocation data (CRL) is configured for a certificate of this signature, so it cannot be"
                            + " brought to B-LT or B-LTA: " + status.getMessage());
        });
        verifier.setAlertOnRevokedCertificate(status -> {
            throw new SignetException(ProblemType.CREDENTIAL_REVOKED,
                    "A certificate of this signature is revoked: " + status.getMessage());
        });
        verifier.setAlertOnInvalidTimestamp(status -> {
            throw new SignetException(ProblemType.TIMESTAMP_UNAVAILABLE,
                    "The time-stamp obtained is not valid: " + status.getMessage());
        });
        return verifier;
    }

    /** The TSP source with its failures as {@code timestamp-unavailable} (503); Signet problems pass as they are. */
    public static TSPSource guarded(TSPSource source) {
        return source == null ? null : new TSPSource() {
            @Override
            public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
                try {
                    return source.getTimeStampResponse(digestAlgorithm, digest);
                }
                catch (SignetException ex) {
                    throw ex;
                }
                catch (RuntimeException ex) {
                    throw new SignetException(ProblemType.TIMESTAMP_UNAVAILABLE,
                            "The time-stamping authority could not issue a time-stamp.", ex);
                }
            }
        };
    }
}
