package org.signet.core.pki;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed certificates by their encoded content (DER bytes as a key object, PEM text, ...). Parsing a
 * certificate costs far more than the signature it is looked up for (a quarter of the CPU of a CSC
 * signHash request before issue 10), and the same few certificates are parsed on every request.
 * Keyed by content, never by name, so a changed certificate is simply a new entry: nothing can go
 * stale. Bounded: cleared when full (a handful of credentials in practice).
 *
 * @param <K> the encoded form (must have value equality: {@code String}, {@code ByteBuffer})
 * @param <V> the parsed form (immutable)
 */
public final class ParsedCertificateCache<K, V> {

    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    public ParsedCertificateCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /** The parsed value of {@code encoded}, parsed by {@code parser} when not cached (errors are not cached). */
    public V get(K encoded, Function<K, V> parser) {
        Objects.requireNonNull(encoded, "encoded cannot be null");
        V parsed = entries.get(encoded);
        if (parsed != null) {
            return parsed;
        }
        parsed = Objects.requireNonNull(parser.apply(encoded), "parser returned null");
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(encoded, parsed);
        return parsed;
    }

    int size() {
        return entries.size();
    }
}
