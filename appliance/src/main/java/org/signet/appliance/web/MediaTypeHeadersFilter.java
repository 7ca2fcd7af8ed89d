package org.signet.appliance.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Accept} or {@code Content-Type} header cannot be parsed, before
 * anything negotiates on it or reads the body: for some malformed values (for example {@code "/*})
 * Spring's parser fails with a {@code StringIndexOutOfBoundsException} instead of its own exception,
 * which ended as a 500 (both found by HTTP fuzzing). Answers: 406 {@code not-acceptable} for
 * {@code Accept}, 415 for {@code Content-Type}, as Spring gives for the values it rejects properly.
 */
public final class MediaTypeHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        }
        catch (RuntimeException ex) {
            refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "The Accept header cannot be parsed.");
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            try {
                MediaType.parseMediaType(contentType);
            }
            catch (RuntimeException ex) {
                refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "The Content-Type header cannot be parsed.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(ProblemErrorReportValve.body(status)
                .replace("The request was refused before it reached the API.", detail)
                .getBytes(StandardCharsets.UTF_8));
    }
}
