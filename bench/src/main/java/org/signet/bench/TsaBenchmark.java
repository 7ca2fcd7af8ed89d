package org.signet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.tsa.DatabaseSerialNumberSource;
import org.signet.tsa.TimeStampAuthority;
import org.signet.tsa.TsaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * RFC 3161 tokens per second from the in-process TSA, everything included that a real request
 * pays: request parsing, serial from the database sequence, signing in the HSM (RSA-2048 tsa key),
 * the audit record committed to the embedded H2 log, response encoding. Compare with
 * {@link Pkcs11SignBenchmark} on an RSA-2048 key in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TsaBenchmark {

    /** Sessions and signer threads of the token (the appliance's {@code signet.hsm.max-sessions}). */
    @Param({ "2" })
    public int maxSessions;

    private Pkcs11HsmToken token;
    private TimeStampAuthority authority;
    private Path databaseDir;
    private HikariDataSource dataSource;

    @Setup(Level.Trial)
    public void open() throws IOException {
        token = BenchHome.openToken(maxSessions);
        databaseDir = Files.createTempDirectory("signet-bench-tsa");
        // Pooled, as in the application (Hikari): an unpooled H2 file database reopens on every connection.
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + databaseDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        dataSource.setUsername("sa");
        dataSource.setMaximumPoolSize(4);
        this.dataSource = dataSource;
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcAuditTrail audit = new JdbcAuditTrail(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new AuditRecordCodec(), "bench",
                Clock.systemUTC());
        Path chain = BenchHome.path().resolve("pki/chain.pem");
        TsaProperties properties = new TsaProperties("tsa", chain, "0.4.0.2023.1.1", Duration.ofSeconds(1),
                List.of("SHA256", "SHA384", "SHA512"));
        authority = new TimeStampAuthority(token, properties, PemCertificates.loadFile(chain),
                new DatabaseSerialNumberSource(new JdbcTemplate(dataSource)), audit, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() {
        dataSource.close();
        token.close();
    }

    @Benchmark
    public byte[] timestamp() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        try {
            return authority.respond(generator.generate(TSPAlgorithms.SHA256, digest,
                    BigInteger.valueOf(ThreadLocalRandom.current().nextLong())).getEncoded(), "bench");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
