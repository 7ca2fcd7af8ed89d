package org.signet.approval.webauthn;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Passkeys in the shared database (table {@code approval_passkey}), so every replica sees them. */
public final class PasskeyRepository {

    private static final RowMapper<Passkey> ROW = (rs, n) -> new Passkey(rs.getString("id"), rs.getString("citizen_id"),
            rs.getString("credential_id"), rs.getString("attested_data"), rs.getLong("sign_count"),
            rs.getString("label"), Instant.ofEpochMilli(rs.getLong("created_at")),
            rs.getObject("revoked_at") == null ? null : Instant.ofEpochMilli(rs.getLong("revoked_at")));

    private final JdbcTemplate jdbc;

    public PasskeyRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Passkey passkey) {
        jdbc.update("INSERT INTO approval_passkey (id, citizen_id, credential_id, attested_data, sign_count, label, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", passkey.id(), passkey.citizenId(), passkey.credentialId(),
                passkey.attestedData(), passkey.signCount(), passkey.label(), passkey.createdAt().toEpochMilli());
    }

    public Optional<Passkey> findByCredentialId(String credentialId) {
        return jdbc.query("SELECT * FROM approval_passkey WHERE credential_id = ?", ROW, credentialId).stream().findFirst();
    }

    public List<Passkey> findByCitizen(String citizenId) {
        return jdbc.query("SELECT * FROM approval_passkey WHERE citizen_id = ? ORDER BY created_at", ROW, citizenId);
    }

    /** Raises the stored counter only forward, so a cloned authenticator's stale counter shows. */
    public void updateSignCount(String id, long signCount) {
        jdbc.update("UPDATE approval_passkey SET sign_count = ? WHERE id = ? AND sign_count <= ?", signCount, id, signCount);
    }

    public boolean revoke(String citizenId, String id, Instant when) {
        return jdbc.update("UPDATE approval_passkey SET revoked_at = ? WHERE id = ? AND citizen_id = ? AND revoked_at IS NULL",
                when.toEpochMilli(), id, citizenId) == 1;
    }
}
