package org.signet.signer;

import java.time.Clock;
import java.util.List;

import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.signet.approval.ApprovalService;
import org.signet.approval.CitizenCredentials;
import org.signet.approval.CitizenSigner;
import org.signet.approval.SignatureActivation;
import org.signet.core.audit.AuditTrail;
import io.micrometer.observation.ObservationRegistry;
import org.signet.core.hsm.HsmConfiguration;
import org.signet.core.hsm.HsmToken;
import org.signet.core.pki.ConfiguredCrlSource;
import org.signet.core.pki.PemCertificates;
import org.signet.signer.asic.AsicDocumentSigner;
import org.signet.signer.cades.CadesDocumentSigner;
import org.signet.signer.citizen.HsmCitizenSigner;
import org.signet.signer.citizen.StoreCitizenCredentials;
import org.signet.signer.credential.CertificateImportCheck;
import org.signet.signer.credential.CredentialKeys;
import org.signet.signer.credential.CredentialRepository;
import org.signet.signer.credential.CredentialService;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.credential.DatabaseCredentialStore;
import org.signet.signer.credential.TenancyProperties;
import org.signet.signer.credential.JdbcCredentialRepository;
import org.signet.signer.credential.TokenResidentKeys;
import org.signet.signer.csc.CscController;
import org.signet.signer.csc.CscService;
import org.signet.signer.csc.InMemorySadStore;
import org.signet.signer.csc.RedisSadStore;
import org.signet.signer.csc.SadService;
import org.signet.signer.csc.SadStore;
import org.signet.signer.csc.SadStoreProperties;
import org.signet.signer.format.DssContext;
import org.signet.signer.format.FormatSigner;
import org.signet.signer.format.TwoPhaseSigning;
import org.signet.signer.jades.JadesDocumentSigner;
import org.signet.signer.longterm.HttpTspSource;
import org.signet.signer.longterm.LongTermSources;
import org.signet.signer.longterm.RevocationCheck;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.signer.web.CredentialController;
import org.signet.signer.web.ExtensionController;
import org.signet.signer.web.SignatureController;
import org.signet.signer.xades.XadesDocumentSigner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The signing role: HSM token, credentials, format signers, the document API and the operators'
 * credential API. Switched off with {@code signet.signer.enabled=false} for a verifier-only
 * deployment, which then opens no HSM.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.signer.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SignerProperties.class, TenancyProperties.class, SadStoreProperties.class })
@Import(HsmConfiguration.class)
public class SignerConfiguration {

    @Bean
    CredentialRepository credentialRepository(JdbcTemplate jdbc) {
        // Built on JdbcTemplate so that it is created after Flyway has migrated the schema.
        return new JdbcCredentialRepository(JdbcClient.create(jdbc));
    }

    @Bean
    CredentialKeys credentialKeys(HsmToken token) {
        return new TokenResidentKeys(token);
    }

    @Bean
    CredentialService credentialService(CredentialRepository repository, CredentialKeys keys, SignerProperties properties,
            AuditTrail auditTrail) {
        return new CredentialService(repository, keys,
                new CertificateImportCheck(PemCertificates.load(properties.trustAnchors())), auditTrail, Clock.systemUTC());
    }

    /** Registers the provisioned token keys (seal, officer, citizen) first, so they can sign from the start. */
    @Bean
    CredentialStore credentialStore(CredentialService credentialService, CredentialRepository repository,
            CredentialKeys keys, SignerProperties properties, TenancyProperties tenancy) {
        credentialService.registerProvisioned(properties.provisionedCredentials(),
                PemCertificates.loadFile(properties.chainFile()));
        return new DatabaseCredentialStore(repository, keys, tenancy);
    }

    /** The configured CRLs (re-read when they change), or null when none are configured. */
    static ConfiguredCrlSource crlSource(SignerProperties properties) {
        return properties.revocationData().isEmpty() ? null : new ConfiguredCrlSource(properties.revocationData());
    }

    /**
     * What every DSS service of the signer shares: a verifier with the trust anchors and the configured
     * CRLs (nothing fetched online), and the time-stamp source: the external TSA when
     * {@code signet.signer.tsa-url} is set, else Signet's own TSA (the {@link TSPSource} bean), else none
     * (then only B-B can be produced).
     */
    static DssContext dssContext(SignerProperties properties, ConfiguredCrlSource crls, TSPSource localTsa) {
        TSPSource tsp = properties.tsaUrl() != null ? new HttpTspSource(properties.tsaUrl(), properties.tsaTimeout()) : localTsa;
        return new DssContext(LongTermSources.certificateVerifier(PemCertificates.load(properties.trustAnchors()), crls),
                LongTermSources.guarded(tsp));
    }

    /** Every format signer, sharing one DSS context. */
    static List<FormatSigner> formatSigners(HsmToken token, SignerProperties properties, DssContext context) {
        TwoPhaseSigning signing = new TwoPhaseSigning(token);
        return List.of(
                new PadesDocumentSigner(context, signing, properties.displayZone()),
                new XadesDocumentSigner(context, signing),
                new CadesDocumentSigner(context, signing),
                new JadesDocumentSigner(context, signing),
                AsicDocumentSigner.withXades(context, signing),
                AsicDocumentSigner.withCades(context, signing));
    }

    @Bean
    SigningService signingService(CredentialStore credentialStore, HsmToken token, SignerProperties properties,
            AuditTrail auditTrail, ObjectProvider<TSPSource> tspSource, ObjectProvider<ObservationRegistry> observations) {
        ConfiguredCrlSource crls = crlSource(properties);
        DssContext context = dssContext(properties, crls, tspSource.getIfAvailable());
        return new SigningService(credentialStore, formatSigners(token, properties, context), auditTrail,
                new RevocationCheck(crls), context.tspSource() != null, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    ExtensionController extensionController(SigningService signingService, SignerProperties properties) {
        return new ExtensionController(signingService, properties);
    }

    @Bean
    SignatureController signatureController(SigningService signingService, SignerProperties properties) {
        return new SignatureController(signingService, properties);
    }

    @Bean
    CredentialController credentialController(CredentialService credentialService) {
        return new CredentialController(credentialService);
    }

    /**
     * Where SADs live: this JVM ({@code memory}, one instance) or Redis ({@code redis}, its own
     * connection, closed with the context), per {@code signet.signer.sad.store}.
     */
    @Bean
    SadStore sadStore(SadStoreProperties properties) {
        return properties.store() == SadStoreProperties.StoreKind.REDIS
                ? RedisSadStore.connect(properties.redisUrl(), properties.redisKeyPrefix())
                : new InMemorySadStore(Clock.systemUTC());
    }

    @Bean
    SadService sadService(SadStore sadStore, SignerProperties properties) {
        return new SadService(sadStore, Clock.systemUTC(), properties.sadLifetime());
    }

    @Bean
    CscController cscController(CredentialService credentialService, CredentialStore credentialStore, HsmToken token,
            SadService sadService, SigningService signingService, AuditTrail auditTrail, SignerProperties properties,
            ObjectProvider<ApprovalService> approvals, ObjectProvider<SignatureActivation> activation) {
        return new CscController(new CscService(credentialService, credentialStore, token, sadService, signingService,
                auditTrail, properties.maxBatchSize(), approvals.getIfAvailable(), activation.getIfAvailable()));
    }

    /** Who owns a CITIZEN credential, for the approval module (only owners can approve). */
    @Bean
    CitizenCredentials storeCitizenCredentials(CredentialStore credentialStore) {
        return new StoreCitizenCredentials(credentialStore);
    }

    /** Signs a citizen's approved digests in the HSM (called by the approval module after the SAD is consumed). */
    @Bean
    CitizenSigner hsmCitizenSigner(CredentialStore credentialStore, HsmToken token) {
        return new HsmCitizenSigner(credentialStore, token);
    }
}
