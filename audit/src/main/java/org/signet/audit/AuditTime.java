package org.signet.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one text form of instants in the audit log: UTC, always six fraction digits
 * ({@code 2026-01-31T08:00:00.000000Z}). Fixed width, so text order is time order and the database
 * can filter time ranges on the stored strings.
 */
public final class AuditTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
