package org.signet.signer;

import java.util.Objects;
import java.util.Set;

/**
 * Who asks: the bearer token's subject, roles and client. Credential policy decides on them (a seal
 * for the portals and officers its policy names, an officer key for its officer, a citizen key only
 * with an approval).
 *
 * @param subject the token's {@code sub}
 * @param roles   the token's roles (without the {@code ROLE_} prefix)
 * @param client  the OAuth2 client acting (the token's {@code azp} or {@code client_id} claim; the
 *                subject when the token names no client): the tenant a SEAL credential's policy names
 */
public record Caller(String subject, Set<String> roles, String client) {

    /**
     * Request attribute in which the security layer puts the client id of the authenticated token
     * (the signer does not depend on Spring Security's token types).
     */
    public static final String CLIENT_ATTRIBUTE = org.signet.approval.Portal.CLIENT_ATTRIBUTE;

    public Caller {
        Objects.requireNonNull(subject, "subject cannot be null");
        roles = Set.copyOf(roles);
        client = client == null || client.isBlank() ? subject : client;
    }

    /** A caller whose client is its subject (a token without {@code azp}/{@code client_id}). */
    public Caller(String subject, Set<String> roles) {
        this(subject, roles, null);
    }

    public static Caller of(String subject, String... roles) {
        return new Caller(subject, Set.of(roles));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
