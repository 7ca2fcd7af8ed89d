package org.signet.appliance.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.signet.core.logging.LogContext;
import org.signet.signer.Caller;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the OAuth2 client behind an authenticated bearer token for the tenancy checks: the token's
 * {@code azp} claim, else {@code client_id} (RFC 9068), else its subject. Put into the request
 * attribute {@link Caller#CLIENT_ATTRIBUTE}, so the signer needs no Spring Security types, and into
 * the log context ({@link LogContext#CLIENT_ID}).
 */
public final class ClientIdentityFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            String client = clientOf(token.getToken());
            request.setAttribute(Caller.CLIENT_ATTRIBUTE, client);
            // every later log line of the request names the client (RequestIdFilter clears it)
            MDC.put(LogContext.CLIENT_ID, LogContext.safeClientId(client));
        }
        chain.doFilter(request, response);
    }

    static String clientOf(Jwt jwt) {
        for (String claim : new String[] { "azp", "client_id" }) {
            String value = jwt.getClaimAsString(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return jwt.getSubject();
    }
}
