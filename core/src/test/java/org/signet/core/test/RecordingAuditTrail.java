package org.signet.core.test;

import java.util.ArrayList;
import java.util.List;

import org.signet.core.audit.AuditEvent;
import org.signet.core.audit.AuditReceipt;
import org.signet.core.audit.AuditTrail;
import org.signet.core.audit.AuditUnavailableException;

/**
 * An audit trail for unit tests of the services that write to it: keeps the events in memory, and
 * can be switched to fail like an unreachable database, to prove callers fail closed.
 */
public final class RecordingAuditTrail implements AuditTrail {

    private final List<AuditEvent> events = new ArrayList<>();
    private volatile boolean failing;

    @Override
    public synchronized AuditReceipt record(AuditEvent event) {
        if (failing) {
            throw new AuditUnavailableException("The audit log cannot be written; nothing was released.",
                    new IllegalStateException("test: audit store down"));
        }
        events.add(event);
        return new AuditReceipt(events.size(), "00");
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public synchronized void clear() {
        events.clear();
    }

    public void failing(boolean value) {
        this.failing = value;
    }
}
