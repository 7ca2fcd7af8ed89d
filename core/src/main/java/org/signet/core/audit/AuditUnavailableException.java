package org.signet.core.audit;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** The audit log cannot be written; nothing may be released (503). */
public class AuditUnavailableException extends SignetException {

    public AuditUnavailableException(String detail, Throwable cause) {
        super(ProblemType.AUDIT_UNAVAILABLE, detail, cause);
    }
}
