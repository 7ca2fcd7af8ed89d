package org.signet.verifier.trust;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import org.signet.core.pki.ConfiguredCrlSource;
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

    /**
     * A digest of every configured trust anchor and CRL file (names and contents), so that a cached
     * verdict is never served after the trust configuration changed.
     */
    public static String version(VerifierProperties properties) {
        MessageDigest digest = sha256();
        List<Path> files = new ArrayList<>();
        for (Path configured : properties.trustAnchors()) {
            files.addAll(regularFiles(configured));
        }
        properties.revocationData().forEach(p -> files.addAll(regularFiles(p)));
        for (Path file : files) {
            try {
                digest.update(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot read trust configuration file " + file, ex);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /**
     * The earliest nextUpdate among the configured CRL files (PEM or DER), or null when there is no
     * CRL or none announces one. Cached verdicts must not outlive it.
     */
    public static Instant earliestCrlNextUpdate(VerifierProperties properties) {
        Instant earliest = null;
        for (Path configured : properties.revocationData()) {
            for (Path file : regularFiles(configured)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                        Date next = crl instanceof X509CRL x509 ? x509.getNextUpdate() : null;
                        if (next != null && (earliest == null || next.toInstant().isBefore(earliest))) {
                            earliest = next.toInstant();
                        }
                    }
                }
                catch (IOException ex) {
                    throw new UncheckedIOException("Cannot read CRL file " + file, ex);
                }
                catch (CRLException | CertificateException ex) {
                    throw new IllegalStateException("Cannot parse CRL file " + file, ex);
                }
            }
        }
        return earliest;
    }

    private static List<Path> regularFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.filter(Files::isRegularFile).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list trust directory " + path, ex);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
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
            verifier.setCrlSource(new ConfiguredCrlSource(crlFiles));
        }
        log.info("Verifier trusts {} anchor(s) and has {} CRL file(s)", anchors.size(), crlFiles.size());
        return verifier;
    }
}
