package org.signet.core.pki.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes CA certificates and CRLs at the URLs written into certificates (AIA caIssuers, CRL
 * distribution points), so relying parties and DSS can fetch revocation data. Only names made of
 * lower-case letters, digits and dashes are served, and only from the publication folder.
 */
@RestController
public class PkiPublicationController {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final Path directory;

    public PkiPublicationController(PkiPublicationProperties properties) {
        this.directory = Objects.requireNonNull(properties, "properties cannot be null").directory().toAbsolutePath().normalize();
    }

    @GetMapping(path = "/pki/{name}.cer", produces = "application/pkix-cert")
    public ResponseEntity<byte[]> certificate(@PathVariable String name) throws IOException {
        return serve(Path.of(name + ".cer"), name, "application/pkix-cert");
    }

    @GetMapping(path = "/pki/crl/{name}.crl", produces = "application/pkix-crl")
    public ResponseEntity<byte[]> crl(@PathVariable String name) throws IOException {
        return serve(Path.of("crl", name + ".crl"), name, "application/pkix-crl");
    }

    private ResponseEntity<byte[]> serve(Path relative, String name, String mediaType) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new SignetException(ProblemType.NOT_FOUND, "No such published object.");
        }
        Path file = directory.resolve(relative).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            throw new SignetException(ProblemType.NOT_FOUND, "No such published object.");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(mediaType)).body(Files.readAllBytes(file));
    }
}
