package org.signet.approval.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Response headers of the citizen's approval pages and their JSON endpoints: a strict
 * Content-Security-Policy (own scripts and styles only, no framing), no referrer (the link's token
 * sits in the fragment, but no URL should leak), no caching, no MIME sniffing.
 */
public final class ApprovalPageHeaders extends OncePerRequestFilter {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Permissions-Policy", "publickey-credentials-get=(self), publickey-credentials-create=(self)");
        chain.doFilter(request, response);
    }
}
