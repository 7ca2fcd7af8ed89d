-- Signing credentials: metadata only. The private key lives in the HSM (key_label names its objects);
-- the certificate chain is public and kept here as PEM (signer certificate first).
CREATE TABLE signer_credential (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,
    owner        VARCHAR(300),
    key_label    VARCHAR(128) NOT NULL UNIQUE,
    key_spec     VARCHAR(16)  NOT NULL,
    status       VARCHAR(24)  NOT NULL,
    chain_pem    TEXT,
    subject_dn   VARCHAR(1000),
    description  VARCHAR(500),
    created_at   VARCHAR(40)  NOT NULL,
    updated_at   VARCHAR(40)  NOT NULL
);

CREATE INDEX signer_credential_owner ON signer_credential (owner);
