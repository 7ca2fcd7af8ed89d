package org.signet.audit.usage;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/statistics/usage?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]} for operators:
 * signatures and citizen approvals per day, portal, agency and procedure code (at most 366 days).
 */
@RestController
public class UsageStatisticsController {

    private static final int MAX_DAYS = 366;

    private final UsageStatistics statistics;

    public UsageStatisticsController(UsageStatistics statistics) {
        this.statistics = Objects.requireNonNull(statistics, "statistics cannot be null");
    }

    @GetMapping(path = "/api/v1/statistics/usage", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
    public ResponseEntity<?> usage(@RequestParam String from, @RequestParam String to,
            @RequestParam(defaultValue = "json") String format) {
        LocalDate first = date(from, "from");
        LocalDate last = date(to, "to");
        if (last.isBefore(first) || first.plusDays(MAX_DAYS).isBefore(last)) {
            throw new SignetException(ProblemType.BAD_REQUEST, "'to' must be on or after 'from', at most " + MAX_DAYS + " days later.");
        }
        UsageStatistics.Report report = statistics.compute(first, last);
        return switch (format) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "csv" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"signet-usage-" + first + "-" + last + ".csv\"")
                    .body(UsageCsv.render(report));
            default -> throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Unsupported format '" + format
                    + "'; supported: json, csv");
        };
    }

    private static LocalDate date(String value, String name) {
        try {
            return LocalDate.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw new SignetException(ProblemType.BAD_REQUEST, "'" + name + "' must be a date (YYYY-MM-DD).");
        }
    }
}
