package org.signet.core.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.model.x509.CertificateToken;

/** Reads certificates from PEM (or DER) files and directories of them, as operators provide them. */
public final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * Every certificate in the given files; a directory contributes each {@code .pem}, {@code .crt}
     * and {@code .cer} file in it.
     */
    public static List<CertificateToken> load(List<Path> locations) {
        List<CertificateToken> certificates = new ArrayList<>();
        for (Path location : locations) {
            for (Path file : expand(location)) {
                certificates.addAll(loadFile(file));
            }
        }
        return certificates;
    }

    /** Every certificate in one file, in file order. */
    public static List<CertificateToken> loadFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<CertificateToken> tokens = new ArrayList<>();
            for (var certificate : factory.generateCertificates(in)) {
                tokens.add(new CertificateToken((X509Certificate) certificate));
            }
            if (tokens.isEmpty()) {
                throw new IllegalStateException("No certificate in " + file);
            }
            return tokens;
        }
        catch (IOException | CertificateException ex) {
            throw new IllegalStateException("Cannot read certificates from " + file + ": " + ex.getMessage(), ex);
        }
    }

    static List<Path> expand(Path location) {
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (var files = Files.list(location)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(pem|crt|cer)$")).sorted().toList();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot list " + location + ": " + ex.getMessage(), ex);
        }
    }
}
