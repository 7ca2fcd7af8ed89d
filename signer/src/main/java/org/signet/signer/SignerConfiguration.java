package org.signet.signer;

import java.util.HashSet;

import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmConfiguration;
import org.signet.core.hsm.HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.signer.web.SignatureController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The signing role: HSM token, credentials, format signers and the document API. Switched off with
 * {@code signet.signer.enabled=false} for a verifier-only deployment, which then opens no HSM.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "signet.signer.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SignerProperties.class)
@Import(HsmConfiguration.class)
public class SignerConfiguration {

    @Bean
    CredentialStore credentialStore(HsmToken token, SignerProperties properties) {
        return new TokenCredentialStore(token, new HashSet<>(properties.documentCredentials()),
                PemCertificates.loadFile(properties.chainFile()));
    }

    @Bean
    PadesDocumentSigner padesDocumentSigner(HsmToken token) {
        // B-B needs no revocation or trust sources; one verifier instance serves every request.
        return new PadesDocumentSigner(new CommonCertificateVerifier(), token);
    }

    @Bean
    SigningService signingService(CredentialStore credentialStore, PadesDocumentSigner padesDocumentSigner,
            AuditTrail auditTrail) {
        return new SigningService(credentialStore, padesDocumentSigner, auditTrail);
    }

    @Bean
    SignatureController signatureController(SigningService signingService, SignerProperties properties) {
        return new SignatureController(signingService, properties);
    }
}
