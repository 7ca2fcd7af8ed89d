package org.signet.signer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.UUID;
import java.util.Objects;

import org.signet.signer.BaselineLevel;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignatureRequest;
import org.signet.signer.SignedDocument;
import org.signet.signer.SignerProperties;
import org.signet.signer.SigningService;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The portal-facing document signing API: upload a document, receive it signed. */
@RestController
public class SignatureController {

    private final SigningService signingService;
    private final SignerProperties properties;

    public SignatureController(SigningService signingService, SignerProperties properties) {
        this.signingService = Objects.requireNonNull(signingService, "signingService cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
    }

    @PostMapping(path = "/api/v1/signatures", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<InputStreamResource> sign(@RequestPart("file") MultipartFile file,
            @RequestParam(name = "credential", required = false) String credential,
            @RequestParam(name = "format", defaultValue = "PAdES") String format,
            @RequestParam(name = "level", defaultValue = "B-B") String level, Principal caller) throws IOException {
        String requestId = UUID.randomUUID().toString();
        SignatureRequest request = new SignatureRequest(file.getBytes(), file.getOriginalFilename(),
                credential == null || credential.isBlank() ? properties.defaultCredential() : credential,
                SignatureFormat.fromApiName(format), BaselineLevel.fromApiName(level), caller.getName(), requestId);
        SignedDocument signed = signingService.sign(request);
        return ResponseEntity.ok()
                .header("X-Request-Id", requestId)
                .contentType(MediaType.parseMediaType(signed.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(signed.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(new InputStreamResource(open(signed)));
    }

    private static InputStream open(SignedDocument signed) {
        try {
            return signed.document().openStream();
        }
        catch (RuntimeException ex) {
            throw new UncheckedIOException(new IOException("Cannot read the signed document", ex));
        }
    }
}
