package org.signet.signer.web;

import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.Caller;

/** The {@link Caller} of a servlet request, from the authenticated principal and its roles. */
public final class Callers {

    /** Roles the signer's policies look at. */
    private static final Set<String> ROLES = Set.of("portal", "officer", "operator", "auditor");

    private Callers() {
    }

    public static Caller of(HttpServletRequest request) {
        if (request.getUserPrincipal() == null) {
            throw new SignetException(ProblemType.UNAUTHENTICATED, "No authenticated caller.");
        }
        Set<String> roles = new HashSet<>();
        for (String role : ROLES) {
            if (request.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return new Caller(request.getUserPrincipal().getName(), roles, client(request));
    }

    /** The client id the security layer found in the token, if any. */
    public static String client(HttpServletRequest request) {
        return request.getAttribute(Caller.CLIENT_ATTRIBUTE) instanceof String client ? client : null;
    }
}
