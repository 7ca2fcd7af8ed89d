package org.signet.signer.longterm;

import java.util.Objects;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.credential.Credential;

/**
 * Refuses to sign with a credential whose certificate (or issuing CA certificate) the configured
 * CRLs list as revoked: a signature made after revocation would never validate, and producing it
 * would hide the revocation from the client. A certificate no configured CRL speaks for passes (the
 * deployment chose not to configure its CA's CRL); B-LT/B-LTA then fail for want of revocation data.
 */
public final class RevocationCheck {

    private final CRLSource crls;

    /** @param crls the configured CRLs, or null to check nothing (no revocation data configured) */
    public RevocationCheck(CRLSource crls) {
        this.crls = crls;
    }

    public void requireNotRevoked(Credential credential) {
        Objects.requireNonNull(credential, "credential cannot be null");
        if (crls == null) {
            return;
        }
        var chain = credential.chain();
        for (int i = 0; i + 1 < chain.size(); i++) {
            CRLToken token = crls.getRevocationToken(chain.get(i), chain.get(i + 1));
            if (token != null && token.getStatus() == CertificateStatus.REVOKED) {
                throw new SignetException(ProblemType.CREDENTIAL_REVOKED, i == 0
                        ? "The certificate of credential '" + credential.id() + "' is revoked; it can no longer sign."
                        : "A CA certificate in the chain of credential '" + credential.id() + "' is revoked; it can no longer sign.");
            }
        }
    }
}
