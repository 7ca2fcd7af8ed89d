package org.signet.core.problem;

import org.signet.core.logging.LogContext;
import org.springframework.http.ProblemDetail;

/** Builds problem bodies the same way for controllers, the exception handler and security filters. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return withRequestId(problem);
    }

    /** Adds the current request id as the extension member {@code requestId} (RFC 9457 §3.2), if there is one. */
    public static ProblemDetail withRequestId(ProblemDetail problem) {
        String requestId = LogContext.requestId();
        if (requestId != null && (problem.getProperties() == null || !problem.getProperties().containsKey(LogContext.REQUEST_ID))) {
            problem.setProperty(LogContext.REQUEST_ID, requestId);
        }
        return problem;
    }
}
