package org.signet.appliance.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditEventType;
import org.signet.core.audit.AuditTrail;
import org.signet.core.audit.AuditUnavailableException;
import org.signet.core.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 401 and 403 as RFC 9457 problems (Spring Security's defaults send an empty body), with
 * the {@code WWW-Authenticate} challenge RFC 6750 asks for. Details never echo the token. Each
 * refusal is also an audit record (actor: the token's subject when known, else "anonymous"; never
 * the token itself).
 */
public final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);
    private static final int MAX_PATH = 200;

    private final JsonMapper json;
    private final AuditTrail auditTrail;

    public ProblemSecurityHandlers(JsonMapper json, AuditTrail auditTrail) {
        this.json = json;
        this.auditTrail = auditTrail;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        boolean badToken = ex instanceof InvalidBearerTokenException
                || ex instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException;
        audit(AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, "anonymous")
                .with("reason", badToken ? "invalid-token" : "no-token"), request);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, ProblemType.UNAUTHENTICATED, badToken
                ? "The bearer token is invalid or expired."
                : "This endpoint needs a bearer token (Authorization: Bearer ...).", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean known = caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
        AuditEvent event = AuditEvent.of(AuditEventType.AUTHORIZATION_REFUSED, known ? caller.getName() : "anonymous");
        if (known) {
            event = event.with("roles", caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted()
                    .collect(Collectors.joining(",")));
        }
        audit(event, request);
        write(response, ProblemType.FORBIDDEN, "Your role does not allow this operation.", request);
    }

    /**
     * Refuses a valid token used on a connection it is not bound to (RFC 8705, mutual TLS): 401
     * {@code invalid_token}, audited like any invalid token.
     */
    void refuseUnboundToken(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        audit(AuditEvent.of(AuditEventType.AUTHENTICATION_FAILED, "anonymous").with("reason", "token-not-bound"), request);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        write(response, ProblemType.UNAUTHENTICATED, detail, request);
    }

    /** Records the refusal; the answer is a refusal either way, so an audit failure is only logged. */
    private void audit(AuditEvent event, HttpServletRequest request) {
        String path = request.getRequestURI();
        try {
            auditTrail.record(event.with("method", request.getMethod())
                    .with("path", path.length() > MAX_PATH ? path.substring(0, MAX_PATH) : path));
        }
        catch (AuditUnavailableException ex) {
            log.warn("Refused {} {} but could not record it in the audit log", request.getMethod(), event.type());
        }
    }

    /** Writes a problem body with the type's status; also used by other security filters. */
    void write(HttpServletResponse response, ProblemType type, String detail, HttpServletRequest request)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        String requestId = org.signet.core.logging.LogContext.requestId();
        if (requestId != null) {
            body.put(org.signet.core.logging.LogContext.REQUEST_ID, requestId);
        }
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
