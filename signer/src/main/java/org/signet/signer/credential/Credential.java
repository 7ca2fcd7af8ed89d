package org.signet.signer.credential;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import org.signet.core.hsm.TokenKey;

/**
 * A usable signing credential: a certified key in the HSM and the certificate chain that names its
 * holder. Implements DSS's {@link DSSPrivateKeyEntry} so it can be handed to DSS signature parameters.
 *
 * @param id    the identifier clients use
 * @param kind  citizen, officer or seal (decides who may use it)
 * @param owner the subject owning a personal credential, null when not bound to one subject
 * @param key   the key inside the token
 * @param chain   the signer certificate first, then its CA certificates up to the root
 * @param clients for a SEAL: the OAuth2 clients (token {@code azp}/{@code client_id}, else subject)
 *                allowed to sign with it; {@link #ANY_CLIENT} lets every portal and officer; empty
 *                lets nobody (fail closed). For a CITIZEN: the one portal client that owns it (see
 *                {@link #ownedByClient}); empty: no portal. Not used for officers.
 */
public record Credential(String id, CredentialKind kind, String owner, TokenKey key, List<CertificateToken> chain,
        Set<String> clients) implements DSSPrivateKeyEntry {

    /** Entry of {@code clients} that allows every client (development stores and tests). */
    public static final String ANY_CLIENT = "*";

    public Credential {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(kind, "kind cannot be null");
        Objects.requireNonNull(key, "key cannot be null");
        chain = List.copyOf(chain);
        clients = clients == null ? Set.of() : Set.copyOf(clients);
        if (chain.isEmpty() || !chain.get(0).equals(key.certificate())) {
            throw new IllegalArgumentException("the chain must start with the key's certificate");
        }
    }

    /**
     * A credential not restricted to clients: for stores without a tenancy configuration (the
     * token-only development store, tests). The appliance's database store always names the clients.
     */
    public Credential(String id, CredentialKind kind, String owner, TokenKey key, List<CertificateToken> chain) {
        this(id, kind, owner, key, chain, Set.of(ANY_CLIENT));
    }

    /** Whether a SEAL's policy lets this client sign with it. */
    public boolean allowsClient(String client) {
        return clients.contains(ANY_CLIENT) || (client != null && clients.contains(client));
    }

    /**
     * Whether this client is the one portal client that owns this (CITIZEN) credential: an exact
     * match; {@link #ANY_CLIENT} never counts here, and a credential without owning client has none.
     */
    public boolean ownedByClient(String client) {
        return client != null && !ANY_CLIENT.equals(client) && clients.size() == 1 && clients.contains(client);
    }

    @Override
    public CertificateToken getCertificate() {
        return key.certificate();
    }

    @Override
    public CertificateToken[] getCertificateChain() {
        return chain.toArray(CertificateToken[]::new);
    }

    @Override
    public EncryptionAlgorithm getEncryptionAlgorithm() {
        return key.algorithm();
    }
}
