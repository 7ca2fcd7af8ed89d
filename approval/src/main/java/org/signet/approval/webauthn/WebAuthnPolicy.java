package org.signet.approval.webauthn;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;

/**
 * The relying party as webauthn4j needs it: id, accepted origins, algorithms. User verification is
 * always required (sole control means the citizen, not only someone holding the phone).
 *
 * @param rpId    relying-party id
 * @param rpName  relying-party name
 * @param origins accepted origins
 */
public record WebAuthnPolicy(String rpId, String rpName, List<String> origins) {

    /** ES256 and RS256, the two every platform authenticator offers. */
    public static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    public ServerProperty serverProperty(byte[] challenge) {
        Set<Origin> accepted = origins.stream().map(Origin::create).collect(Collectors.toSet());
        return ServerProperty.builder().origins(accepted).rpId(rpId).challenge(new DefaultChallenge(challenge)).build();
    }
}
