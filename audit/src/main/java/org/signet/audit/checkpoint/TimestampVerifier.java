package org.signet.audit.checkpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks a checkpoint's RFC 3161 timestamp token with Bouncy Castle: signed by the TSA certificate,
 * and its message imprint is SHA-256 of the checkpoint's signature bytes.
 */
public final class TimestampVerifier {

    private final X509Certificate tsaCertificate;

    public TimestampVerifier(X509Certificate tsaCertificate) {
        this.tsaCertificate = Objects.requireNonNull(tsaCertificate, "tsaCertificate cannot be null");
    }

    /** Null when the token is good, else what is wrong with it. */
    public String problem(AuditCheckpoint checkpoint) {
        if (checkpoint.timestampToken() == null) {
            return "has no timestamp token";
        }
        try {
            TimeStampToken token = new TimeStampToken(
                    new CMSSignedData(Base64.getDecoder().decode(checkpoint.timestampToken())));
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate));
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
}
