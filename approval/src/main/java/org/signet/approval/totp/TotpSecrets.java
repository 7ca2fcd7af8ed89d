package org.signet.approval.totp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.signet.core.hsm.HsmToken;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Citizens' TOTP secrets in the shared database (table {@code approval_totp}, one row per citizen),
 * encrypted under the HSM's AES key {@value #KEY_LABEL} (AES-GCM inside the token; the key never
 * leaves it). The ciphertext is bound to its row's citizen id (GCM associated data), so a row copied
 * onto another citizen does not open. A database dump alone therefore yields no usable secret.
 * <p>
 * Rows written before encryption (clear base32) are sealed by {@link #sealClearRows()} at start-up
 * and, should one still be found, when it is read.
 */
public final class TotpSecrets {

    /** Label of the AES-256 key made by hsm-config/provision.sh. */
    public static final String KEY_LABEL = "approval-secrets";

    /** Marks a sealed value: base64(IV || ciphertext || tag); a clear base32 secret never has a colon. */
    static final String SEALED = "hsm1:";

    private final JdbcTemplate jdbc;
    private final HsmToken hsm;

    public TotpSecrets(JdbcTemplate jdbc, HsmToken hsm) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.hsm = Objects.requireNonNull(hsm, "hsm cannot be null");
    }

    /** The stored form of a citizen's secret (encrypted in the HSM, bound to the citizen). */
    public String seal(String citizenId, String secret) {
        return SEALED + Base64.getEncoder().encodeToString(
                hsm.encrypt(KEY_LABEL, secret.getBytes(StandardCharsets.US_ASCII), aad(citizenId)));
    }

    /** Stores a value from {@link #seal} as the citizen's secret (replacing an earlier one). */
    public void store(String citizenId, String sealed, Instant now) {
        if (!sealed.startsWith(SEALED)) {
            throw new IllegalArgumentException("only sealed secrets are stored");
        }
        if (jdbc.update("UPDATE approval_totp SET secret = ?, created_at = ? WHERE citizen_id = ?", sealed, now.toEpochMilli(), citizenId) == 0) {
            jdbc.update("INSERT INTO approval_totp (citizen_id, secret, created_at) VALUES (?, ?, ?)", citizenId, sealed, now.toEpochMilli());
        }
    }

    /**
     * The citizen's secret in clear, for one verification.
     *
     * @throws org.signet.core.hsm.SealedDataException if the stored value does not open for this citizen
     * @throws org.signet.core.hsm.HsmException         if the token cannot decrypt now
     */
    public Optional<String> find(String citizenId) {
        return stored(citizenId).map(value -> {
            if (value.startsWith(SEALED)) {
                return new String(hsm.decrypt(KEY_LABEL, Base64.getDecoder().decode(value.substring(SEALED.length())),
                        aad(citizenId)), StandardCharsets.US_ASCII);
            }
            sealClear(citizenId, value);
            return value;
        });
    }

    public boolean exists(String citizenId) {
        return stored(citizenId).isPresent();
    }

    /** Encrypts every row still in clear (written before encryption); the number sealed. */
    public int sealClearRows() {
        int sealed = 0;
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT citizen_id, secret FROM approval_totp WHERE secret NOT LIKE 'hsm1:%'");
        for (Map<String, Object> row : rows) {
            if (sealClear((String) row.get("citizen_id"), (String) row.get("secret"))) {
                sealed++;
            }
        }
        return sealed;
    }

    /** Replaces a clear value by its sealed form unless another writer changed the row meanwhile. */
    private boolean sealClear(String citizenId, String clear) {
        return jdbc.update("UPDATE approval_totp SET secret = ? WHERE citizen_id = ? AND secret = ?",
                seal(citizenId, clear), citizenId, clear) == 1;
    }

    private Optional<String> stored(String citizenId) {
        return jdbc.queryForList("SELECT secret FROM approval_totp WHERE citizen_id = ?", String.class, citizenId).stream().findFirst();
    }

    private static byte[] aad(String citizenId) {
        return ("signet:approval_totp:" + citizenId).getBytes(StandardCharsets.UTF_8);
    }
}
