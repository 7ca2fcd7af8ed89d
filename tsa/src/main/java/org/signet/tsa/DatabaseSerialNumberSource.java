package org.signet.tsa;

import java.math.BigInteger;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Serial numbers from the {@code tsa_serial} database sequence shared by every replica. Sequences
 * never hand out a value twice, even to concurrent transactions on different instances.
 */
public final class DatabaseSerialNumberSource implements SerialNumberSource {

    private final JdbcTemplate jdbc;

    public DatabaseSerialNumberSource(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
    }

    @Override
    public BigInteger next() {
        Long value = jdbc.queryForObject("SELECT nextval('tsa_serial')", Long.class);
        return BigInteger.valueOf(Objects.requireNonNull(value, "tsa_serial returned nothing"));
    }
}
