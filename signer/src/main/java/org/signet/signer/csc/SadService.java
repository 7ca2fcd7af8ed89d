package org.signet.signer.csc;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.spi.DSSUtils;

/**
 * Issues and redeems CSC signature activation data for service-controlled (SCAL 1) credentials: a
 * random 256-bit token, valid for {@code signet.signer.sad-lifetime}, usable once, only by the caller
 * it was issued to, only for that credential and exactly the authorised hashes.
 */
public final class SadService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SadStore store;
    private final Clock clock;
    private final Duration lifetime;

    public SadService(SadStore store, Clock clock, Duration lifetime) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime cannot be null");
    }

    /** An issued SAD with its lifetime in seconds. */
    public record Issued(String sad, long expiresIn) {
    }

    public Issued issue(String credentialId, String subject, String hashAlgorithmOid, List<String> hashes) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String sad = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        store.save(hash(sad), new SadGrant(credentialId, subject, hashAlgorithmOid, hashes, clock.instant().plus(lifetime)));
        return new Issued(sad, lifetime.toSeconds());
    }

    /** Consumes the SAD and checks that it covers this use; throws a CSC error otherwise. */
    public void redeem(String sad, String credentialId, String subject, String hashAlgorithmOid, List<String> hashes) {
        if (sad == null || sad.isBlank()) {
            throw CscException.invalidRequest("Missing SAD: call credentials/authorize first.");
        }
        SadGrant grant = store.take(hash(sad)).orElseThrow(() -> CscException.invalidRequest("Invalid or already used SAD."));
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt())) {
            throw CscException.invalidRequest("SAD expired.");
        }
        if (!grant.credentialId().equals(credentialId) || !grant.subject().equals(subject)) {
            throw CscException.invalidRequest("The SAD was not issued for this credential and caller.");
        }
        if (!grant.hashAlgorithmOid().equals(hashAlgorithmOid) || !grant.hashes().equals(hashes.stream().sorted().toList())) {
            throw CscException.invalidRequest("The hashes are not the ones the SAD authorised.");
        }
    }

    private static String hash(String sad) {
        return HexFormat.of().formatHex(DSSUtils.digest(DigestAlgorithm.SHA256, sad.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
