package org.signet.bench.load;

import java.net.http.HttpRequest;

/** One kind of request the load driver sends; builds a fresh request per call (thread-safe). */
interface Scenario {

    String name();

    HttpRequest next();

    /** Whether the answer counts as a success (status and, where cheap, content). */
    boolean succeeded(int status, byte[] body);
}
