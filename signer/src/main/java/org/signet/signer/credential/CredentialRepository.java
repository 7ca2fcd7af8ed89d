package org.signet.signer.credential;

import java.util.List;
import java.util.Optional;

/** Durable credential metadata (PostgreSQL; H2 as the embedded default). */
public interface CredentialRepository {

    /** Inserts a new credential; false if the id or key label is taken. */
    boolean insert(CredentialRecord record);

    Optional<CredentialRecord> find(String id);

    List<CredentialRecord> findAll();

    void update(CredentialRecord record);

    void delete(String id);
}
