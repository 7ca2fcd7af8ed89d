package org.signet.signer.credential;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.signet.core.hsm.KeySpec;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link CredentialRepository} on table {@code signer_credential} (Flyway V200, V202). */
public final class JdbcCredentialRepository implements CredentialRepository {

    private static final String COLUMNS = "id, kind, owner, owner_client, key_label, key_spec, status, chain_pem, subject_dn, description, created_at, updated_at";

    private final JdbcClient jdbc;

    public JdbcCredentialRepository(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
    }

    @Override
    public boolean insert(CredentialRecord r) {
        try {
            jdbc.sql("INSERT INTO signer_credential (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(r.id(), r.kind().name(), r.owner(), r.ownerClient(), r.keyLabel(), r.keySpec().name(), r.status().name(),
                            r.chainPem(), r.subjectDn(), r.description(), r.createdAt().toString(), r.updatedAt().toString())
                    .update();
            return true;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    @Override
    public Optional<CredentialRecord> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signer_credential WHERE id = ?").param(id)
                .query(JdbcCredentialRepository::map).optional();
    }

    @Override
    public List<CredentialRecord> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signer_credential ORDER BY id").query(JdbcCredentialRepository::map).list();
    }

    @Override
    public void update(CredentialRecord r) {
        jdbc.sql("UPDATE signer_credential SET status = ?, chain_pem = ?, description = ?, updated_at = ? WHERE id = ?")
                .params(r.status().name(), r.chainPem(), r.description(), r.updatedAt().toString(), r.id())
                .update();
    }

    @Override
    public void delete(String id) {
        jdbc.sql("DELETE FROM signer_credential WHERE id = ?").param(id).update();
    }

    private static CredentialRecord map(ResultSet rs, int row) throws SQLException {
        return new CredentialRecord(rs.getString("id"), CredentialKind.valueOf(rs.getString("kind")), rs.getString("owner"),
                rs.getString("owner_client"), rs.getString("key_label"), KeySpec.valueOf(rs.getString("key_spec")),
                CredentialStatus.valueOf(rs.getString("status")), rs.getString("chain_pem"), rs.getString("subject_dn"), rs.getString("description"),
                Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")));
    }
}
