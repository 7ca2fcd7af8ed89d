package org.signet.signer.csc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SADs on real databases: single use, bound to credential, caller and hashes, and they expire. */
class SadServiceTest {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final List<String> HASHES = List.of("bbbb", "aaaa");

    static Stream<TestDatabase> databases() throws Exception {
        return Stream.of(TestDatabases.h2(Files.createTempDirectory("signet-sad")), TestDatabases.postgresSchema());
    }

    private static SadStore store(TestDatabase database) {
        DataSource dataSource = database.dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new JdbcSadStore(JdbcClient.create(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void redeemWhenSameUseThenOnceOnly(TestDatabase database) {
        SadService sads = new SadService(store(database), Clock.systemUTC(), Duration.ofMinutes(5));
        SadService.Issued issued = sads.issue("seal", "portal-1", SHA256, HASHES);
        assertThat(issued.expiresIn()).isEqualTo(300);
        sads.redeem(issued.sad(), "seal", "portal-1", SHA256, List.of("aaaa", "bbbb"));
        assertThatThrownBy(() -> sads.redeem(issued.sad(), "seal", "portal-1", SHA256, HASHES))
                .isInstanceOf(CscException.class).hasMessageContaining("already used");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void redeemWhenOtherCallerCredentialOrHashesThenRefused(TestDatabase database) {
        SadService sads = new SadService(store(database), Clock.systemUTC(), Duration.ofMinutes(5));
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "seal", "portal-2", SHA256,
                HASHES)).isInstanceOf(CscException.class).hasMessageContaining("caller");
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "officer", "portal-1",
                SHA256, HASHES)).isInstanceOf(CscException.class);
        assertThatThrownBy(() -> sads.redeem(sads.issue("seal", "portal-1", SHA256, HASHES).sad(), "seal", "portal-1", SHA256,
                List.of("aaaa"))).isInstanceOf(CscException.class).hasMessageContaining("hashes");
        assertThatThrownBy(() -> sads.redeem("made-up", "seal", "portal-1", SHA256, HASHES)).isInstanceOf(CscException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void redeemWhenExpiredThenRefused(TestDatabase database) {
        SadStore store = store(database);
        Instant issuedAt = Instant.now();
        String sad = new SadService(store, Clock.fixed(issuedAt, ZoneOffset.UTC), Duration.ofMinutes(5))
                .issue("seal", "portal-1", SHA256, HASHES).sad();
        SadService later = new SadService(store, Clock.fixed(issuedAt.plus(Duration.ofMinutes(6)), ZoneOffset.UTC),
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> later.redeem(sad, "seal", "portal-1", SHA256, HASHES))
                .isInstanceOf(CscException.class).hasMessageContaining("expired");
    }
}
