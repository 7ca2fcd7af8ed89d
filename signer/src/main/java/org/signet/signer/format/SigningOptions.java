package org.signet.signer.format;

import java.util.Date;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.SignatureLevel;

/**
 * What a format signer needs beyond the documents and the credential.
 *
 * @param level       the DSS signature level (format and baseline level together)
 * @param packaging   the packaging, already checked against the format
 * @param signingDate the claimed signing time, fixed once (it is inside the data to sign and the result)
 * @param reason      reason for signing (PAdES dictionary and visible text), may be null
 * @param location    place of signing (PAdES dictionary and visible text), may be null
 * @param visible     the visible appearance for PAdES, null for an invisible signature
 */
public record SigningOptions(SignatureLevel level, Packaging packaging, Date signingDate, String reason, String location,
        VisibleSignature visible) {

    public SigningOptions {
        Objects.requireNonNull(level, "level cannot be null");
        Objects.requireNonNull(signingDate, "signingDate cannot be null");
    }
}
