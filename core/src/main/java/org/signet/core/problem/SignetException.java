package org.signet.core.problem;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure that the client should hear about, typed by {@link ProblemType}. The message becomes the
 * problem's {@code detail}, so it must be written for the client and must never hold secrets.
 */
public class SignetException extends RuntimeException {

    private final ProblemType problemType;
    private final Duration retryAfter;

    public SignetException(ProblemType problemType, String detail) {
        super(detail);
        this.problemType = Objects.requireNonNull(problemType, "problemType cannot be null");
        this.retryAfter = null;
    }

    public SignetException(ProblemType problemType, String detail, Throwable cause) {
        super(detail, cause);
        this.problemType = Objects.requireNonNull(problemType, "problemType cannot be null");
        this.retryAfter = null;
    }

    /**
     * A temporary refusal (overload): the response carries {@code Retry-After} so that well-behaved
     * clients back off instead of retrying at once.
     */
    public SignetException(ProblemType problemType, String detail, Duration retryAfter) {
        super(detail);
        this.problemType = Objects.requireNonNull(problemType, "problemType cannot be null");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter cannot be null");
    }

    public ProblemType problemType() {
        return problemType;
    }

    /** When the client may try again, for temporary refusals; empty otherwise. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
