-- Append-only audit log. Each record carries the hash of its predecessor (prev_hash) and its own
-- hash over a canonical encoding (see AuditRecordCodec), so a change, removal, insertion or
-- reordering breaks the chain at the first affected record.
-- Grants (PostgreSQL production): the application role gets INSERT, SELECT on audit_log only;
-- see docs/operations.md. audit_head is the single-row lock that serialises appenders across
-- instances; it holds no information the chain does not.
CREATE TABLE audit_log (
    seq             BIGINT       NOT NULL PRIMARY KEY,
    recorded_at     VARCHAR(40)  NOT NULL,
    instance_id     VARCHAR(200) NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    actor           VARCHAR(300) NOT NULL,
    request_id      VARCHAR(200),
    credential_id   VARCHAR(200),
    document_digest VARCHAR(128),
    attributes      TEXT         NOT NULL,
    prev_hash       VARCHAR(64)  NOT NULL,
    record_hash     VARCHAR(64)  NOT NULL
);

CREATE INDEX audit_log_request ON audit_log (request_id);
CREATE INDEX audit_log_credential ON audit_log (credential_id);
CREATE INDEX audit_log_digest ON audit_log (document_digest);
CREATE INDEX audit_log_time ON audit_log (recorded_at);

CREATE TABLE audit_head (
    id        INT         NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);

INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
