-- Serial numbers of time-stamp tokens: unique and increasing across every replica (RFC 3161 2.4.2
-- requires uniqueness per TSA), so they come from the shared database, never a JVM counter.
CREATE SEQUENCE tsa_serial START WITH 1 INCREMENT BY 1;
