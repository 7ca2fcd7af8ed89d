package org.signet.appliance.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.signet.approval.ApprovalListener;
import org.signet.approval.ApprovalRequest;
import org.signet.approval.store.ApprovalStore;

/**
 * Citizen approvals: {@code signet.approval.decision} times request to decision (tag {@code outcome}:
 * approved, rejected, expired), and {@code signet.approvals.pending} reads how many requests await a
 * citizen from the approval store at scrape time (memory store: this instance's; Redis store: the
 * whole deployment's, from an index of pending ids, so take {@code max}, not {@code sum}, across pods).
 */
public final class ApprovalMetrics implements ApprovalListener, MeterBinder {

    private final ApprovalStore store;
    private volatile MeterRegistry registry;

    public ApprovalMetrics(ApprovalStore store) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        this.registry = meters;
        Gauge.builder("signet.approvals.pending", this::pending)
                .description("Approval requests awaiting the citizen (not decided, not expired)").register(meters);
    }

    private double pending() {
        try {
            return store.countPending();
        }
        catch (RuntimeException ex) {
            return Double.NaN; // store unreachable: readiness says so; the gauge shows a gap
        }
    }

    @Override
    public void decided(ApprovalRequest request, Instant decidedAt) {
        MeterRegistry meters = registry;
        if (meters == null) {
            return;
        }
        Timer.builder("signet.approval.decision").description("Time from an approval request to the citizen's decision")
                .tag("outcome", request.status().name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .register(meters)
                .record(Duration.between(request.createdAt(), decidedAt).abs());
    }
}
