package org.signet.signer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import eu.europa.esig.dss.model.DSSDocument;
import jakarta.servlet.http.HttpServletRequest;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.BaselineLevel;
import org.signet.signer.BatchItemResult;
import org.signet.signer.Caller;
import org.signet.signer.DossierMetadata;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignatureRequest;
import org.signet.signer.SignedDocument;
import org.signet.signer.SignerProperties;
import org.signet.signer.SigningService;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.VisibleSignature;
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
 * The portal-facing document signing API: upload documents, receive them signed. One call signs
 * one document (or one ASiC-E container of several); the batch call signs each document on its own
 * and reports per document.
 */
@RestController
public class SignatureController {


    private final SigningService signingService;
    private final SignerProperties properties;

    public SignatureController(SigningService signingService, SignerProperties properties) {
        this.signingService = Objects.requireNonNull(signingService, "signingService cannot be null");
        this.properties = Objects.requireNonNull(properties, "properties cannot be null");
    }

    /** Sign parameters shared by the single and the batch endpoint (bound from the form fields). */
    public record SignParameters(String credential, String format, String level, String packaging, String reason,
            String location, Boolean visible, Integer page, Float x, Float y, Float width, Float height,
            String dossierId, String procedureCode, String agency) {
    }

    @PostMapping(path = "/api/v1/signatures", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<InputStreamResource> sign(@RequestPart("file") List<MultipartFile> files,
            @RequestPart(name = "image", required = false) MultipartFile image,
            SignParameters parameters, HttpServletRequest http) {
        String requestId = UUID.randomUUID().toString();
        List<Path> temporary = new ArrayList<>();
        SignedDocument signed;
        try {
            signed = signingService.sign(request(documents(files, temporary), image, parameters, Callers.of(http),
                    requestId, temporary, SignatureFormat.PADES));
        }
        catch (RuntimeException ex) {
            Uploads.deleteAll(temporary);
            throw ex;
        }
        return answer(signed, temporary, requestId);
    }

    /**
     * The same signature with the document as the raw request body and the form's fields as query
     * parameters: the body is streamed to the upload file in large blocks and hashed on the way,
     * without a multipart parser scanning every byte for a boundary (the bound of the large-PDF round
     * trip, see docs/benchmarks.md). The format defaults from the content type; no image part.
     */
    @PostMapping(path = "/api/v1/signatures", consumes = { MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_XML_VALUE,
            MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_JSON_VALUE })
    public ResponseEntity<InputStreamResource> signBody(@RequestParam(name = "fileName", required = false) String fileName,
            SignParameters parameters, HttpServletRequest http) {
        String requestId = UUID.randomUUID().toString();
        MediaType type = MediaType.parseMediaType(http.getContentType());
        SignatureFormat defaultFormat = MediaType.APPLICATION_PDF.isCompatibleWith(type) ? SignatureFormat.PADES
                : MediaType.APPLICATION_JSON.isCompatibleWith(type) ? SignatureFormat.JADES : SignatureFormat.XADES;
        String name = isBlank(fileName) ? "document." + switch (defaultFormat) {
            case PADES -> "pdf";
            case JADES -> "json";
            default -> "xml";
        } : fileName;
        List<Path> temporary = new ArrayList<>();
        SignedDocument signed;
        try {
            DSSDocument document = Uploads.fromBody(body(http), http.getContentLengthLong(), name,
                    properties.maxDocumentSize(), temporary);
            signed = signingService.sign(request(List.of(document), null, parameters, Callers.of(http), requestId,
                    temporary, defaultFormat));
        }
        catch (RuntimeException ex) {
            Uploads.deleteAll(temporary);
            throw ex;
        }
        return answer(signed, temporary, requestId);
    }

    private static InputStream body(HttpServletRequest http) {
        try {
            return http.getInputStream();
        }
        catch (IOException ex) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The request body cannot be read.");
        }
    }

    private static ResponseEntity<InputStreamResource> answer(SignedDocument signed, List<Path> temporary, String requestId) {
        // Written on this thread; closing the stream releases the result and deletes temporary files.
        InputStreamResource body = SignedDocumentStream.resource(signed, temporary);
        return ResponseEntity.ok()
                .header("X-Request-Id", requestId)
                .contentType(MediaType.parseMediaType(signed.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(signed.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    /** One result per uploaded file, in upload order; see docs/api.md. */
    public record BatchResponse(String requestId, String credential, String format, String level, int signed,
            int failed, List<BatchItem> items) {
    }

    /** A signed item carries its bytes (base64); a failed one carries an RFC 9457-shaped problem. */
    public record BatchItem(int index, String fileName, String requestId, String status, String contentType,
            String signedFileName, String content, ItemProblem problem) {
    }

    public record ItemProblem(String type, String title, int status, String detail) {
    }

    @PostMapping(path = "/api/v1/signatures/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BatchResponse> signBatch(@RequestPart("file") List<MultipartFile> files,
            @RequestPart(name = "image", required = false) MultipartFile image,
            SignParameters parameters, HttpServletRequest http) {
        String requestId = UUID.randomUUID().toString();
        List<Path> temporary = new ArrayList<>();
        List<BatchItemResult> results;
        List<BatchItem> items;
        SignatureRequest template;
        try {
            template = request(documents(files, temporary), image, parameters, Callers.of(http), requestId, temporary,
                    SignatureFormat.PADES);
            results = signingService.signEach(template);
            items = results.stream().map(SignatureController::item).toList();
        }
        finally {
            Uploads.deleteAll(temporary);
        }
        int signed = (int) results.stream().filter(BatchItemResult::succeeded).count();
        return ResponseEntity.ok()
                .header("X-Request-Id", requestId)
                .body(new BatchResponse(requestId, template.credentialId(), template.format().apiName(),
                        template.level().apiName(), signed, results.size() - signed, items));
    }

    private static BatchItem item(BatchItemResult result) {
        if (result.succeeded()) {
            SignedDocument signed = result.signed();
            try {
                return new BatchItem(result.index(), result.fileName(), result.requestId(), "SIGNED", signed.mediaType(),
                        signed.fileName(), Base64.getEncoder().encodeToString(bytes(signed.document())), null);
            }
            finally {
                signed.release().run();
            }
        }
        ProblemType type = result.problem();
        return new BatchItem(result.index(), result.fileName(), result.requestId(), "FAILED", null, null, null,
                new ItemProblem(type.type().toString(), type.title(), type.status().value(), result.detail()));
    }

    private List<DSSDocument> documents(List<MultipartFile> files, List<Path> temporary) {
        if (files == null || files.isEmpty()) {
            throw new SignetException(ProblemType.BAD_REQUEST, "No file to sign.");
        }
        if (files.size() > properties.maxBatchSize()) {
            throw new SignetException(ProblemType.PAYLOAD_TOO_LARGE, "At most " + properties.maxBatchSize()
                    + " files per request (signet.signer.max-batch-size); this request has " + files.size() + ".");
        }
        List<DSSDocument> documents = new ArrayList<>();
        for (MultipartFile file : files) {
            documents.add(document(file, temporary));
        }
        return documents;
    }

    private SignatureRequest request(List<DSSDocument> documents, MultipartFile image, SignParameters p, Caller caller,
            String requestId, List<Path> temporary, SignatureFormat defaultFormat) {
        SignatureFormat format = SignatureFormat.fromApiName(blankTo(p.format(), defaultFormat.apiName()));
        BaselineLevel level = BaselineLevel.fromApiName(blankTo(p.level(), BaselineLevel.B_B.apiName()));
        Packaging packaging = isBlank(p.packaging()) ? null : Packaging.fromApiName(p.packaging());
        VisibleSignature visible = null;
        if (Boolean.TRUE.equals(p.visible()) || (image != null && !image.isEmpty())) {
            DSSDocument picture = image == null || image.isEmpty() ? null : document(image, temporary);
            VisibleSignature box = VisibleSignature.defaultBox(picture);
            visible = new VisibleSignature(p.page() == null ? box.page() : p.page(), p.x() == null ? box.x() : p.x(),
                    p.y() == null ? box.y() : p.y(), p.width() == null ? box.width() : p.width(),
                    p.height() == null ? box.height() : p.height(), picture);
        }
        return new SignatureRequest(documents, blankTo(p.credential(), properties.defaultCredential()), format, level,
                packaging, p.reason(), p.location(), visible,
                new DossierMetadata(p.dossierId(), p.procedureCode(), p.agency()), caller, requestId);
    }

    private DSSDocument document(MultipartFile file, List<Path> temporary) {
        return Uploads.toDocument(file, properties.maxDocumentSize(), temporary);
    }


    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankTo(String value, String fallback) {
        return isBlank(value) ? fallback : value;
    }

    private static byte[] bytes(DSSDocument document) {
        try (InputStream in = document.openStream()) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
