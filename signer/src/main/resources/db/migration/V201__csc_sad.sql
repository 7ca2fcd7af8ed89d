-- CSC signature activation data (SAD): short-lived, single-use, bound to a credential, a caller and
-- exactly the authorised hashes. Only the SHA-256 of the SAD is stored; the SAD itself exists only
-- in the client's hands. A row is deleted when used (the DELETE decides between concurrent uses,
-- across replicas) or when found expired.
CREATE TABLE csc_sad (
    sad_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    credential_id  VARCHAR(64)  NOT NULL,
    subject        VARCHAR(300) NOT NULL,
    hash_algorithm VARCHAR(64)  NOT NULL,
    hashes         TEXT         NOT NULL,
    expires_at     BIGINT       NOT NULL
);

CREATE INDEX csc_sad_expiry ON csc_sad (expires_at);
