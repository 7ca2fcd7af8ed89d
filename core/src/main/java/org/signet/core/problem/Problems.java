package org.signet.core.problem;

import org.springframework.http.ProblemDetail;

/** Builds problem bodies the same way for controllers, the exception handler and security filters. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        return problem;
    }
}
