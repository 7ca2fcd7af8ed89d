package org.signet.tsa.web;

import java.security.Principal;
import java.util.Objects;
import java.util.stream.Collectors;

import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.tsa.TimeStampAuthority;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 3161 over HTTP (section 3.4): {@code POST /tsa} with a DER TimeStampReq answers a DER
 * TimeStampResp; {@code GET /tsa/certs} gives the TSA certificate and its chain in PEM so clients can
 * verify tokens.
 */
@RestController
public class TsaController {

    public static final String TIMESTAMP_QUERY = "application/timestamp-query";
    public static final String TIMESTAMP_REPLY = "application/timestamp-reply";

    /** A TimeStampReq with a SHA-512 imprint, nonce, policy and extensions is far below this. */
    static final int MAX_REQUEST_BYTES = 4096;

    private final TimeStampAuthority authority;

    public TsaController(TimeStampAuthority authority) {
        this.authority = Objects.requireNonNull(authority, "authority cannot be null");
    }

    @PostMapping(path = "/tsa", consumes = TIMESTAMP_QUERY, produces = TIMESTAMP_REPLY)
    public ResponseEntity<byte[]> timestamp(@RequestBody byte[] request, Principal caller) {
        if (request.length > MAX_REQUEST_BYTES) {
            throw new SignetException(ProblemType.PAYLOAD_TOO_LARGE,
                    "A time-stamp request is at most " + MAX_REQUEST_BYTES + " bytes.");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TIMESTAMP_REPLY))
                .body(authority.respond(request, caller.getName()));
    }

    @GetMapping(path = "/tsa/certs", produces = "application/pem-certificate-chain")
    public String certificates() {
        return authority.certificateChain().stream().map(DSSUtils::convertToPEM).collect(Collectors.joining());
    }
}
