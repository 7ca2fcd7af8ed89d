package org.signet.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * DSS's {@link TSPSource} answered by Signet's own TSA in the same process: the same code path,
 * policy, serial numbers and audit records as {@code POST /tsa}, without an HTTP round trip. Used for
 * B-T and later levels and for timestamping audit checkpoints.
 */
public final class LocalTspSource implements TSPSource {

    private final TimeStampAuthority authority;
    private final String requester;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param authority the TSA
     * @param requester the name recorded as the requester in the audit log (e.g. {@code signer})
     */
    public LocalTspSource(TimeStampAuthority authority, String requester) {
        this.authority = Objects.requireNonNull(authority, "authority cannot be null");
        this.requester = Objects.requireNonNull(requester, "requester cannot be null");
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest, nonce);
        try {
            TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded(), requester));
            response.validate(request);
            TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw new DSSException("The TSA refused the request: " + response.getStatusString());
            }
            return new TimestampBinary(token.getEncoded());
        }
        catch (IOException | TSPException ex) {
            throw new DSSException("The TSA answer could not be used: " + ex.getMessage(), ex);
        }
    }
}
