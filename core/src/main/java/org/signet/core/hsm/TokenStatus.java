package org.signet.core.hsm;

/**
 * A snapshot of the token for health checks and operators.
 *
 * @param label        token label
 * @param slotId       slot the label resolved to at start-up
 * @param manufacturer token manufacturer
 * @param model        token model
 * @param keyCount     private keys with a certificate
 */
public record TokenStatus(String label, long slotId, String manufacturer, String model, int keyCount) {
}
