package org.signet.verifier.web;

import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.verifier.ReportKind;
import org.signet.verifier.ValidationRequest;
import org.signet.verifier.ValidationResult;
import org.signet.verifier.ValidationService;
import org.signet.verifier.report.PdfReportRenderer;
import org.signet.verifier.report.ReportLanguage;
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
 * Validation API for portals and auditors: upload a signed document (and any detached originals),
 * receive the verdicts as JSON, DSS's detailed/diagnostic/ETSI XML, an HTML report, or a PDF report
 * in Vietnamese or English.
 */
@RestController
public class ValidationController {

    /** Response header telling whether the answer came from the report cache (XML/HTML reports). */
    public static final String CACHED_HEADER = "Signet-Cached";

    private final ValidationService validationService;
    private final PdfReportRenderer pdfReports;

    public ValidationController(ValidationService validationService, PdfReportRenderer pdfReports) {
        this.validationService = Objects.requireNonNull(validationService, "validationService cannot be null");
        this.pdfReports = Objects.requireNonNull(pdfReports, "pdfReports cannot be null");
    }

    @PostMapping(path = "/api/v1/validations", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<?> validate(@RequestPart("file") MultipartFile file,
            @RequestPart(name = "originals", required = false) List<MultipartFile> originals,
            @RequestParam(name = "report", required = false) String report,
            @RequestParam(name = "validationTime", required = false) String validationTime,
            @RequestParam(name = "lang", required = false) String lang,
            Principal caller) throws IOException {
        ReportLanguage language = ReportLanguage.parse(lang);
        List<ValidationRequest.Original> detached = new ArrayList<>();
        if (originals != null) {
            for (MultipartFile original : originals) {
                detached.add(new ValidationRequest.Original(original.getOriginalFilename(), original.getBytes()));
            }
        }
        ValidationRequest request = new ValidationRequest(file.getBytes(), file.getOriginalFilename(), detached,
                parseTime(validationTime), ReportKind.parse(report));
        ValidationResult result = validationService.validate(request, caller.getName());
        if (result.kind() == ReportKind.SIMPLE) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result.report());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(result.kind().mediaType()))
                .header(CACHED_HEADER, Boolean.toString(result.report().cached()))
                .header("X-Content-Type-Options", "nosniff");
        if (result.kind() == ReportKind.PDF) {
            // Rendered after the audit record was written (inside validate), from the verdicts.
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "document"
                    : file.getOriginalFilename().replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
            response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(name + "-validation-" + language.name().toLowerCase(java.util.Locale.ROOT) + ".pdf",
                            java.nio.charset.StandardCharsets.UTF_8)
                    .build().toString());
            return response.body(pdfReports.render(result.report(), language));
        }
        if (result.kind() == ReportKind.HTML) {
            // DSS's rendering needs no script; whatever the document's names contain cannot run.
            response.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        }
        return response.body(result.rendered());
    }

    /** ISO-8601 with offset ({@code 2024-01-01T00:00:00Z} or {@code +07:00}); null when absent. */
    static Instant parseTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        }
        catch (DateTimeParseException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "validationTime must be an ISO-8601 date-time "
                    + "with an offset, e.g. 2024-01-01T00:00:00Z.", ex);
        }
    }
}
