package org.signet.core.problem;

import java.util.Objects;

/**
 * A failure that the client should hear about, typed by {@link ProblemType}. The message becomes the
 * problem's {@code detail}, so it must be written for the client and must never hold secrets.
 */
public class SignetException extends RuntimeException {

    private final ProblemType problemType;

    public SignetException(ProblemType problemType, String detail) {
        super(detail);
        this.problemType = Objects.requireNonNull(problemType, "problemType cannot be null");
    }

    public SignetException(ProblemType problemType, String detail, Throwable cause) {
        super(detail, cause);
        this.problemType = Objects.requireNonNull(problemType, "problemType cannot be null");
    }

    public ProblemType problemType() {
        return problemType;
    }
}
