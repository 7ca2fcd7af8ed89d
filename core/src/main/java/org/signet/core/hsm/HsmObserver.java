package org.signet.core.hsm;

/**
 * Told about HSM failures and recoveries, so the appliance can count them (metrics) without the
 * token knowing about a metrics library. Reasons are PKCS#11 return-code names ({@code
 * CKR_SESSION_HANDLE_INVALID}) or a few fixed words ({@code unavailable}), never key material,
 * PINs or document data, so they are safe as metric labels.
 */
public interface HsmObserver {

    HsmObserver NONE = new HsmObserver() {
    };

    /** An operation failed; {@code operation} is one of a fixed set (sign, find-key, list-keys, status, ...). */
    default void operationFailed(String operation, String reason) {
    }

    /** The token was re-opened after a failure; {@code reinitialised} when the module was finalised and initialised again. */
    default void recovered(boolean reinitialised) {
    }

    /** An attempt to re-open the token failed; operations fail fast for a while. */
    default void recoveryFailed(String reason) {
    }
}
