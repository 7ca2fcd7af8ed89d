package org.signet.appliance.logging;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.signet.core.logging.LogContext;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id before anything else runs (security included): the caller's
 * {@code X-Request-Id} when it is well formed, else a new UUID. The id is in the MDC for every log
 * line of the request, echoed in the {@code X-Request-Id} response header, and added to problem
 * responses as {@code requestId}, so a caller's support ticket leads straight to the log lines.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(LogContext.REQUEST_ID_HEADER);
        String requestId = LogContext.isWellFormedRequestId(incoming) ? incoming : UUID.randomUUID().toString();
        MDC.put(LogContext.REQUEST_ID, requestId);
        response.setHeader(LogContext.REQUEST_ID_HEADER, requestId);
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove(LogContext.REQUEST_ID);
            MDC.remove(LogContext.CLIENT_ID);
        }
    }

    /** Error dispatches (Boot's /error) belong to the same request and keep its id. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
