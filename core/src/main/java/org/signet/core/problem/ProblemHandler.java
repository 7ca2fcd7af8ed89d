package org.signet.core.problem;

import java.time.Duration;

import org.signet.core.hsm.HsmException;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem responses. Spring MVC's own errors keep
 * their status (400, 405, 413, 415, ...) and gain a Signet type URI; {@link SignetException}s carry
 * their type; HSM failures are 503; anything unexpected is a 500 whose detail reveals nothing.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(SignetException.class)
    ResponseEntity<ProblemDetail> handleSignet(SignetException ex) {
        ResponseEntity<ProblemDetail> response = respond(Problems.of(ex.problemType(), ex.getMessage()));
        return ex.retryAfter()
                .map(after -> ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(after)))
                        .body(response.getBody()))
                .orElse(response);
    }

    /** Retry-After is whole seconds (RFC 9110 §10.2.3): rounded up, at least 1. */
    static long retryAfterSeconds(Duration after) {
        long seconds = after.getSeconds() + (after.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    @ExceptionHandler(HsmException.class)
    ResponseEntity<ProblemDetail> handleHsm(HsmException ex) {
        log.error("HSM failure: {}", ex.getMessage());
        return respond(Problems.of(ProblemType.HSM_UNAVAILABLE, "The signing key is temporarily unavailable; try again later."));
    }

    /**
     * The shared database is unreachable or timed out: a temporary condition on our side (503), and
     * nothing was released because every result is released only after its records are committed.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class })
    ResponseEntity<ProblemDetail> handleDatabaseUnavailable(Exception ex) {
        log.error("Database unavailable: {}", ex.getMessage());
        return respond(Problems.of(ProblemType.DATABASE_UNAVAILABLE, "The service's database is temporarily unavailable; try again later."));
    }

    /**
     * A multipart body that cannot be parsed (no boundary, truncated, not multipart at all) is the
     * client's error. Too-large uploads stay 413: Spring's own handler for its subclass
     * {@code MaxUploadSizeExceededException} is the closer match.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> handleMultipart(MultipartException ex) {
        return respond(Problems.of(ProblemType.BAD_REQUEST, "The multipart request body could not be read."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("Unexpected failure", ex);
        return respond(Problems.of(ProblemType.INTERNAL, "The request could not be completed."));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(typeFor(statusCode).type());
        }
        if (body instanceof ProblemDetail problem) {
            Problems.withRequestId(problem);
            headers = problemHeaders(headers);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** The problem type Signet answers for a bare HTTP error status (Spring MVC, the servlet container). */
    public static ProblemType typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_DOCUMENT;
            case 503 -> ProblemType.HSM_UNAVAILABLE;
            default -> status.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.BAD_REQUEST;
        };
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * A problem is always written as {@code application/problem+json}, whatever the request's
     * {@code Accept} says: with the content type preset, Spring skips content negotiation, which
     * otherwise fails for an unparseable or unsatisfiable {@code Accept} and sends an empty 406.
     */
    private static HttpHeaders problemHeaders(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        if (headers != null) {
            copy.putAll(headers);
        }
        copy.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return copy;
    }
}
