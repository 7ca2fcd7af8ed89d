package org.signet.signer.credential;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which clients own which SEAL credentials: a portal signs only with the seals of its own
 * organisation. A client is the bearer token's {@code azp} (or {@code client_id}) claim, else its
 * subject. A SEAL credential not named here serves nobody (fail closed); {@code "*"} lets every
 * portal and officer use it.
 *
 * @param sealClients credential id → client ids allowed to sign with that seal
 */
@ConfigurationProperties("signet.signer.tenancy")
public record TenancyProperties(Map<String, List<String>> sealClients) {

    public TenancyProperties {
        sealClients = sealClients == null ? Map.of() : Map.copyOf(sealClients);
    }

    /** The clients allowed for this credential (empty: nobody). */
    public Set<String> clientsOf(String credentialId) {
        return sealClients.getOrDefault(credentialId, List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
