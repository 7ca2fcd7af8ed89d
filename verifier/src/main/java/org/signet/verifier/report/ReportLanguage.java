package org.signet.verifier.report;

import java.util.Locale;
import java.util.Map;

import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * The language of the human-readable PDF report ({@code lang=vi|en}). Vietnamese is the default:
 * the auditors reading these reports are Vietnamese; DSS's own error and warning texts stay English.
 */
public enum ReportLanguage {

    /** Tiếng Việt (default). */
    VI(Map.ofEntries(
            Map.entry("title", "Báo cáo kiểm tra chữ ký số"),
            Map.entry("document", "Tài liệu"),
            Map.entry("validationTime", "Thời điểm kiểm tra"),
            Map.entry("policy", "Chính sách kiểm tra"),
            Map.entry("source", "Nguồn kết quả"),
            Map.entry("source.cached", "bộ nhớ đệm (kết quả đã kiểm tra trước đó)"),
            Map.entry("source.fresh", "kiểm tra mới"),
            Map.entry("summary", "%d/%d chữ ký hợp lệ"),
            Map.entry("noSignature", "Không tìm thấy chữ ký nào trong tệp."),
            Map.entry("signature", "Chữ ký %d"),
            Map.entry("verdict.TOTAL_PASSED", "HỢP LỆ"),
            Map.entry("verdict.TOTAL_FAILED", "KHÔNG HỢP LỆ"),
            Map.entry("verdict.INDETERMINATE", "CHƯA XÁC ĐỊNH ĐƯỢC"),
            Map.entry("verdict.PASSED", "HỢP LỆ"),
            Map.entry("verdict.FAILED", "KHÔNG HỢP LỆ"),
            Map.entry("indication", "Kết luận (ETSI EN 319 102-1)"),
            Map.entry("intact", "Toàn vẹn (chưa bị sửa đổi)"),
            Map.entry("yes", "Có"),
            Map.entry("no", "Không"),
            Map.entry("signedBy", "Người ký"),
            Map.entry("subject", "Chứng thư số"),
            Map.entry("issuer", "Tổ chức cấp"),
            Map.entry("serial", "Số sê-ri"),
            Map.entry("validity", "Thời hạn hiệu lực"),
            Map.entry("validityRange", "từ %s đến %s"),
            Map.entry("chain", "Chuỗi chứng thư"),
            Map.entry("trusted", "(tin cậy)"),
            Map.entry("signingTime", "Thời điểm ký (do người ký khai báo)"),
            Map.entry("bestTime", "Thời điểm tồn tại được chứng minh"),
            Map.entry("level", "Định dạng và mức"),
            Map.entry("scope", "Phạm vi ký"),
            Map.entry("scope.FULL", "Toàn bộ tài liệu"),
            Map.entry("scope.PARTIAL", "Một phần tài liệu (tài liệu đã có thay đổi sau khi ký)"),
            Map.entry("changes", "Thay đổi sau khi ký"),
            Map.entry("errors", "Lỗi"),
            Map.entry("warnings", "Cảnh báo"),
            Map.entry("timestamps", "Dấu thời gian"),
            Map.entry("timestamp", "Dấu thời gian của %s lúc %s"),
            Map.entry("none", "không có"),
            Map.entry("footer", "Tạo bởi Signet lúc %s. Thông báo lỗi và cảnh báo được trích nguyên văn từ EU DSS (tiếng Anh)."))),

    /** English. */
    EN(Map.ofEntries(
            Map.entry("title", "Signature validation report"),
            Map.entry("document", "Document"),
            Map.entry("validationTime", "Validation time"),
            Map.entry("policy", "Validation policy"),
            Map.entry("source", "Result source"),
            Map.entry("source.cached", "cache (validated earlier)"),
            Map.entry("source.fresh", "fresh validation"),
            Map.entry("summary", "%d of %d signatures valid"),
            Map.entry("noSignature", "No signature was found in the file."),
            Map.entry("signature", "Signature %d"),
            Map.entry("verdict.TOTAL_PASSED", "VALID"),
            Map.entry("verdict.TOTAL_FAILED", "INVALID"),
            Map.entry("verdict.INDETERMINATE", "INDETERMINATE"),
            Map.entry("verdict.PASSED", "VALID"),
            Map.entry("verdict.FAILED", "INVALID"),
            Map.entry("indication", "Indication (ETSI EN 319 102-1)"),
            Map.entry("intact", "Intact (not modified)"),
            Map.entry("yes", "Yes"),
            Map.entry("no", "No"),
            Map.entry("signedBy", "Signed by"),
            Map.entry("subject", "Certificate"),
            Map.entry("issuer", "Issuer"),
            Map.entry("serial", "Serial number"),
            Map.entry("validity", "Validity"),
            Map.entry("validityRange", "from %s to %s"),
            Map.entry("chain", "Certificate chain"),
            Map.entry("trusted", "(trusted)"),
            Map.entry("signingTime", "Signing time (claimed by the signer)"),
            Map.entry("bestTime", "Proven existence time"),
            Map.entry("level", "Format and level"),
            Map.entry("scope", "Scope"),
            Map.entry("scope.FULL", "Whole document"),
            Map.entry("scope.PARTIAL", "Part of the document (the document changed after signing)"),
            Map.entry("changes", "Changes after signing"),
            Map.entry("errors", "Errors"),
            Map.entry("warnings", "Warnings"),
            Map.entry("timestamps", "Timestamps"),
            Map.entry("timestamp", "Timestamp by %s at %s"),
            Map.entry("none", "none"),
            Map.entry("footer", "Generated by Signet at %s. Error and warning messages are quoted from EU DSS.")));

    private final Map<String, String> labels;

    ReportLanguage(Map<String, String> labels) {
        this.labels = labels;
    }

    /** The label for {@code key}; the key itself when there is none (an unknown indication, say). */
    public String label(String key) {
        return labels.getOrDefault(key, key);
    }

    /** The label for {@code key} formatted with {@code args}. */
    public String format(String key, Object... args) {
        return String.format(Locale.ROOT, label(key), args);
    }

    /** Parses {@code lang=}; null or blank means Vietnamese; unknown values are a 400. */
    public static ReportLanguage parse(String value) {
        if (value == null || value.isBlank()) {
            return VI;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER, "Unknown lang '" + value + "'; supported: vi, en.");
        }
    }
}
