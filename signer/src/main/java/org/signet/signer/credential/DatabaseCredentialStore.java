package org.signet.signer.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import eu.europa.esig.dss.model.x509.CertificateToken;
import org.signet.core.hsm.TokenKey;
import org.signet.core.pki.ParsedCertificateCache;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * Credentials from the database (metadata, chain) with their keys from {@link CredentialKeys}. Only
 * registered credentials exist: infrastructure keys in the token (TSA, audit) are never registered,
 * so they can never sign a document.
 */
public final class DatabaseCredentialStore implements CredentialStore {

    private final CredentialRepository repository;
    private final CredentialKeys keys;
    private final TenancyProperties tenancy;
    /** Stored chains by PEM text: parsed once, not on every signature (content-keyed, so never stale). */
    private final ParsedCertificateCache<String, List<CertificateToken>> chains = new ParsedCertificateCache<>(256);
    /**
     * Signing keys found in the HSM, by the record's key label and stored chain. Looking a key up costs
     * two object searches and two attribute reads on one of the few pooled HSM sessions that the
     * signatures themselves wait for, and it ran on every credential use (three times per CSC signature
     * before issue 10, round 5). Keyed by the record's content, like {@link #chains}: a new certificate
     * (a new chain) or another key label is a new entry, and a disabled or deleted credential is refused
     * from its record before its key is looked at, so the database stays the authority on every call.
     */
    private final ParsedCertificateCache<KeyRef, TokenKey> signingKeys = new ParsedCertificateCache<>(256);

    private record KeyRef(String keyLabel, String chainPem) {
    }

    /** A store whose SEAL credentials serve the clients {@code tenancy} names (others: nobody). */
    public DatabaseCredentialStore(CredentialRepository repository, CredentialKeys keys, TenancyProperties tenancy) {
        this.repository = Objects.requireNonNull(repository, "repository cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.tenancy = Objects.requireNonNull(tenancy, "tenancy cannot be null");
    }

    @Override
    public Credential get(String id) {
        CredentialRecord record = repository.find(id).orElseThrow(() -> new CredentialNotFoundException(id));
        switch (record.status()) {
            case DISABLED -> throw new SignetException(ProblemType.CREDENTIAL_DISABLED,
                    "The credential '" + id + "' is disabled by an operator and cannot sign.");
            case PENDING_CERTIFICATE -> throw new SignetException(ProblemType.CREDENTIAL_DISABLED,
                    "The credential '" + id + "' has no certificate yet and cannot sign.");
            case ACTIVE -> {
            }
        }
        TokenKey key = signingKeys.get(new KeyRef(record.keyLabel(), record.chainPem()),
                ref -> keys.signingKey(ref.keyLabel()).orElseThrow(() -> new SignetException(
                        ProblemType.HSM_UNAVAILABLE, "The key of credential '" + id + "' is not available in the HSM.")));
        List<CertificateToken> chain = new ArrayList<>();
        chain.add(key.certificate());
        List<CertificateToken> stored = chains.get(record.chainPem(), Pem::parse);
        chain.addAll(stored.subList(1, stored.size()));
        return new Credential(record.id(), record.kind(), record.owner(), key, chain, clients(record));
    }

    /**
     * SEAL: the configured clients. CITIZEN: the one owning client, from the record (set when the
     * operator created it) or else from configuration (provisioned keys); none: serves no portal.
     * OFFICER: not used (its owner decides).
     */
    private Set<String> clients(CredentialRecord record) {
        return switch (record.kind()) {
            case SEAL -> tenancy.clientsOf(record.id());
            case CITIZEN -> Optional.ofNullable(record.ownerClient()).or(() -> tenancy.citizenClientOf(record.id()))
                    .map(Set::of).orElse(Set.of());
            case OFFICER -> Set.of();
        };
    }
}
