package org.signet.appliance.web;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Client errors the servlet container or Spring Security's request firewall report as exceptions
 * while a controller reads the request, which would otherwise end in {@code ProblemHandler}'s 500:
 * Tomcat parses parameters lazily and throws {@link InvalidParameterException} (an
 * {@code IllegalStateException}) for a query or form that is not valid in its charset; the firewall
 * throws {@link RequestRejectedException} for a parameter name it does not allow (both found by HTTP fuzzing). Ahead of {@code ProblemHandler}, Tomcat-specific
 * (so it lives here, not in core).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ContainerProblemAdvice {

    /** Spring Security's firewall checks parameter names and values lazily, when MVC reads them. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException ex) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ProblemType.BAD_REQUEST, "The request was rejected (malformed parameter name or value)."));
    }

    /** Tomcat's parameter errors carry their status: 413 when a multipart upload is too large, else 400. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException ex) {
        if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return tooLarge();
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ProblemType.BAD_REQUEST, "The request parameters could not be decoded."));
    }

    /**
     * Spring matches handlers on an exception's causes too, and this advice comes first: a too-large
     * upload (whose cause is Tomcat's {@link InvalidParameterException}) must stay a 413.
     */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> uploadTooLarge(MaxUploadSizeExceededException ex) {
        return tooLarge();
    }

    private static ResponseEntity<ProblemDetail> tooLarge() {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "Maximum upload size exceeded."));
    }
}
