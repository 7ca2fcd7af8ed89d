-- Citizens' approval authenticators: passkeys (WebAuthn) and TOTP secrets. Public data for passkeys
-- (credential id, attested credential data with the public key, signature counter); never private keys.
CREATE TABLE approval_passkey (
    id                  VARCHAR(64)  PRIMARY KEY,
    citizen_id          VARCHAR(200) NOT NULL,
    credential_id       VARCHAR(400) NOT NULL UNIQUE,
    attested_data       TEXT         NOT NULL,
    sign_count          BIGINT       NOT NULL,
    label               VARCHAR(100) NOT NULL,
    created_at          BIGINT       NOT NULL,
    revoked_at          BIGINT
);
CREATE INDEX approval_passkey_citizen ON approval_passkey (citizen_id);

CREATE TABLE approval_totp (
    citizen_id          VARCHAR(200) PRIMARY KEY,
    secret              VARCHAR(200) NOT NULL,
    created_at          BIGINT       NOT NULL
);
