package org.signet.appliance.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Hidden;
import org.signet.core.problem.ProblemHandler;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.Problems;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) as an RFC 9457 problem. Errors raised before
 * a controller is chosen (Spring Security's request firewall, {@code sendError} from a filter, a
 * multipart request the container refuses) are forwarded here; Spring Boot's default page would
 * answer them with its own JSON shape (or HTML), not a problem. Nothing from the failed request
 * (exception, message, path) is echoed.
 */
@Hidden // the container's error page, not an API operation (kept out of /v3/api-docs and the matrix)
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 && value <= 599 ? value : 500;
        ProblemType type = ProblemHandler.typeFor(HttpStatusCode.valueOf(status));
        ProblemDetail problem = Problems.of(type, status >= 500 ? "The request could not be completed."
                : "The request was refused before it reached the API (malformed, not allowed or too large).");
        problem.setStatus(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
