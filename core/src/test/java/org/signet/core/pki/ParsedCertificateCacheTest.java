package org.signet.core.pki;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsed once per distinct content, bounded, and failures are not remembered. */
class ParsedCertificateCacheTest {

    @Test
    void getWhenSameContentThenParsedOnceAndChangedContentParsedAgain() {
        ParsedCertificateCache<String, String> cache = new ParsedCertificateCache<>(8);
        AtomicInteger parses = new AtomicInteger();
        assertThat(cache.get("pem-a", pem -> pem.toUpperCase() + parses.incrementAndGet())).isEqualTo("PEM-A1");
        assertThat(cache.get("pem-a", pem -> pem.toUpperCase() + parses.incrementAndGet())).isEqualTo("PEM-A1");
        assertThat(cache.get("pem-b", pem -> pem.toUpperCase() + parses.incrementAndGet())).isEqualTo("PEM-B2");
        assertThat(parses).hasValue(2);
    }

    @Test
    void getWhenFullThenStaysBounded() {
        ParsedCertificateCache<Integer, Integer> cache = new ParsedCertificateCache<>(4);
        for (int i = 0; i < 100; i++) {
            cache.get(i, value -> value);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(4);
    }

    @Test
    void getWhenParserFailsThenNotCached() {
        ParsedCertificateCache<String, String> cache = new ParsedCertificateCache<>(4);
        assertThatThrownBy(() -> cache.get("bad", pem -> {
            throw new IllegalArgumentException("not a certificate");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
        assertThat(cache.get("bad", pem -> "fixed")).isEqualTo("fixed");
    }
}
