-- Production grants for the audit log (PostgreSQL). Run as the owner of the schema (the role that
-- runs the Flyway migrations), after migrating, e.g.:
--   psql -v app_role=signet_app -v schema=public -f grants-postgresql.sql
-- The application role can append and read records and checkpoints, and move the two one-row lock
-- tables; it can never UPDATE or DELETE a record or a checkpoint. (The owner can: keep its
-- credentials away from the application, and rely on checkpoints to detect what it does.)
\set ON_ERROR_STOP on
SET search_path TO :"schema";

REVOKE ALL ON audit_log, audit_checkpoint, audit_head, audit_checkpoint_lock FROM :"app_role";
GRANT USAGE ON SCHEMA :"schema" TO :"app_role";
GRANT SELECT, INSERT ON audit_log TO :"app_role";
GRANT SELECT, INSERT ON audit_checkpoint TO :"app_role";
GRANT SELECT, UPDATE ON audit_head TO :"app_role";
GRANT SELECT, UPDATE ON audit_checkpoint_lock TO :"app_role";
