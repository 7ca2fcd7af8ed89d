-- Checkpoints: the head hash and record count (tree_size) signed with the HSM audit key, optionally
-- timestamped by the TSA (timestamp_token, RFC 3161, base64 DER). One row per tree size: the
-- primary key forbids two checkpoints of the same head. audit_checkpoint_lock is the single row
-- that serialises checkpoint makers across instances and remembers the last tree size signed.
-- Grants (PostgreSQL production): INSERT, SELECT on audit_checkpoint; SELECT, UPDATE on
-- audit_checkpoint_lock (see audit/src/main/resources/sql/grants-postgresql.sql).
CREATE TABLE audit_checkpoint (
    tree_size           BIGINT       NOT NULL PRIMARY KEY,
    head_hash           VARCHAR(64)  NOT NULL,
    created_at          VARCHAR(40)  NOT NULL,
    instance_id         VARCHAR(200) NOT NULL,
    key_label           VARCHAR(100) NOT NULL,
    signature_algorithm VARCHAR(40)  NOT NULL,
    signature           TEXT         NOT NULL,
    timestamp_token     TEXT
);

CREATE TABLE audit_checkpoint_lock (
    id        INT    NOT NULL PRIMARY KEY,
    last_size BIGINT NOT NULL
);

INSERT INTO audit_checkpoint_lock (id, last_size) VALUES (1, 0);
