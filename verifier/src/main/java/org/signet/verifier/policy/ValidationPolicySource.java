package org.signet.verifier.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;

/**
 * The validation policy in force and its version. The version is the SHA-256 of the policy XML, so
 * editing the policy changes every cache key and an old verdict is never served under a new policy.
 *
 * @param policy  the parsed DSS policy (parsed once: DSS would otherwise re-read it per document)
 * @param version {@code sha256:} and the first 16 hex digits of the policy file's digest
 * @param name    where the policy came from (file path or the shipped resource)
 */
public record ValidationPolicySource(ValidationPolicy policy, String version, String name) {

    /** Signet's shipped policy: DSS default with PDF modification checks raised to FAIL. */
    public static final String SHIPPED = "policy/signet-strict-pdf.xml";

    /** Loads the configured policy file, or the shipped one when {@code file} is null. */
    public static ValidationPolicySource load(Path file) {
        byte[] xml;
        String name;
        try {
            if (file == null) {
                try (InputStream in = ValidationPolicySource.class.getClassLoader().getResourceAsStream(SHIPPED)) {
                    if (in == null) {
                        throw new IllegalStateException("Shipped validation policy " + SHIPPED + " is missing");
                    }
                    xml = in.readAllBytes();
                }
                name = "classpath:" + SHIPPED;
            }
            else {
                xml = Files.readAllBytes(file);
                name = file.toString();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read validation policy " + (file == null ? SHIPPED : file), ex);
        }
        ValidationPolicy policy = ValidationPolicyLoader.fromValidationPolicy(new InMemoryDocument(xml)).create();
        return new ValidationPolicySource(policy, "sha256:" + HexFormat.of().formatHex(sha256(xml)).substring(0, 16), name);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
