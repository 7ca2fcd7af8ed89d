package org.signet.appliance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression tests for the HTTP fuzzing findings (docs/security.md, "HTTP request fuzzing"): answers
 * made outside the controllers were not RFC 9457 problems, or were 500s.
 */
class ProblemAnswersTest extends SecuredApplicationTest {

    @Test
    void requestWhenAcceptHeaderIsUnparseableThen406Problem() {
        // Was: 406 with an empty body (the problem itself could not be negotiated).
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/approval/api/request")).header("Accept", "*/").build());
        assertProblem(response, 406, "urn:signet:problem:not-acceptable");
    }

    @Test
    void probeWhenHealthGroupsAreOffThen404ProblemNotAnEmptyBody() {
        // Was: the actuator's bare 404 without a body (probes are off outside Kubernetes; found by the HTTP fuzzer).
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/health/liveness")).build());
        assertProblem(response, 404, "urn:signet:problem:not-found");
    }

    @Test
    void requestWhenUriIsNotUtf8ThenTomcatAnswers400Problem() {
        // Was: Tomcat's HTML error page (the request never reaches a servlet).
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/%BCapi/v1/signatures"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(response, 400, "urn:signet:problem:bad-request");
        assertThat(response.body()).doesNotContain("Tomcat").doesNotContain("<html");
    }

    @Test
    void signWhenMultipartBodyHasNoBoundaryThen400ProblemNot500() {
        // Was: 500 internal (MultipartException had no problem mapping).
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/signatures"))
                .header("Authorization", "Bearer " + TOKENS.forRole("officer")).header("Content-Type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("no parts here")).build());
        assertProblem(response, 400, "urn:signet:problem:bad-request");
    }

    @Test
    void requestWhenFirewallRejectsThePathThen400ProblemFromTheErrorPage() {
        // Refused by Spring Security's request firewall (encoded dot segment): answered by the /error page, which
        // without ProblemErrorController is Spring Boot's own JSON shape ({timestamp, status, error, path}).
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/credentials/%2e%2e/seal"))
                .header("Authorization", "Bearer " + TOKENS.forRole("operator")).build());
        assertProblem(response, 400, "urn:signet:problem:bad-request");
        assertThat(response.body()).contains("malformed, not allowed or too large") // ProblemErrorController's detail
                .doesNotContain("timestamp").doesNotContain("seal");
    }

    @Test
    void requestWhenQueryParameterIsNotUtf8Then400ProblemNot500() {
        // Was: 500 internal (Tomcat's InvalidParameterException, thrown when MVC reads the parameters). Found by Jazzer.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/statistics/usage?fr%EFm=2026-01-01&to=2026-12-31"))
                .header("Authorization", "Bearer " + TOKENS.forRole("operator")).build());
        assertProblem(response, 400, "urn:signet:problem:bad-request");
    }

    @Test
    void cscWhenContentTypeIsUnparseableThen415ProblemNot500() {
        // Was: 500 (found by the long Jazzer run: a Content-Type that Spring's media type parser cannot read).
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/csc/v2/credentials/authorize"))
                .header("Authorization", "Bearer " + TOKENS.forRole("portal"))
                .header("Content-Type", "\":[\"k4ULcHWF5ATklRo93B8Fo0s9T1/AgdYW9G2KLo8cjmg=\"],\"hashAlgorithmOID\":\"1.16.840.1.101.3.4.2.1\"}")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertProblem(response, 415, "urn:signet:problem:unsupported-document");
    }

    @Test
    void requestWhenAcceptHeaderBreaksSpringsParserThen406ProblemNot500() {
        // Was: 500 (MimeTypeUtils threw StringIndexOutOfBoundsException). Found by Jazzer.
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/audit/checkpoints")).header("Accept", "\"/*")
                .header("Authorization", "Bearer " + TOKENS.forRole("auditor")).build());
        assertProblem(response, 406, "urn:signet:problem:not-acceptable");
    }

    @Test
    void requestWhenFirewallRejectsAParameterNameThen400ProblemNot500() {
        // Was: 500 (the firewall's RequestRejectedException, thrown when MVC reads the parameters). Found by Jazzer.
        // The form binding of the signing parameters enumerates every parameter name: the firewall refuses a control character.
        HttpResponse<String> response = send(Requests.multipart(uri("/api/v1/signatures?vis%01ible=true"), TOKENS.forRole("portal"),
                java.util.Map.of("a.pdf", org.signet.core.test.TestPdfs.simple("firewall")), java.util.Map.of()));
        assertProblem(response, 400, "urn:signet:problem:bad-request");
        assertThat(response.body()).contains("malformed parameter name or value"); // ContainerProblemAdvice's answer
    }

    @Test
    void signWhenVisibleSignaturePageDoesNotExistThen400ProblemNot500() {
        // Was: 500 (PDFBox's IndexOutOfBoundsException through DSS). Found by Jazzer.
        HttpResponse<String> response = send(Requests.multipart(uri("/api/v1/signatures"), TOKENS.forRole("portal"),
                java.util.Map.of("a.pdf", org.signet.core.test.TestPdfs.simple("one page")),
                java.util.Map.of("visible", "true", "page", "5")));
        assertProblem(response, 400, "urn:signet:problem:unsupported-parameter");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"" + type + "\"").contains("\"status\":" + status);
    }
}
