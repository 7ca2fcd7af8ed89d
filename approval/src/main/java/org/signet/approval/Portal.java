package org.signet.approval;

import java.util.Objects;

/**
 * The portal acting on the approval API: the token's subject (whose requests it follows: approval
 * status is per subject) and its OAuth2 client (the tenant that owns CITIZEN credentials: the
 * token's {@code azp}, else {@code client_id}, else the subject).
 *
 * @param subject the token's {@code sub}
 * @param client  the client; the subject when the token names none
 */
public record Portal(String subject, String client) {

    /**
     * Request attribute in which the security layer puts the client of the authenticated token (the
     * same attribute as the signer's {@code Caller.CLIENT_ATTRIBUTE}; set by the appliance's
     * {@code ClientIdentityFilter}).
     */
    public static final String CLIENT_ATTRIBUTE = "org.signet.caller.client";

    public Portal {
        Objects.requireNonNull(subject, "subject cannot be null");
        client = client == null || client.isBlank() ? subject : client;
    }

    /** A portal whose token names no client (its client is its subject). */
    public static Portal of(String subject) {
        return new Portal(subject, null);
    }
}
