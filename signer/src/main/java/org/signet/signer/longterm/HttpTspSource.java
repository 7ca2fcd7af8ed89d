package org.signet.signer.longterm;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
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
 * An external RFC 3161 TSA over HTTP ({@code signet.signer.tsa-url}), for deployments that must use
 * a qualified TSA instead of Signet's own. Plays the role of DSS's {@code OnlineTSPSource} without
 * pulling in DSS's HTTP stack: one POST of {@code application/timestamp-query}, the answer checked
 * against the request (nonce, imprint) before DSS sees the token.
 */
public final class HttpTspSource implements TSPSource {

    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    public HttpTspSource(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url cannot be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest,
                new BigInteger(64, random));
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new DSSException("The TSA at " + url + " answered HTTP " + answer.statusCode());
            }
            TimeStampResponse response = new TimeStampResponse(answer.body());
            response.validate(request);
            TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw new DSSException("The TSA at " + url + " refused the request: " + response.getStatusString());
            }
            return new TimestampBinary(token.getEncoded());
        }
        catch (IOException | TSPException ex) {
            throw new DSSException("The TSA at " + url + " could not be used: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DSSException("Interrupted while waiting for the TSA at " + url, ex);
        }
    }
}
