package org.signet.verifier.cache;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheLifetimeTest {

    private static final Instant NEXT_UPDATE = Instant.parse("2026-12-23T22:06:54Z");

    @Test
    void atWhenNoCrlThenConfiguredTtl() {
        assertThat(CacheLifetime.of(Duration.ofMinutes(10)).at(NEXT_UPDATE)).hasValue(Duration.ofMinutes(10));
    }

    @Test
    void atWhenNextUpdateFartherThanTtlThenConfiguredTtl() {
        CacheLifetime lifetime = new CacheLifetime(Duration.ofMinutes(10), NEXT_UPDATE);

        assertThat(lifetime.at(NEXT_UPDATE.minus(Duration.ofHours(1)))).hasValue(Duration.ofMinutes(10));
    }

    @Test
    void atWhenNextUpdateSoonerThanTtlThenCappedAtNextUpdate() {
        CacheLifetime lifetime = new CacheLifetime(Duration.ofMinutes(10), NEXT_UPDATE);

        assertThat(lifetime.at(NEXT_UPDATE.minusSeconds(90))).hasValue(Duration.ofSeconds(90));
    }

    @Test
    void atWhenNextUpdatePassedThenNothingCached() {
        CacheLifetime lifetime = new CacheLifetime(Duration.ofMinutes(10), NEXT_UPDATE);

        assertThat(lifetime.at(NEXT_UPDATE)).isEmpty();
        assertThat(lifetime.at(NEXT_UPDATE.plusSeconds(1))).isEmpty();
    }

    @Test
    void putWhenTtlShorterThanConfiguredThenCaffeineEntryExpiresSooner() {
        CaffeineReportCache cache = new CaffeineReportCache(Duration.ofMinutes(10), 1024 * 1024);

        cache.put("short", new byte[] { 1 }, Duration.ofSeconds(90));
        cache.put("long", new byte[] { 2 }, Duration.ofHours(5));

        assertThat(cache.expiresAfter("short")).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(90)));
        assertThat(cache.expiresAfter("long")).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(10))
                .isGreaterThan(Duration.ofSeconds(90)));
    }
}
