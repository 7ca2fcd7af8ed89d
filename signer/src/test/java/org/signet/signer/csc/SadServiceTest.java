package org.signet.signer.csc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SADs in both stores (memory, real Redis): single use, bound to credential, caller and hashes, and they expire. */
class SadServiceTest {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final List<String> HASHES = List.of("bbbb", "aaaa");

    @AfterAll
    static void closeRedis() {
        REDIS.forEach(RedisSadStore::close);
        PREFIXES.forEach(TestRedisSad::deleteKeys);
    }

    private static final List<RedisSadStore> REDIS = new CopyOnWriteArrayList<>();
    private static final List<String> PREFIXES = new CopyOnWriteArrayList<>();

    /** Both stores: this JVM's map and the real Redis (random key prefix, removed afterwards). */
    static Stream<Named<SadStore>> stores() {
        String prefix = TestRedisSad.prefix();
        PREFIXES.add(prefix);
        RedisSadStore redis = TestRedisSad.store(prefix);
        REDIS.add(redis);
        return Stream.of(Named.of("memory", new InMemorySadStore(Clock.systemUTC())), Named.of("redis", redis));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void redeemWhenSameUseThenOnceOnly(SadStore store) {
        SadService sads = new SadService(store, Clock.systemUTC(), Duration.ofMinutes(5));
        SadService.Issued issued = sads.issue("seal", "portal-1", SHA256, HASHES);
        assertThat(issued.expiresIn()).isEqualTo(300);
        sads.redeem(issued.sad(), "seal", "portal-1", SHA256, List.of("aaaa", "bbbb"));
        assertThatThrownBy(() -> sads.redeem(issued.sad(), "seal", "portal-1", SHA256, HASHES))
                .isInstanceOf(CscException.class).hasMessageContaining("already used");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void redeemWhenOtherCallerCredentialOrHashesThenRefused(SadStore store) {
        SadService sads = new SadService(store, Clock.systemUTC(), Duration.ofMinutes(5));
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "seal", "portal-2", SHA256,
                HASHES)).isInstanceOf(CscException.class).hasMessageContaining("caller");
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "officer", "portal-1",
                SHA256, HASHES)).isInstanceOf(CscException.class);
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "seal", "portal-1", SHA256,
                List.of("aaaa"))).isInstanceOf(CscException.class).hasMessageContaining("hashes");
        assertThatThrownBy(() -> sads.redeem("made-up", "seal", "portal-1", SHA256, HASHES)).isInstanceOf(CscException.class);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void redeemWhenExpiredThenRefused(SadStore store) {
        Instant issuedAt = Instant.now();
        String sad = new SadService(store, Clock.fixed(issuedAt, ZoneOffset.UTC), Duration.ofMinutes(5))
                .issue("seal", "portal-1", SHA256, HASHES).sad();
        SadService later = new SadService(store, Clock.fixed(issuedAt.plus(Duration.ofMinutes(6)), ZoneOffset.UTC),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> later.redeem(sad, "seal", "portal-1", SHA256, HASHES))
                .isInstanceOf(CscException.class).hasMessageContaining("expired");
    }
}
