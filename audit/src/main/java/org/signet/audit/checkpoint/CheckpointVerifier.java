package org.signet.audit.checkpoint;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks a checkpoint's signature against the audit certificate with the JDK's own providers: no
 * HSM, no database, so auditors can run it anywhere (the offline CLI uses it). After a rotation of
 * the audit key, a log holds checkpoints signed by the retired key and by the new one: the auditor
 * passes every audit certificate they accept, and a checkpoint is good when one of them verifies it.
 */
public final class CheckpointVerifier {

    private final List<X509Certificate> auditCertificates;

    public CheckpointVerifier(X509Certificate auditCertificate) {
        this(List.of(Objects.requireNonNull(auditCertificate, "auditCertificate cannot be null")));
    }

    /** @param auditCertificates the current audit certificate and any retired ones (at least one) */
    public CheckpointVerifier(List<X509Certificate> auditCertificates) {
        this.auditCertificates = List.copyOf(auditCertificates);
        if (this.auditCertificates.isEmpty()) {
            throw new IllegalArgumentException("at least one audit certificate is needed");
        }
    }

    /** Whether the signature is an audit key's signature over the checkpoint's statement. */
    public boolean signatureValid(AuditCheckpoint checkpoint) {
        if (!"SHA256withECDSA".equals(checkpoint.signatureAlgorithm())
                && !"SHA256withRSA".equals(checkpoint.signatureAlgorithm())) {
            return false;
        }
        for (X509Certificate certificate : auditCertificates) {
            if (signedBy(checkpoint, certificate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean signedBy(AuditCheckpoint checkpoint, X509Certificate certificate) {
        try {
            Signature verifier = Signature.getInstance(checkpoint.signatureAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(checkpoint.statement());
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        }
        catch (GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }
}
