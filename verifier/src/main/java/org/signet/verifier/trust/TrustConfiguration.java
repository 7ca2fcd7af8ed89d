package org.signet.verifier.trust;

import java.nio.file.Path;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import org.signet.core.pki.PemCertificates;
import org.signet.verifier.VerifierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one {@link CertificateVerifier} the verifier uses: the configured trust anchors and
 * CRLs, and nothing fetched from the network (no AIA, no online OCSP/CRL), so that a verdict depends
 * only on the document and the configuration.
 */
public final class TrustConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrustConfiguration.class);

    private TrustConfiguration() {
    }

    public static CertificateVerifier certificateVerifier(VerifierProperties properties) {
        List<CertificateToken> anchors = PemCertificates.load(properties.trustAnchors());
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        anchors.forEach(trusted::addCertificate);

        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        List<Path> crlFiles = properties.revocationData();
        if (crlFiles.isEmpty()) {
            verifier.setCrlSource(null);
        }
        else {
            DSSDocument[] documents = crlFiles.stream().map(p -> new FileDocument(p.toFile())).toArray(DSSDocument[]::new);
            verifier.setCrlSource(new ConfiguredCrlSource(new ExternalResourcesCRLSource(documents)));
        }
        log.info("Verifier trusts {} anchor(s) and has {} CRL file(s)", anchors.size(), crlFiles.size());
        return verifier;
    }
}
