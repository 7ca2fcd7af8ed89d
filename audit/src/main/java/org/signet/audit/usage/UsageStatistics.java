package org.signet.audit.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.signet.audit.AuditQuery;
import org.signet.audit.AuditRecord;
import org.signet.core.audit.AuditEventType;

/**
 * Usage statistics for the monitoring of online public services, computed from the audit log (the
 * one place every signature and approval is recorded): per day, portal, agency and procedure code,
 * how many signatures were produced for how many dossiers; per day and portal, how many citizen
 * approvals were requested, granted, rejected or expired, the approval rate and the median time
 * from request to approval.
 */
public final class UsageStatistics {

    private static final int PAGE = 5_000;
    private static final String NONE = "-";

    private final AuditQuery query;
    private final ZoneId zone;

    public UsageStatistics(AuditQuery query, ZoneId zone) {
        this.query = Objects.requireNonNull(query, "query cannot be null");
        this.zone = Objects.requireNonNull(zone, "zone cannot be null");
    }

    /** Signatures per day, portal, agency and procedure code; dossiers are distinct dossier ids. */
    public record SignatureRow(LocalDate day, String portal, String agency, String procedureCode, long signatures,
            long dossiers) {
    }

    /** Citizen approvals per day (of the request) and portal. */
    public record ApprovalRow(LocalDate day, String portal, long requested, long granted, long rejected, long expired,
            Double approvalRate, Long medianApprovalMillis) {
    }

    public record Report(LocalDate from, LocalDate to, String zone, List<SignatureRow> signatures,
            List<ApprovalRow> approvals) {
    }

    /** Statistics for the days {@code from} to {@code to} inclusive, in the configured time zone. */
    public Report compute(LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<List<String>, long[]> signatureCounts = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<List<String>, Set<String>> dossiers = new HashMap<>();
        Map<String, Request> requests = new HashMap<>();
        long after = 0;
        while (true) {
            List<AuditRecord> page = query.find(new AuditQuery.Filter(start, end, null, null, null, after, PAGE));
            for (AuditRecord record : page) {
                collect(record, signatureCounts, dossiers, requests);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        List<SignatureRow> signatureRows = new ArrayList<>();
        signatureCounts.forEach((key, count) -> signatureRows.add(new SignatureRow(LocalDate.parse(key.get(0)), key.get(1),
                key.get(2), key.get(3), count[0], dossiers.getOrDefault(key, Set.of()).size())));
        return new Report(from, to, zone.getId(), signatureRows, approvalRows(requests));
    }

    private void collect(AuditRecord record, Map<List<String>, long[]> counts, Map<List<String>, Set<String>> dossiers,
            Map<String, Request> requests) {
        Instant at = Instant.parse(record.recordedAt());
        if (record.type() == AuditEventType.SIGNATURE_PRODUCED) {
            List<String> key = List.of(day(at).toString(), record.actor(),
                    record.attributes().getOrDefault("agency", NONE), record.attributes().getOrDefault("procedureCode", NONE));
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            String dossier = record.attributes().get("dossierId");
            if (dossier != null) {
                dossiers.computeIfAbsent(key, k -> new HashSet<>()).add(dossier);
            }
            return;
        }
        if (record.requestId() == null) {
            return;
        }
        switch (record.type()) {
            case SIGNING_REQUEST_CREATED -> {
                if (record.attributes().containsKey("citizen")) {
                    requests.put(record.requestId(), new Request(record.actor(), at));
                }
            }
            case APPROVAL_GRANTED -> requests.computeIfPresent(record.requestId(), (id, r) -> r.granted(at));
            case APPROVAL_REJECTED -> requests.computeIfPresent(record.requestId(), (id, r) -> r.ended("rejected"));
            case APPROVAL_EXPIRED -> requests.computeIfPresent(record.requestId(), (id, r) -> r.ended("expired"));
            default -> {
            }
        }
    }

    private List<ApprovalRow> approvalRows(Map<String, Request> requests) {
        Map<List<String>, List<Request>> byDayAndPortal = new TreeMap<>(Comparator.comparing(Object::toString));
        for (Request request : requests.values()) {
            byDayAndPortal.computeIfAbsent(List.of(day(request.createdAt()).toString(), request.portal()), k -> new ArrayList<>())
                    .add(request);
        }
        List<ApprovalRow> rows = new ArrayList<>();
        byDayAndPortal.forEach((key, list) -> {
            long granted = list.stream().filter(r -> "granted".equals(r.outcome())).count();
            long rejected = list.stream().filter(r -> "rejected".equals(r.outcome())).count();
            long expired = list.stream().filter(r -> "expired".equals(r.outcome())).count();
            long[] times = list.stream().filter(r -> r.approvalTime() != null)
                    .mapToLong(r -> r.approvalTime().toMillis()).sorted().toArray();
            Long median = times.length == 0 ? null
                    : times.length % 2 == 1 ? times[times.length / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
            rows.add(new ApprovalRow(LocalDate.parse(key.get(0)), key.get(1), list.size(), granted, rejected, expired,
                    list.isEmpty() ? null : (double) granted / list.size(), median));
        });
        return rows;
    }

    private LocalDate day(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** One approval request as far as the log tells. */
    private record Request(String portal, Instant createdAt, String outcome, Duration approvalTime) {

        Request(String portal, Instant createdAt) {
            this(portal, createdAt, null, null);
        }

        Request granted(Instant at) {
            return new Request(portal, createdAt, "granted", Duration.between(createdAt, at));
        }

        Request ended(String how) {
            return new Request(portal, createdAt, how, null);
        }
    }
}
