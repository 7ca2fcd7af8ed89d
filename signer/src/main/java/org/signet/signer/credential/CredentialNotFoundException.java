package org.signet.signer.credential;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** No usable credential has the requested id (404; the same answer whether it does not exist or is not allowed). */
public class CredentialNotFoundException extends SignetException {

    public CredentialNotFoundException(String id) {
        super(ProblemType.CREDENTIAL_NOT_FOUND, "No signing credential '" + id + "' is available to this API.");
    }
}
