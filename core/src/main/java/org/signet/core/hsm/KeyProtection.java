package org.signet.core.hsm;

/**
 * The PKCS#11 attributes that say whether a private key can ever leave the token in clear. A key
 * Signet signs with must be {@link #isHardened() hardened}.
 */
public record KeyProtection(boolean sensitive, boolean extractable, boolean alwaysSensitive,
        boolean neverExtractable, boolean local) {

    /** Sensitive, not extractable, and so since it was generated inside the token. */
    public boolean isHardened() {
        return sensitive && !extractable && alwaysSensitive && neverExtractable && local;
    }
}
