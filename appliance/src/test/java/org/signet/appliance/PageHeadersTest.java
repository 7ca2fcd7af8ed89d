package org.signet.appliance;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.signet.appliance.security.SecurityConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser-facing protections on the pages (auditor page, Swagger UI) and the API answers: CSP with
 * frame-ancestors 'none', no framing, no MIME sniffing, no referrer, and no session cookie (the API
 * and the pages use bearer tokens only, so there is no ambient credential for CSRF to ride on).
 */
class PageHeadersTest extends SecuredApplicationTest {

    @Test
    void pagesAndApiWhenServedThenCarryCspNoFramingNoSniffingNoReferrerAndNoCookie() {
        for (String path : List.of("/auditor/index.html", "/auditor/auditor.js", "/auditor", "/swagger-ui/index.html",
                "/v3/api-docs", "/api/v1/validations", "/actuator/health")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).build());
            assertThat(response.statusCode()).as(path).isLessThan(500);
            var headers = response.headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(path).contains(SecurityConfiguration.CONTENT_SECURITY_POLICY);
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'")
                    .contains("script-src 'self';").doesNotContain("unsafe-eval");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(headers.allValues("Set-Cookie")).as(path).isEmpty();
        }
    }

    @Test
    void auditorPageWhenLoadedThenHasNoInlineScriptTheCspWouldBlock() {
        String page = send(HttpRequest.newBuilder(uri("/auditor/index.html")).build()).body();
        assertThat(page).containsPattern("<script src=\"[^\"]+\"");
        assertThat(page.replaceAll("<script src=\"[^\"]+\"[^>]*></script>", "")).doesNotContain("<script").doesNotContainPattern("\\son[a-z]+\\s*=");
    }
}
