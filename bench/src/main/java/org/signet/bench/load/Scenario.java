package org.signet.bench.load;

import java.io.IOException;
import java.util.List;

/**
 * One unit of work the load driver repeats: one or more HTTP calls that together produce some
 * number of operations (a document signed, a token issued, N hashes signed). Thread-safe.
 */
interface Scenario {

    String name();

    /** Performs one unit; answers the operations it completed, 0 when it failed. */
    int run(HttpConnection connection) throws IOException, InterruptedException;

    /**
     * Names of the HTTP calls a unit is made of, when the driver should also report each call's own
     * latency (e.g. {@code authorize}, {@code signHash}); empty: the unit is one call.
     */
    default List<String> phases() {
        return List.of();
    }

    /**
     * {@link #run(HttpConnection)} that also writes each phase's wall time (nanoseconds, from just before
     * the request is sent to the whole answer read) into {@code phaseNanos}, 0 for a phase not reached.
     */
    default int run(HttpConnection connection, long[] phaseNanos) throws IOException, InterruptedException {
        return run(connection);
    }
}
