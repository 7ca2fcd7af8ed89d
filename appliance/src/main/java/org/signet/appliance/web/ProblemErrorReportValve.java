package org.signet.appliance.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.signet.core.problem.ProblemHandler;
import org.signet.core.problem.ProblemType;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's last-resort error report as an RFC 9457 problem instead of an HTML page. It answers
 * what Tomcat refuses before any servlet runs (for example a request URI that is not valid UTF-8
 * after percent-decoding) and what the application left without a body. Only the status, the
 * matching Signet type and its fixed title are written; nothing from the request is echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // An error status with no body: Tomcat's own refusals (sendError) and answers an endpoint left
        // empty (e.g. the actuator's 404 for a health group that is not configured).
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        response.setErrorReported();
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body(status));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The client is gone or the response was taken over; nothing more to say.
        }
    }

    /** The problem body; type and title are fixed strings of {@link ProblemType}, so no escaping is needed. */
    static String body(int status) {
        ProblemType type = ProblemHandler.typeFor(HttpStatusCode.valueOf(status));
        return "{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"" + (status >= 500 ? "The request could not be completed."
                        : "The request was refused before it reached the API.") + "\"}";
    }
}
