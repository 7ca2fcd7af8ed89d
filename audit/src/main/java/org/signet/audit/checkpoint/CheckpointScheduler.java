package org.signet.audit.checkpoint;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Looks every {@code check-interval} whether a checkpoint is due, on one daemon thread per
 * instance. A failure (database or HSM away) is logged and retried at the next tick: the records
 * are safe in the log and the next checkpoint covers them.
 */
public final class CheckpointScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointScheduler.class);

    private final AuditCheckpointer checkpointer;
    private final long intervalMillis;
    private ScheduledExecutorService executor;
    private boolean failing;

    public CheckpointScheduler(AuditCheckpointer checkpointer, java.time.Duration interval) {
        this.checkpointer = Objects.requireNonNull(checkpointer, "checkpointer cannot be null");
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            checkpointer.checkpointIfDue()
                    .ifPresent(c -> log.debug("Audit checkpoint signed at {} records", c.treeSize()));
            if (failing) {
                log.info("Audit checkpoints work again");
                failing = false;
            }
        }
        catch (RuntimeException ex) {
            if (!failing) {
                log.warn("Cannot make an audit checkpoint (will retry): {}", ex.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
