package org.signet.tsa;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.core.test.TestDatabases;
import org.signet.core.test.TestDatabases.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Serial blocks on the real databases: unique across instances, across block ends and across the upgrade. */
class DatabaseSerialNumberSourceTest {

    @TempDir
    static Path tempDir;

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(tempDir.resolve("h2-" + System.nanoTime())), TestDatabases.postgresSchema());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void nextFromTwoInstancesConcurrentlyAcrossBlocksThenNeverRepeatsAndIncreasesPerInstance(TestDatabase database)
            throws Exception {
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        List<DatabaseSerialNumberSource> instances = List.of(new DatabaseSerialNumberSource(jdbc),
                new DatabaseSerialNumberSource(jdbc));
        int perInstance = DatabaseSerialNumberSource.BLOCK_SIZE * 2 + 7;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<BigInteger>>> runs = new ArrayList<>();
            for (DatabaseSerialNumberSource instance : instances) {
                runs.add(pool.submit(() -> {
                    List<BigInteger> serials = new ArrayList<>();
                    for (int i = 0; i < perInstance; i++) {
                        serials.add(instance.next());
                    }
                    return serials;
                }));
            }
            Set<BigInteger> seen = new HashSet<>();
            for (Future<List<BigInteger>> run : runs) {
                List<BigInteger> serials = run.get();
                assertThat(serials).isSorted().doesNotHaveDuplicates();
                for (BigInteger serial : serials) {
                    assertThat(seen.add(serial)).as("serial %s repeated", serial).isTrue();
                }
            }
            assertThat(seen).hasSize(perInstance * 2);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void nextAfterUpgradeWhileAnOldInstanceStillTakesOneValuePerTokenThenNeverRepeats(TestDatabase database) {
        // Before V301 every token took its own nextval; those serials, and the ones an instance still
        // running that code takes during a rolling upgrade, must never fall into a block.
        Flyway.configure().dataSource(database.dataSource()).target(MigrationVersion.fromVersion("300")).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        Set<Long> issued = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            issued.add(oldCodeSerial(jdbc));
        }
        Flyway.configure().dataSource(database.dataSource()).load().migrate();

        DatabaseSerialNumberSource upgraded = new DatabaseSerialNumberSource(jdbc);
        Set<Long> fromBlocks = new HashSet<>();
        for (int i = 0; i < DatabaseSerialNumberSource.BLOCK_SIZE * 3; i++) {
            fromBlocks.add(upgraded.next().longValueExact());
            if (i % 400 == 0) {
                issued.add(oldCodeSerial(jdbc));
            }
        }
        assertThat(fromBlocks).hasSize(DatabaseSerialNumberSource.BLOCK_SIZE * 3).doesNotContainAnyElementsOf(issued);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void migratedSequenceStepsByTheBlockSize(TestDatabase database) {
        Flyway.configure().dataSource(database.dataSource()).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        long first = oldCodeSerial(jdbc);
        long second = oldCodeSerial(jdbc);
        assertThat(second - first).isEqualTo(DatabaseSerialNumberSource.BLOCK_SIZE);
    }

    private static long oldCodeSerial(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT nextval('tsa_serial')", Long.class);
    }
}
