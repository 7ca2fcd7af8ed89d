package org.signet.signer;

import java.util.HashSet;
import java.util.List;

import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmConfiguration;
import org.signet.core.hsm.HsmToken;
import org.signet.core.pki.PemCertificates;
import org.signet.signer.asic.AsicDocumentSigner;
import org.signet.signer.cades.CadesDocumentSigner;
import org.signet.signer.credential.CredentialStore;
import org.signet.signer.credential.TokenCredentialStore;
import org.signet.signer.format.DssContext;
import org.signet.signer.format.FormatSigner;
import org.signet.signer.format.TwoPhaseSigning;
import org.signet.signer.jades.JadesDocumentSigner;
import org.signet.signer.pades.PadesDocumentSigner;
import org.signet.signer.web.SignatureController;
import org.signet.signer.xades.XadesDocumentSigner;
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

    /** Every format signer; B-B needs no revocation or trust sources, so one verifier serves all. */
    static List<FormatSigner> formatSigners(HsmToken token, SignerProperties properties) {
        // The TSA issue plugs its TSPSource in here (second argument) to add the T/LT/LTA levels.
        DssContext context = new DssContext(new CommonCertificateVerifier(), null);
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
            AuditTrail auditTrail) {
        return new SigningService(credentialStore, formatSigners(token, properties), auditTrail);
    }

    @Bean
    SignatureController signatureController(SigningService signingService, SignerProperties properties) {
        return new SignatureController(signingService, properties);
    }
}
