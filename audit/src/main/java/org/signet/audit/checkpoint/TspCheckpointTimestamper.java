package org.signet.audit.checkpoint;

import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;

/**
 * Timestamps checkpoints with a DSS {@link TSPSource}: in the appliance, Signet's own RFC 3161 TSA
 * (HSM {@code tsa} key). The imprint is SHA-256 of the checkpoint's signature bytes, so the token
 * proves the signed statement existed at the TSA's time.
 */
public final class TspCheckpointTimestamper implements CheckpointTimestamper {

    private final TSPSource tspSource;

    public TspCheckpointTimestamper(TSPSource tspSource) {
        this.tspSource = Objects.requireNonNull(tspSource, "tspSource cannot be null");
    }

    @Override
    public byte[] timestamp(byte[] signature) {
        return tspSource.getTimeStampResponse(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, signature))
                .getBytes();
    }
}
