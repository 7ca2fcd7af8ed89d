package org.signet.audit.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;

import org.signet.audit.AuditQuery;
import org.signet.audit.AuditRecord;
import org.signet.audit.AuditorService;
import org.signet.audit.checkpoint.AuditCheckpoint;
import org.signet.audit.export.AuditExporter;
import org.signet.audit.export.ExportLines;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The auditors' API ({@code /api/v1/audit}, role {@code auditor}): records by time, credential,
 * request or document, checkpoints, inclusion proofs and exports (JSON lines) that the offline CLI
 * verifies.
 */
@RestController
public class AuditController {

    /** Media type of exports: one JSON object per line. */
    public static final String JSON_LINES = "application/x-ndjson";

    private final AuditorService auditor;
    private final ExportLines lines;

    public AuditController(AuditorService auditor, ExportLines lines) {
        this.auditor = Objects.requireNonNull(auditor, "auditor cannot be null");
        this.lines = Objects.requireNonNull(lines, "lines cannot be null");
    }

    @GetMapping(path = "/api/v1/audit/records", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode records(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String credential, @RequestParam(required = false) String requestId,
            @RequestParam(required = false) String documentDigest, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        List<AuditRecord> found = auditor.find(new AuditQuery.Filter(instant("from", from), instant("to", to),
                blankToNull(credential), blankToNull(requestId), blankToNull(documentDigest), after, limit));
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        ArrayNode records = page.putArray("records");
        found.forEach(record -> records.add(recordNode(record)));
        if (found.size() == limit) {
            page.put("next", found.get(found.size() - 1).seq());
        }
        else {
            page.putNull("next");
        }
        return page;
    }

    @GetMapping(path = "/api/v1/audit/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode checkpoints(@RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        List<AuditCheckpoint> found = auditor.checkpoints(after, limit);
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        ArrayNode checkpoints = page.putArray("checkpoints");
        found.forEach(checkpoint -> checkpoints.add(checkpointNode(checkpoint)));
        if (found.size() == limit) {
            page.put("next", found.get(found.size() - 1).treeSize());
        }
        else {
            page.putNull("next");
        }
        return page;
    }

    @GetMapping(path = "/api/v1/audit/records/{seq}/proof", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode proof(@PathVariable long seq) {
        AuditorService.Proof proof = auditor.proof(seq);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("seq", seq);
        body.set("checkpoint", checkpointNode(proof.checkpoint()));
        ArrayNode records = body.putArray("records");
        proof.records().forEach(record -> records.add(recordNode(record)));
        return body;
    }

    @GetMapping(path = "/api/v1/audit/export")
    public void export(@RequestParam long from, @RequestParam long to, HttpServletResponse response)
            throws IOException {
        AuditExporter.Range range = auditor.exportRange(from, to);
        response.setContentType(JSON_LINES);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("audit-" + range.from() + "-" + range.to() + ".jsonl").build().toString());
        auditor.export(range, response.getOutputStream());
    }

    @GetMapping(path = "/api/v1/audit/certificate", produces = "application/x-pem-file")
    public ResponseEntity<String> certificate() {
        var certificate = auditor.auditCertificate().orElseThrow(() -> new SignetException(ProblemType.NOT_FOUND,
                "This instance does not sign audit checkpoints."));
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file")).body(pem);
        }
        catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ObjectNode recordNode(AuditRecord record) {
        ObjectNode node = lines.recordNode(record);
        node.remove("kind");
        return node;
    }

    private ObjectNode checkpointNode(AuditCheckpoint checkpoint) {
        ObjectNode node = lines.checkpointNode(checkpoint);
        node.remove("kind");
        return node;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw new SignetException(ProblemType.BAD_REQUEST,
                    "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T08:00:00Z.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
