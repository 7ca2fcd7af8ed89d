package org.signet.signer.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import eu.europa.esig.dss.model.DSSDocument;
import jakarta.servlet.http.HttpServletRequest;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.BaselineLevel;
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

/**
 * Raises already signed documents to a long-term level: a B-B signature made earlier (by Signet or
 * anyone) gets its signature time-stamp, validation data and/or archive time-stamp now. Uses no
 * signing key; the format is recognised from the content.
 */
@RestController
public class ExtensionController {


    private final SigningService signingService;
    private final SignerProperties properties;

    public ExtensionController(SigningService signingService, SignerProperties properties) {
        this.signingService = Objects.requireNonNull(signingService, "signingService cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
    }

    @PostMapping(path = "/api/v1/signatures/extensions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<InputStreamResource> extend(@RequestPart("file") MultipartFile file,
            @RequestPart(name = "originals", required = false) List<MultipartFile> originals,
            @RequestParam(name = "level", required = false) String level, HttpServletRequest http) {
        String requestId = UUID.randomUUID().toString();
        List<Path> temporary = new ArrayList<>();
        SignedDocument extended;
        try {
            if (level == null || level.isBlank()) {
                throw new SignetException(ProblemType.BAD_REQUEST, "The target level is missing (level=T, LT or LTA).");
            }
            BaselineLevel target = BaselineLevel.extensionTarget(level);
            if (originals != null && originals.size() > properties.maxBatchSize()) {
                throw new SignetException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + properties.maxBatchSize()
                        + " original files (signet.signer.max-batch-size).");
            }
            DSSDocument signed = document(file, temporary);
            List<DSSDocument> detached = new ArrayList<>();
            if (originals != null) {
                for (MultipartFile original : originals) {
                    detached.add(document(original, temporary));
                }
            }
            extended = signingService.extend(signed, detached, target, Callers.of(http).subject(), requestId);
        }
        catch (RuntimeException ex) {
            Uploads.deleteAll(temporary);
            throw ex;
        }
        // Written on this thread; closing the stream releases the result and deletes temporary files.
        InputStreamResource body = SignedDocumentStream.resource(extended, temporary);
        return ResponseEntity.ok()
                .header("X-Request-Id", requestId)
                .contentType(MediaType.parseMediaType(extended.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(extended.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    private DSSDocument document(MultipartFile file, List<Path> temporary) {
        if (file == null || file.isEmpty()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The uploaded file is empty.");
        }
        return Uploads.toDocument(file, properties.maxDocumentSize(), temporary);
    }

}
