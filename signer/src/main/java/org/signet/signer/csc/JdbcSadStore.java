package org.signet.signer.csc;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link SadStore} on table {@code csc_sad} (Flyway V201); the DELETE decides between concurrent uses. */
public final class JdbcSadStore implements SadStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcSadStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
        this.transactions = Objects.requireNonNull(transactions, "transactions cannot be null");
    }

    @Override
    public void save(String sadHash, SadGrant grant) {
        jdbc.sql("INSERT INTO csc_sad (sad_hash, credential_id, subject, hash_algorithm, hashes, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(sadHash, grant.credentialId(), grant.subject(), grant.hashAlgorithmOid(), String.join(",", grant.hashes()),
                        grant.expiresAt().toEpochMilli())
                .update();
    }

    @Override
    public Optional<SadGrant> take(String sadHash) {
        return transactions.execute(status -> {
            Optional<SadGrant> grant = jdbc.sql("SELECT credential_id, subject, hash_algorithm, hashes, expires_at FROM csc_sad WHERE sad_hash = ?")
                    .param(sadHash)
                    .query((rs, row) -> new SadGrant(rs.getString(1), rs.getString(2), rs.getString(3),
                            Arrays.asList(rs.getString(4).split(",")), Instant.ofEpochMilli(rs.getLong(5))))
                    .optional();
            if (grant.isEmpty()) {
                return Optional.<SadGrant>empty();
            }
            int deleted = jdbc.sql("DELETE FROM csc_sad WHERE sad_hash = ?").param(sadHash).update();
            return deleted == 1 ? grant : Optional.<SadGrant>empty();
        });
    }
}
