package org.signet.verifier.report;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.signet.verifier.SignatureVerdict;
import org.signet.verifier.TimestampVerdict;
import org.signet.verifier.ValidationReport;

/**
 * Renders Signet's verdicts as a short human-readable PDF (Vietnamese or English) with PDFBox and
 * the embedded DejaVu font, so that Vietnamese diacritics print and PDFBox never scans system fonts.
 * Built from {@link ValidationReport} rather than DSS's XSL-FO stylesheets: those are English-only
 * and need Apache FOP, a large dependency for one page of text.
 */
public final class PdfReportRenderer {

    private static final String FONT = "/fonts/DejaVuSans.ttf";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Color PASSED = new Color(0x1b, 0x7f, 0x3b);
    private static final Color FAILED = new Color(0xb3, 0x1d, 0x1d);
    private static final Color INDETERMINATE = new Color(0xb3, 0x6b, 0x00);
    private static final Color TEXT = Color.BLACK;
    private static final Color MUTED = new Color(0x55, 0x55, 0x55);

    private final byte[] font;
    private final Clock clock;

    public PdfReportRenderer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        try (InputStream in = PdfReportRenderer.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("Font " + FONT + " missing from the classpath (signet-core)");
            }
            this.font = withoutLigatures(in.readAllBytes());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Hides the font's GSUB table (renames its tag in the table directory) so that PDFBox 3 does not
     * apply Latin ligatures: "fi" would otherwise be drawn as U+FB01 and text extracted from the
     * report ("Certificate", "file") would not match a search. Vietnamese needs no substitution:
     * the text is NFC and DejaVu has the precomposed letters.
     */
    static byte[] withoutLigatures(byte[] ttf) {
        byte[] copy = ttf.clone();
        int tables = ((copy[4] & 0xff) << 8) | (copy[5] & 0xff);
        for (int i = 0; i < tables; i++) {
            int at = 12 + 16 * i;
            if (copy[at] == 'G' && copy[at + 1] == 'S' && copy[at + 2] == 'U' && copy[at + 3] == 'B') {
                copy[at] = 'g';
                copy[at + 1] = 's';
                copy[at + 2] = 'u';
                copy[at + 3] = 'x';
            }
        }
        return copy;
    }

    /** The report as PDF bytes in the given language. */
    public byte[] render(ValidationReport report, ReportLanguage lang) {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(lang.label("title"));
            info.setCreator("Signet");
            Page page = new Page(document, PDType0Font.load(document, new ByteArrayInputStream(font), true));
            try {
                write(page, report, lang);
            }
            finally {
                page.close();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot render the PDF report", ex);
        }
    }

    private void write(Page page, ValidationReport report, ReportLanguage lang) throws IOException {
        page.text(lang.label("title"), 17, TEXT, 0);
        page.gap(6);
        page.field(lang.label("document"), report.documentName());
        page.field(lang.label("validationTime"), time(report.validationTime(), lang));
        page.field(lang.label("policy"), report.policy());
        page.field(lang.label("source"), lang.label(report.cached() ? "source.cached" : "source.fresh"));
        page.gap(6);
        if (report.signaturesCount() == 0 && report.timestamps().isEmpty()) {
            page.text(lang.label("noSignature"), 12, INDETERMINATE, 0);
        }
        else {
            Color summary = report.signaturesCount() > 0 && report.validSignaturesCount() == report.signaturesCount()
                    ? PASSED : FAILED;
            page.text(lang.format("summary", report.validSignaturesCount(), report.signaturesCount()), 13, summary, 0);
        }
        int number = 1;
        for (SignatureVerdict verdict : report.signatures()) {
            page.gap(10);
            page.rule();
            page.text(lang.format("signature", number++) + ": " + lang.label("verdict." + verdict.indication()), 13,
                    colour(verdict.indication()), 0);
            page.field(lang.label("indication"), verdict.indication()
                    + (verdict.subIndication() == null ? "" : " / " + verdict.subIndication()));
            page.field(lang.label("intact"), lang.label(verdict.intact() ? "yes" : "no"));
            page.field(lang.label("signedBy"), verdict.signedBy());
            page.field(lang.label("signingTime"), time(verdict.signingTime(), lang));
            page.field(lang.label("bestTime"), time(verdict.bestSignatureTime(), lang));
            page.field(lang.label("level"), verdict.level());
            page.field(lang.label("scope"), verdict.scope() == null ? lang.label("none")
                    : lang.label("scope." + verdict.scope()));
            SignatureVerdict.CertificateInfo certificate = verdict.certificate();
            if (certificate != null) {
                page.field(lang.label("subject"), certificate.subject());
                page.field(lang.label("issuer"), certificate.issuer());
                page.field(lang.label("serial"), certificate.serialNumber());
                page.field(lang.label("validity"), lang.format("validityRange", time(certificate.notBefore(), lang),
                        time(certificate.notAfter(), lang)));
                List<String> chain = new ArrayList<>();
                for (SignatureVerdict.ChainEntry entry : certificate.chain()) {
                    chain.add(entry.name() + (entry.trusted() ? " " + lang.label("trusted") : ""));
                }
                page.field(lang.label("chain"), chain.isEmpty() ? lang.label("none") : String.join(" → ", chain));
            }
            page.list(lang.label("changes"), verdict.changes(), TEXT);
            page.list(lang.label("errors"), verdict.errors(), FAILED);
            page.list(lang.label("warnings"), verdict.warnings(), INDETERMINATE);
            timestamps(page, verdict.timestamps(), lang);
        }
        if (!report.timestamps().isEmpty()) {
            page.gap(10);
            page.rule();
            page.text(lang.label("timestamps"), 13, TEXT, 0);
            timestamps(page, report.timestamps(), lang);
        }
        page.gap(14);
        page.text(lang.format("footer", TIME.format(clock.instant())), 8, MUTED, 0);
    }

    private void timestamps(Page page, List<TimestampVerdict> timestamps, ReportLanguage lang) throws IOException {
        for (TimestampVerdict timestamp : timestamps) {
            page.text(lang.format("timestamp", timestamp.producedBy(), time(timestamp.productionTime(), lang)) + ": "
                    + lang.label("verdict." + timestamp.indication()) + " (" + timestamp.indication()
                    + (timestamp.subIndication() == null ? "" : " / " + timestamp.subIndication()) + ")", 9.5f,
                    colour(timestamp.indication()), 12);
            page.list(lang.label("errors"), timestamp.errors(), FAILED);
            page.list(lang.label("warnings"), timestamp.warnings(), INDETERMINATE);
        }
    }

    private static Color colour(String indication) {
        if ("TOTAL_PASSED".equals(indication) || "PASSED".equals(indication)) {
            return PASSED;
        }
        if ("TOTAL_FAILED".equals(indication) || "FAILED".equals(indication)) {
            return FAILED;
        }
        return INDETERMINATE;
    }

    private static String time(Instant instant, ReportLanguage lang) {
        return instant == null ? lang.label("none") : TIME.format(instant);
    }

    /** A cursor over A4 pages: wraps lines to the width, starts a new page at the bottom margin. */
    private static final class Page {

        private static final float MARGIN = 50;
        private static final float BODY = 9.5f;
        private static final float LABEL_WIDTH = 170;

        private final PDDocument document;
        private final PDType0Font font;
        private final Map<Integer, Boolean> printable = new HashMap<>();
        private PDPageContentStream content;
        private float y;

        Page(PDDocument document, PDType0Font font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        void field(String label, String value) throws IOException {
            String shown = value == null || value.isBlank() ? "—" : value;
            String heading = safe(label) + ":";
            if (width(heading, BODY) > LABEL_WIDTH - 6) {
                // A label wider than its column gets a line of its own rather than overlapping the value.
                ensure(BODY * 1.45f);
                show(heading, BODY, MUTED, 0);
                y -= BODY * 1.45f;
                heading = null;
            }
            List<String> lines = wrap(safe(shown), BODY, width() - LABEL_WIDTH);
            for (int i = 0; i < lines.size(); i++) {
                ensure(BODY * 1.45f);
                if (i == 0 && heading != null) {
                    show(heading, BODY, MUTED, 0);
                }
                show(lines.get(i), BODY, TEXT, LABEL_WIDTH);
                y -= BODY * 1.45f;
            }
        }

        void list(String label, List<String> items, Color colour) throws IOException {
            if (items == null || items.isEmpty()) {
                return;
            }
            text(label + ":", BODY, MUTED, 0);
            for (String item : items) {
                text("• " + item, BODY, colour, 12);
            }
        }

        void text(String value, float size, Color colour, float indent) throws IOException {
            for (String line : wrap(safe(value), size, width() - indent)) {
                ensure(size * 1.45f);
                show(line, size, colour, indent);
                y -= size * 1.45f;
            }
        }

        void gap(float points) {
            y -= points;
        }

        void rule() throws IOException {
            ensure(8);
            content.setStrokingColor(MUTED);
            content.setLineWidth(0.5f);
            content.moveTo(MARGIN, y + 4);
            content.lineTo(MARGIN + width(), y + 4);
            content.stroke();
            y -= 8;
        }

        void close() throws IOException {
            content.close();
        }

        private void show(String line, float size, Color colour, float indent) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.setNonStrokingColor(colour);
            content.newLineAtOffset(MARGIN + indent, y - size);
            content.showText(line);
            content.endText();
        }

        private void ensure(float height) throws IOException {
            if (y - height < MARGIN) {
                content.close();
                newPage();
            }
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private static float width() {
            return PDRectangle.A4.getWidth() - 2 * MARGIN;
        }

        private List<String> wrap(String text, float size, float maxWidth) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, size) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // A single word wider than the line (a long DN or digest) is cut by characters.
                String rest = word;
                while (width(rest, size) > maxWidth) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(rest.substring(0, cut), size) > maxWidth) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            if (!line.isEmpty() || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private float width(String text, float size) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }

        /** NFC, control characters as spaces, characters the font cannot draw as '?'. */
        private String safe(String value) {
            String normalised = Normalizer.normalize(value, Normalizer.Form.NFC);
            StringBuilder out = new StringBuilder(normalised.length());
            normalised.codePoints().forEach(cp -> {
                if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                    out.append(' ');
                }
                else if (printable.computeIfAbsent(cp, this::canShow)) {
                    out.appendCodePoint(cp);
                }
                else {
                    out.append('?');
                }
            });
            return out.toString();
        }

        private boolean canShow(int codePoint) {
            try {
                // PDType0Font refuses (IllegalArgumentException) a character without a glyph.
                font.encode(new String(Character.toChars(codePoint)));
                return true;
            }
            catch (IOException | IllegalArgumentException ex) {
                return false;
            }
        }
    }
}
