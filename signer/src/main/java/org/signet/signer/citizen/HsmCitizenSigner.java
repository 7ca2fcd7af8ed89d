package org.signet.signer.citizen;

import java.util.List;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import org.signet.approval.CitizenSigner;
import org.signet.core.hsm.HsmToken;
import org.signet.signer.credential.Credential;
import org.signet.signer.credential.CredentialKind;
import org.signet.signer.credential.CredentialStore;

/**
 * Signs approved digests with a CITIZEN credential's key in the HSM. Only the approval module calls
 * it, after it consumed the citizen's SAD for exactly these digests.
 */
public final class HsmCitizenSigner implements CitizenSigner {

    private final CredentialStore store;
    private final HsmToken token;

    public HsmCitizenSigner(CredentialStore store, HsmToken token) {
        this.store = store;
        this.token = token;
    }

    @Override
    public List<byte[]> signDigests(String credentialId, String hashAlgorithm, List<byte[]> digests) {
        Credential credential = store.get(credentialId);
        if (credential.kind() != CredentialKind.CITIZEN) {
            throw new IllegalStateException("not a citizen credential: " + credentialId);
        }
        DigestAlgorithm algorithm = DigestAlgorithm.forJavaName(hashAlgorithm);
        return token.signDigests(credential.key(), digests.stream().map(d -> new Digest(algorithm, d)).toList()).stream()
                .map(SignatureValue::getValue).toList();
    }
}
