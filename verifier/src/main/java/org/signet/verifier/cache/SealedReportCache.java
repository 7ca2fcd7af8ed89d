package org.signet.verifier.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrity protection of cache entries: each value is stored as HMAC-SHA256(key || value) followed
 * by the value. An entry whose MAC does not verify (edited in Redis, moved to another key, written
 * with another key) is ignored, so the document is validated again instead of trusting it.
 */
public final class SealedReportCache implements ReportCache {

    private static final Logger log = LoggerFactory.getLogger(SealedReportCache.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_LENGTH = 32;

    private final ReportCache store;
    private final SecretKeySpec macKey;
    private final long maxEntryBytes;

    public SealedReportCache(ReportCache store, byte[] hmacKey) {
        this(store, hmacKey, Long.MAX_VALUE);
    }

    /** As above; values over {@code maxEntryBytes} are not stored (a miss is always correct). */
    public SealedReportCache(ReportCache store, byte[] hmacKey, long maxEntryBytes) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        if (hmacKey == null || hmacKey.length < 32) {
            throw new IllegalArgumentException("the cache HMAC key must have at least 32 bytes");
        }
        this.macKey = new SecretKeySpec(hmacKey, ALGORITHM);
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Optional<byte[]> sealed = store.get(key);
        if (sealed.isEmpty()) {
            return sealed;
        }
        byte[] entry = sealed.get();
        if (entry.length < MAC_LENGTH) {
            log.warn("Ignoring a malformed validation cache entry");
            return Optional.empty();
        }
        byte[] value = Arrays.copyOfRange(entry, MAC_LENGTH, entry.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(entry, MAC_LENGTH), mac(key, value))) {
            log.warn("Ignoring a validation cache entry whose HMAC does not verify (tampered or foreign)");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (value.length > maxEntryBytes) {
            return;
        }
        byte[] mac = mac(key, value);
        byte[] entry = new byte[MAC_LENGTH + value.length];
        System.arraycopy(mac, 0, entry, 0, MAC_LENGTH);
        System.arraycopy(value, 0, entry, MAC_LENGTH, value.length);
        store.put(key, entry, ttl);
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }

    @Override
    public String kind() {
        return store.kind();
    }

    @Override
    public void close() {
        store.close();
    }

    private byte[] mac(String key, byte[] value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(macKey);
            byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
            mac.update(ByteLengths.of(keyBytes.length));
            mac.update(keyBytes);
            return mac.doFinal(value);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }

    private static final class ByteLengths {
        static byte[] of(int length) {
            return new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length };
        }
    }
}
