package org.signet.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks a checkpoint's signature against the audit certificate with the JDK's own providers: no
 * HSM, no database, so auditors can run it anywhere (the offline CLI uses it).
 */
public final class CheckpointVerifier {

    private final X509Certificate auditCertificate;

    public CheckpointVerifier(X509Certificate auditCertificate) {
        this.auditCertificate = Objects.requireNonNull(auditCertificate, "auditCertificate cannot be null");
    }

    /** Whether the signature is the audit key's signature over the checkpoint's statement. */
    public boolean signatureValid(AuditCheckpoint checkpoint) {
        if (!"SHA256withECDSA".equals(checkpoint.signatureAlgorithm())
                && !"SHA256withRSA".equals(checkpoint.signatureAlgorithm())) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(checkpoint.signatureAlgorithm());
            verifier.initVerify(auditCertificate.getPublicKey());
            verifier.update(checkpoint.statement());
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        }
        catch (GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }
}
