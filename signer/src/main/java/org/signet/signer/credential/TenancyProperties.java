package org.signet.signer.credential;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which clients own which credentials: a portal signs only with the seals of its own organisation,
 * and acts only for the citizen credentials it owns. A client is the bearer token's {@code azp} (or
 * {@code client_id}) claim, else its subject. A SEAL credential not named here serves nobody (fail
 * closed); {@code "*"} lets every portal and officer use it.
 *
 * @param sealClients    credential id → client ids allowed to sign with that seal
 * @param citizenClients CITIZEN credential id → the one portal client owning it, for citizen
 *                       credentials whose record names no owning client (the provisioned ones; a
 *                       credential created through the API names its {@code ownerClient}, which wins).
 *                       {@code "*"} is refused: a citizen's credential belongs to one portal.
 */
@ConfigurationProperties("signet.signer.tenancy")
public record TenancyProperties(Map<String, List<String>> sealClients, Map<String, String> citizenClients) {

    public TenancyProperties {
        sealClients = sealClients == null ? Map.of() : Map.copyOf(sealClients);
        citizenClients = citizenClients == null ? Map.of() : Map.copyOf(citizenClients);
        citizenClients.forEach((id, client) -> {
            if (client == null || client.isBlank() || client.strip().equals(Credential.ANY_CLIENT) || client.contains(",")) {
                throw new IllegalArgumentException("signet.signer.tenancy.citizen-clients." + id
                        + " must name exactly one portal client (not '*')");
            }
        });
    }

    /** The configured owning client of a CITIZEN credential, if any. */
    public java.util.Optional<String> citizenClientOf(String credentialId) {
        return java.util.Optional.ofNullable(citizenClients.get(credentialId)).map(String::strip);
    }

    /** The clients allowed for this credential (empty: nobody). */
    public Set<String> clientsOf(String credentialId) {
        return sealClients.getOrDefault(credentialId, List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
