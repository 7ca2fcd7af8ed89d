package org.signet.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;

/**
 * One unit of work the load driver repeats: one or more HTTP calls that together produce some
 * number of operations (a document signed, a token issued, N hashes signed). Thread-safe.
 */
interface Scenario {

    String name();

    /** Performs one unit; answers the operations it completed, 0 when it failed. */
    int run(HttpClient http) throws IOException, InterruptedException;
}
