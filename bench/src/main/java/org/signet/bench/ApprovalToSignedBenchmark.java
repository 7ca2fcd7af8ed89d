package org.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
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
import org.signet.approval.ApprovalDocument;
import org.signet.approval.ApprovalProperties;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.ApprovalService;
import org.signet.approval.ApprovalStatus;
import org.signet.approval.CitizenCredentials;
import org.signet.approval.CitizenSigner;
import org.signet.approval.HashSigningCompletion;
import org.signet.approval.PendingApproval;
import org.signet.approval.Portal;
import org.signet.approval.SignatureActivation;
import org.signet.approval.store.ApprovalStore;
import org.signet.approval.store.InMemoryApprovalStore;
import org.signet.approval.store.RedisApprovalStore;
import org.signet.approval.store.RedisConnections;
import org.signet.audit.AuditRecordCodec;
import org.signet.audit.JdbcAuditTrail;
import org.signet.core.hsm.Pkcs11HsmToken;
import org.signet.core.hsm.TokenKey;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-side latency from "the citizen's approval is verified" to "SIGNED": status compare-and-set,
 * APPROVAL_GRANTED audited (H2 hash-chained log), SAD issued and consumed (atomic take), two digests
 * signed in SoftHSM with the citizen's EC key, SIGNATURE_PRODUCED audited, outcome stored. Each
 * operation also creates its request (one audited insert). The WebAuthn assertion check itself
 * (one ECDSA verification in webauthn4j) is not included. Store: memory or real Redis.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ApprovalToSignedBenchmark {

    @Param({ "memory", "redis" })
    public String store;

    private Pkcs11HsmToken token;
    private HikariDataSource dataSource;
    private LettuceConnectionFactory redis;
    private ApprovalService approvals;

    @Setup(Level.Trial)
    public void open() throws IOException {
        token = BenchHome.openToken(2);
        TokenKey citizen = token.findKey("citizen").orElseThrow();
        Path databaseDir = Files.createTempDirectory("signet-bench-approval");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + databaseDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        dataSource.setUsername("sa");
        dataSource.setMaximumPoolSize(4);
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcAuditTrail audit = new JdbcAuditTrail(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new AuditRecordCodec(), "bench",
                Clock.systemUTC());
        ApprovalStore approvalStore;
        if ("redis".equals(store)) {
            redis = RedisConnections.connect(System.getenv().getOrDefault("SIGNET_BENCH_REDIS_URL", "redis://127.0.0.1:6379"),
                    Duration.ofSeconds(2));
            approvalStore = new RedisApprovalStore(new StringRedisTemplate(redis), JsonMapper.builder().build(),
                    "signet-bench:" + UUID.randomUUID() + ":");
        } else {
            approvalStore = new InMemoryApprovalStore(Clock.systemUTC());
        }
        ApprovalProperties properties = new ApprovalProperties(ApprovalProperties.StoreKind.MEMORY, Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofDays(1), Duration.ofMinutes(1), "http://localhost:8080", "localhost", "Signet",
                List.of("http://localhost:8080"), 5, Duration.ofMinutes(15), "redis://127.0.0.1:6379", "signet:approval:",
                Duration.ofSeconds(30), List.of(), null, 1, Duration.ofSeconds(1));
        SignatureActivation activation = new SignatureActivation(approvalStore, audit, JsonMapper.builder().build(),
                properties.sadTtl());
        CitizenSigner signer = (credentialId, algorithm, digests) -> digests.stream()
                .map(d -> token.signDigest(citizen, new Digest(DigestAlgorithm.SHA256, d)).getValue()).toList();
        ApprovalService[] service = new ApprovalService[1];
        HashSigningCompletion completion = new HashSigningCompletion(activation, provider(signer), provider(service), audit);
        CitizenCredentials citizens = id -> Optional.of(new org.signet.approval.CitizenCredential(id, "citizen-001", "portal"));
        service[0] = new ApprovalService(approvalStore, citizens, activation, List.of(completion), audit, properties,
                Clock.systemUTC());
        approvals = service[0];
    }

    private static <T> ObjectProvider<T> provider(T value) {
        return provider(() -> value);
    }

    private static <T> ObjectProvider<T> provider(T[] holder) {
        return provider(() -> holder[0]);
    }

    private static <T> ObjectProvider<T> provider(java.util.function.Supplier<T> value) {
        return new ObjectProvider<>() {
            @Override
            public T getObject() {
                return value.get();
            }

            @Override
            public T getIfAvailable() {
                return value.get();
            }
        };
    }

    @TearDown(Level.Trial)
    public void close() {
        if (redis != null) {
            redis.destroy();
        }
        dataSource.close();
        token.close();
    }

    @Benchmark
    public ApprovalRequest approveToSigned() {
        byte[] one = new byte[32];
        byte[] two = new byte[32];
        ThreadLocalRandom.current().nextBytes(one);
        ThreadLocalRandom.current().nextBytes(two);
        PendingApproval pending = approvals.request(Portal.of("portal"), "citizen", "SHA-256",
                List.of(ApprovalDocument.of("a.pdf", 1000, one), ApprovalDocument.of("b.pdf", 2000, two)));
        String token = pending.approvalLink().substring(pending.approvalLink().indexOf('#') + 1);
        ApprovalRequest done = approvals.approve(approvals.open(token), "passkey");
        if (done.status() != ApprovalStatus.SIGNED) {
            throw new IllegalStateException("not signed: " + done.status() + " " + done.reason());
        }
        return done;
    }
}
