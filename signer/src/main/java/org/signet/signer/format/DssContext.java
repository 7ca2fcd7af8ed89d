package org.signet.signer.format;

import java.util.Objects;

import eu.europa.esig.dss.signature.AbstractSignatureService;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;

/**
 * What every DSS signature service of the signer is built with: one certificate verifier and,
 * once the time-stamping authority exists, its {@link TSPSource}. This is the single seam where
 * B-T/B-LT/B-LTA plug in: give a TSP source here and add the levels to
 * {@link org.signet.signer.BaselineLevel}.
 *
 * @param certificateVerifier shared by every service (B-B needs no trust or revocation sources)
 * @param tspSource           time-stamp source for the T levels, null while Signet produces B-B only
 */
public record DssContext(CertificateVerifier certificateVerifier, TSPSource tspSource) {

    public DssContext {
        Objects.requireNonNull(certificateVerifier, "certificateVerifier cannot be null");
    }

    /** Hands the TSP source (if any) to a freshly built service. */
    public <S extends AbstractSignatureService<?, ?>> S configure(S service) {
        if (tspSource != null) {
            service.setTspSource(tspSource);
        }
        return service;
    }
}
