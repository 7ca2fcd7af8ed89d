package org.signet.tsa;

import java.math.BigInteger;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Serial numbers from the {@code tsa_serial} database sequence shared by every replica, in blocks:
 * one {@code nextval} (a database round trip) reserves {@link #BLOCK_SIZE} serials for this instance,
 * which issues them from memory. The sequence steps by the block size (migration V301), and a
 * sequence never hands out a value twice, even to concurrent transactions on different instances, so
 * blocks never overlap and serials are unique across replicas. They increase within an instance, but
 * two instances' serials interleave (RFC 3161 asks only for uniqueness; order is genTime's job), and
 * the unused rest of a block is skipped when the instance stops.
 */
public final class DatabaseSerialNumberSource implements SerialNumberSource {

    /** Serials per block; must equal the increment of {@code tsa_serial} (V301__tsa_serial_blocks.sql). */
    public static final int BLOCK_SIZE = 1000;

    private final JdbcTemplate jdbc;
    /** The next serial to issue and the first one beyond the reserved block; guarded by {@code this}. */
    private long next;
    private long end;

    public DatabaseSerialNumberSource(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
    }

    @Override
    public synchronized BigInteger next() {
        if (next == end) {
            Long start = jdbc.queryForObject("SELECT nextval('tsa_serial')", Long.class);
            next = Objects.requireNonNull(start, "tsa_serial returned nothing");
            end = Math.addExact(next, BLOCK_SIZE);
        }
        return BigInteger.valueOf(next++);
    }
}
