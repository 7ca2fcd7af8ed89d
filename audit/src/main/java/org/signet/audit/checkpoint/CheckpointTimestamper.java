package org.signet.audit.checkpoint;

/**
 * Obtains an RFC 3161 timestamp token for a checkpoint's signature, so its time does not rest on the
 * signer's clock alone. {@link #NONE} until a TSA is configured.
 */
@FunctionalInterface
public interface CheckpointTimestamper {

    /** No TSA: checkpoints carry no timestamp token. */
    CheckpointTimestamper NONE = signature -> null;

    /** The DER timestamp token whose imprint is SHA-256 of {@code signature}, or null when there is no TSA. */
    byte[] timestamp(byte[] signature);
}
