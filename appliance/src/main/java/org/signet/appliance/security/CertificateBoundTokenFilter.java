package org.signet.appliance.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Certificate-bound access tokens (RFC 8705, section 3): with mutual TLS on, an authenticated bearer
 * token is accepted only when its {@code cnf} claim's {@code x5t#S256} equals the base64url SHA-256
 * thumbprint of the client certificate of this TLS connection. Otherwise the call is refused as an
 * invalid token (401 problem, {@code WWW-Authenticate: Bearer error="invalid_token"}, audited), so a
 * token copied off one client cannot be replayed from a connection without that client's key.
 */
public final class CertificateBoundTokenFilter extends OncePerRequestFilter {

    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final boolean requireBoundTokens;
    private final ProblemSecurityHandlers problems;

    public CertificateBoundTokenFilter(boolean requireBoundTokens, ProblemSecurityHandlers problems) {
        this.requireBoundTokens = requireBoundTokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            String refusal = refusal(token.getToken(), request.getAttribute(CERTIFICATE_ATTRIBUTE));
            if (refusal != null) {
                SecurityContextHolder.clearContext();
                problems.refuseUnboundToken(request, response, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Why the token may not be used on this connection, or null when it may. */
    String refusal(Jwt jwt, Object certificates) {
        String bound = boundThumbprint(jwt);
        if (bound == null) {
            return requireBoundTokens ? "The bearer token is not bound to a client certificate (RFC 8705 cnf.x5t#S256)." : null;
        }
        if (!(certificates instanceof X509Certificate[] chain) || chain.length == 0) {
            return "The bearer token is certificate-bound but the connection presented no client certificate.";
        }
        byte[] actual = thumbprint(chain[0]).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, bound.getBytes(StandardCharsets.US_ASCII)) ? null
                : "The bearer token is bound to another client certificate.";
    }

    private static String boundThumbprint(Jwt jwt) {
        Object cnf = jwt.getClaims().get("cnf");
        if (cnf instanceof Map<?, ?> confirmation && confirmation.get("x5t#S256") instanceof String thumbprint
                && !thumbprint.isBlank()) {
            return thumbprint;
        }
        return null;
    }

    /** RFC 8705 {@code x5t#S256}: base64url (no padding) of the SHA-256 of the certificate's DER. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
