package org.signet.signer.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.signet.core.hsm.HsmToken;
import org.signet.core.hsm.TokenKey;

/**
 * Credentials that are keys in the HSM token, named by their label, with the CA chain from
 * configuration; every allowed key acts as a seal. The simple store for tests and tools; the appliance uses
 * {@link DatabaseCredentialStore}. Keys are named by their label, with the CA chain from
 * configuration. Only an allow-listed set of labels is reachable, so infrastructure keys (TSA,
 * audit) can never sign documents.
 */
public final class TokenCredentialStore implements CredentialStore {

    private final HsmToken token;
    private final Set<String> allowed;
    private final List<CertificateToken> caChain;

    public TokenCredentialStore(HsmToken token, Set<String> allowed, List<CertificateToken> caChain) {
        this.token = Objects.requireNonNull(token, "token cannot be null");
        this.allowed = Set.copyOf(allowed);
        this.caChain = List.copyOf(caChain);
    }

    @Override
    public Credential get(String id) {
        if (!allowed.contains(id)) {
            throw new CredentialNotFoundException(id);
        }
        TokenKey key = token.findKey(id).orElseThrow(() -> new CredentialNotFoundException(id));
        List<CertificateToken> chain = new ArrayList<>();
        chain.add(key.certificate());
        chain.addAll(caChain);
        return new Credential(id, CredentialKind.SEAL, null, key, chain);
    }
}
