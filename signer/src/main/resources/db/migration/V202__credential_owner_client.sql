-- Tenancy of CITIZEN credentials: the portal client (token azp, else client_id, else sub) that owns
-- the credential and alone may ask its citizen for approvals, enrolments and passkeys. Null: no
-- portal may (fail closed), unless signet.signer.tenancy.citizen-clients names one for the id
-- (the provisioned development key).
ALTER TABLE signer_credential ADD COLUMN owner_client VARCHAR(300);
