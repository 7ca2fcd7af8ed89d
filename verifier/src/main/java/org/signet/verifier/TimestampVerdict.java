package org.signet.verifier;

import java.time.Instant;
import java.util.List;

/**
 * The verdict on one timestamp (RFC 3161), attached to a signature or standalone.
 *
 * @param id             DSS's timestamp id
 * @param indication     PASSED, INDETERMINATE or FAILED
 * @param subIndication  why, when not passed
 * @param producedBy     the timestamping unit's name
 * @param productionTime the time the TSA asserted
 * @param errors         what made it fail, in plain words
 * @param warnings       what deserves attention
 */
public record TimestampVerdict(String id, String indication, String subIndication, String producedBy,
        Instant productionTime, List<String> errors, List<String> warnings) {
}
