package org.signet.audit.usage;

import java.util.Locale;

/** The usage report as CSV (RFC 4180 quoting), for spreadsheets of the provincial monitoring office. */
public final class UsageCsv {

    private UsageCsv() {
    }

    public static String render(UsageStatistics.Report report) {
        StringBuilder csv = new StringBuilder("section,day,portal,agency,procedure_code,signatures,dossiers,"
                + "approvals_requested,approvals_granted,approvals_rejected,approvals_expired,approval_rate,median_approval_ms\r\n");
        for (UsageStatistics.SignatureRow row : report.signatures()) {
            csv.append("signatures,").append(row.day()).append(',').append(quote(row.portal())).append(',')
                    .append(quote(row.agency())).append(',').append(quote(row.procedureCode())).append(',')
                    .append(row.signatures()).append(',').append(row.dossiers()).append(",,,,,,\r\n");
        }
        for (UsageStatistics.ApprovalRow row : report.approvals()) {
            csv.append("approvals,").append(row.day()).append(',').append(quote(row.portal())).append(",,,,,")
                    .append(row.requested()).append(',').append(row.granted()).append(',').append(row.rejected()).append(',')
                    .append(row.expired()).append(',')
                    .append(row.approvalRate() == null ? "" : String.format(Locale.ROOT, "%.3f", row.approvalRate())).append(',')
                    .append(row.medianApprovalMillis() == null ? "" : row.medianApprovalMillis()).append("\r\n");
        }
        return csv.toString();
    }

    private static String quote(String value) {
        String safe = value == null ? "" : value;
        // A leading = + - @ would be a formula in a spreadsheet: neutralise it.
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
