package org.signet.verifier.trust;

import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.RevocationToken;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.spi.x509.revocation.crl.OfflineCRLSource;
import eu.europa.esig.dss.model.x509.revocation.crl.CRL;

/**
 * Serves CRLs that the operator configured (files) to DSS's revocation lookup, which otherwise only
 * asks online sources. Lets the verifier check revocation with no network at all.
 */
public final class ConfiguredCrlSource implements CRLSource {

    private final OfflineCRLSource crls;

    public ConfiguredCrlSource(OfflineCRLSource crls) {
        this.crls = Objects.requireNonNull(crls, "crls cannot be null");
    }

    @Override
    public CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
        List<RevocationToken<CRL>> tokens = crls.getRevocationTokens(certificate, issuer);
        return tokens.stream()
                .filter(CRLToken.class::isInstance)
                .map(CRLToken.class::cast)
                .max((a, b) -> a.getThisUpdate().compareTo(b.getThisUpdate()))
                .orElse(null);
    }
}
