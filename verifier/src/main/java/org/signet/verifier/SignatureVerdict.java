package org.signet.verifier;

import java.time.Instant;
import java.util.List;

/**
 * The verdict on one signature, in the words of the ETSI simple report.
 *
 * @param id                 DSS's signature id
 * @param indication         TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED
 * @param subIndication      why, when not passed (e.g. HASH_FAILURE), else null
 * @param intact             the signature value verifies and every signed reference is found and
 *                           matches (cryptographic integrity alone, whatever the trust verdict)
 * @param signedBy           the signer's name from the certificate
 * @param certificate        the signing certificate, null when it could not be identified
 * @param signingTime        the time claimed by the signer
 * @param bestSignatureTime  the earliest time the signature is proven to exist
 * @param level              the format and level found (e.g. PAdES-BASELINE-B)
 * @param scope              FULL when the signature covers the whole document, else what it covers
 * @param scopes             every signed object with its scope
 * @param timestamps         timestamps over this signature
 * @param changes            what changed in the document after this signature (PDF), plain words
 * @param errors             what made the signature fail, in plain words
 * @param warnings           what deserves attention without failing it
 */
public record SignatureVerdict(String id, String indication, String subIndication, boolean intact, String signedBy,
        CertificateInfo certificate, Instant signingTime, Instant bestSignatureTime, String level, String scope,
        List<Scope> scopes, List<TimestampVerdict> timestamps, List<String> changes, List<String> errors,
        List<String> warnings) {

    /** One object covered by the signature. */
    public record Scope(String name, String scope, String description) {
    }

    /**
     * The signing certificate and the chain DSS built for it.
     *
     * @param subject      subject DN
     * @param issuer       issuer DN
     * @param serialNumber serial number (decimal)
     * @param notBefore    start of validity
     * @param notAfter     end of validity
     * @param chain        signer first, anchor last; each with whether it is a trust anchor
     */
    public record CertificateInfo(String subject, String issuer, String serialNumber, Instant notBefore,
            Instant notAfter, List<ChainEntry> chain) {
    }

    /** One certificate of the chain. */
    public record ChainEntry(String name, boolean trusted) {
    }
}
