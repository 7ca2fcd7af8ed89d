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
 * Refuses a request whose {@code Accept} header cannot be parsed, before anything negotiates on it:
 * for some malformed values (for example {@code "/*}) Spring's parser fails with a
 * {@code StringIndexOutOfBoundsException} instead of its own exception, which ended as a 500 (found by
 * HTTP fuzzing). Answer: 406 {@code not-acceptable} problem, as Spring gives for the values it does
 * reject properly.
 */
public final class AcceptHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        }
        catch (RuntimeException ex) {
            response.setStatus(HttpServletResponse.SC_NOT_ACCEPTABLE);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(ProblemErrorReportValve.body(HttpServletResponse.SC_NOT_ACCEPTABLE)
                    .replace("The request was refused before it reached the API.", "The Accept header cannot be parsed.")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }
}
