package org.signet.audit.checkpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks a checkpoint's RFC 3161 timestamp token with Bouncy Castle: signed by the TSA certificate,
 * and its message imprint is SHA-256 of the checkpoint's signature bytes. After a rotation of the
 * TSA key, older checkpoints carry tokens of the retired key: pass every TSA certificate accepted.
 */
public final class TimestampVerifier {

    private final List<X509Certificate> tsaCertificates;

    public TimestampVerifier(X509Certificate tsaCertificate) {
        this(List.of(Objects.requireNonNull(tsaCertificate, "tsaCertificate cannot be null")));
    }

    /** @param tsaCertificates the current TSA certificate and any retired ones (at least one) */
    public TimestampVerifier(List<X509Certificate> tsaCertificates) {
        this.tsaCertificates = List.copyOf(tsaCertificates);
        if (this.tsaCertificates.isEmpty()) {
            throw new IllegalArgumentException("at least one TSA certificate is needed");
        }
    }

    /** Null when the token is good, else what is wrong with it. */
    public String problem(AuditCheckpoint checkpoint) {
        if (checkpoint.timestampToken() == null) {
            return "has no timestamp token";
        }
        try {
            TimeStampToken token = new TimeStampToken(
                    new CMSSignedData(Base64.getDecoder().decode(checkpoint.timestampToken())));
            validate(token);
            var imprint = token.getTimeStampInfo();
            if (!NISTObjectIdentifiers.id_sha256.equals(imprint.getMessageImprintAlgOID())) {
                return "timestamp imprint is not SHA-256";
            }
            byte[] expected = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(checkpoint.signature()));
            if (!Arrays.equals(expected, imprint.getMessageImprintDigest())) {
                return "timestamp is not over this checkpoint's signature";
            }
            return null;
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
        }
        catch (Exception ex) {
            return "timestamp token does not verify with the TSA certificate (" + ex.getClass().getSimpleName() + ")";
        }
    }

    /** Validates with the first certificate that matches the token's signer; throws the last failure. */
    private void validate(TimeStampToken token) throws Exception {
        Exception last = null;
        for (X509Certificate certificate : tsaCertificates) {
            try {
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
                return;
            }
            catch (Exception ex) {
                last = ex;
            }
        }
        throw last;
    }
}
