package org.signet.core.hsm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * C_Initialize and C_Finalize act on the whole process, not on one token object: after a
 * re-initialisation every session and object handle of every user of the library is gone, and the
 * module hands out the same handle numbers again for other sessions and objects. So every
 * {@link Pkcs11HsmToken} of one library shares this lock (operations read, re-initialisation
 * writes) and epoch (a pool opened in an older epoch is dropped, never used or closed by handle).
 * One instance per library file is deliberate: it mirrors the one native module per process.
 */
final class ModuleLifecycle {

    private static final ConcurrentHashMap<String, ModuleLifecycle> BY_LIBRARY = new ConcurrentHashMap<>();

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong epoch = new AtomicLong();

    private ModuleLifecycle() {
    }

    static ModuleLifecycle of(String library) {
        String key;
        try {
            key = Path.of(library).toRealPath().toString();
        }
        catch (IOException | RuntimeException ex) {
            key = library;
        }
        return BY_LIBRARY.computeIfAbsent(key, k -> new ModuleLifecycle());
    }

    long epoch() {
        return epoch.get();
    }

    /** Called with the write lock held, right after C_Finalize + C_Initialize. */
    long reinitialised() {
        return epoch.incrementAndGet();
    }
}
