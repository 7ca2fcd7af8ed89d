package org.signet.signer;

import java.util.Objects;
import java.util.Set;

/**
 * Who asks: the bearer token's subject and roles. Credential policy decides on both (a seal for
 * portals and officers, an officer key for its officer, a citizen key only with an approval).
 *
 * @param subject the token's {@code sub}
 * @param roles   the token's roles (without the {@code ROLE_} prefix)
 */
public record Caller(String subject, Set<String> roles) {

    public Caller {
        Objects.requireNonNull(subject, "subject cannot be null");
        roles = Set.copyOf(roles);
    }

    public static Caller of(String subject, String... roles) {
        return new Caller(subject, Set.of(roles));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
