package org.signet.approval.totp;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Citizens' TOTP secrets in the shared database (table {@code approval_totp}), one per citizen. */
public final class TotpSecrets {

    private final JdbcTemplate jdbc;

    public TotpSecrets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void put(String citizenId, String secret, Instant now) {
        if (jdbc.update("UPDATE approval_totp SET secret = ?, created_at = ? WHERE citizen_id = ?", secret, now.toEpochMilli(), citizenId) == 0) {
            jdbc.update("INSERT INTO approval_totp (citizen_id, secret, created_at) VALUES (?, ?, ?)", citizenId, secret, now.toEpochMilli());
        }
    }

    public Optional<String> find(String citizenId) {
        return jdbc.queryForList("SELECT secret FROM approval_totp WHERE citizen_id = ?", String.class, citizenId).stream().findFirst();
    }

    public boolean exists(String citizenId) {
        return find(citizenId).isPresent();
    }
}
