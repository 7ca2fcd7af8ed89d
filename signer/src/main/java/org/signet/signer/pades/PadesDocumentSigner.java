package org.signet.signer.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.ImageScaling;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignerTextPosition;
import eu.europa.esig.dss.enumerations.TextWrapping;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.pdf.PdfMemoryUsageSetting;
import eu.europa.esig.dss.signature.resources.TempFileResourcesHandlerBuilder;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.DSSFileFont;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.SignatureImageTextParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.DSSASN1Utils;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import org.signet.core.hsm.HsmToken;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignedDocument;
import org.signet.signer.credential.Credential;
import org.signet.signer.format.Documents;
import org.signet.signer.format.DssContext;
import org.signet.signer.format.FormatSigner;
import org.signet.signer.format.Packaging;
import org.signet.signer.format.SigningOptions;
import org.signet.signer.format.TwoPhaseSigning;
import org.signet.signer.format.VisibleSignature;

/**
 * PAdES: an incremental update that adds the signature to the PDF, so earlier signatures stay valid
 * (officer, then seal). Optionally visible: a box on a page with the signer's name, the time, the
 * reason and the location in DejaVu Sans (embedded, so Vietnamese text renders and extracts), and an
 * optional picture. Uses PDFBox's native drawer, which writes real text rather than an image.
 */
public final class PadesDocumentSigner implements FormatSigner {

    /** Unicode font with Vietnamese glyphs, shipped in core (fonts/README.md has its licence). */
    private static final String FONT_RESOURCE = "fonts/DejaVuSans.ttf";
    private static final float FONT_SIZE = 9f;
    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX");

    /** PDFs above this size are signed with PDFBox scratch files and into a temporary file. */
    public static final long FILE_BACKED_THRESHOLD = 8L * 1024 * 1024;
    private static final long PDFBOX_MEMORY = 16L * 1024 * 1024;

    private final PAdESService service;
    private final DssContext context;
    private final TwoPhaseSigning signing;
    private final byte[] font;
    private final ZoneId displayZone;

    public PadesDocumentSigner(DssContext context, TwoPhaseSigning signing, ZoneId displayZone) {
        this.context = Objects.requireNonNull(context, "context cannot be null");
        this.service = context.configure(new PAdESService(context.certificateVerifier()));
        this.service.setPdfObjFactory(new FastInsertionObjectFactory());
        this.signing = Objects.requireNonNull(signing, "signing cannot be null");
        this.displayZone = Objects.requireNonNull(displayZone, "displayZone cannot be null");
        this.font = loadFont();
    }

    /** A PAdES signer with its own DSS context, for callers outside the signing role (verifier tests, tools). */
    public PadesDocumentSigner(CertificateVerifier certificateVerifier, HsmToken token) {
        this(new DssContext(certificateVerifier, null), new TwoPhaseSigning(token), ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    /** Signs a PDF invisibly at the given level (the pre-FormatSigner entry point, kept for existing callers). */
    public DSSDocument sign(DSSDocument pdf, Credential credential, SignatureLevel level) {
        return sign(List.of(pdf), credential, new SigningOptions(level, Packaging.ENVELOPED, new java.util.Date(), null, null,
                null)).document();
    }

    private static byte[] loadFont() {
        try (InputStream in = PadesDocumentSigner.class.getClassLoader().getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FONT_RESOURCE + " is missing from the classpath (signet-core)");
            }
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public SignatureFormat format() {
        return SignatureFormat.PADES;
    }

    @Override
    public List<Packaging> packagings() {
        return List.of(Packaging.ENVELOPED);
    }

    @Override
    public void check(List<DSSDocument> documents, Packaging packaging) {
        if (!Documents.looksLikePdf(documents.get(0))) {
            throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT,
                    "PAdES signing needs a PDF document; the uploaded file is not a PDF.");
        }
    }

    @Override
    public SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        try {
            return signPdf(documents, credential, options);
        }
        catch (IndexOutOfBoundsException ex) {
            if (options.visible() == null) {
                throw ex;
            }
            // PDFBox (through DSS) when the visible signature's page does not exist (found by HTTP fuzzing).
            throw new SignetException(ProblemType.UNSUPPORTED_PARAMETER,
                    "The visible signature's page is not a page of the document.");
        }
    }

    private SignedDocument signPdf(List<DSSDocument> documents, Credential credential, SigningOptions options) {
        DSSDocument pdf = documents.get(0);
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        TwoPhaseSigning.prepare(parameters, credential, options);
        String signer = DSSASN1Utils.getHumanReadableName(credential.getCertificate());
        parameters.setSignerName(signer);
        parameters.setReason(options.reason());
        parameters.setLocation(options.location());
        if (options.visible() != null) {
            parameters.setImageParameters(appearance(options, signer));
        }
        String name = Documents.signedName(pdf.getName(), "pdf");
        if (!(pdf instanceof FileDocument file) || file.getFile().length() <= FILE_BACKED_THRESHOLD) {
            return signed(signing.sign(service, pdf, parameters, credential), name, null);
        }
        // Large PDF: PDFBox keeps at most PDFBOX_MEMORY in memory (scratch files beyond). B-B and B-T are signed in
        // one pass (OnePassSignatureService: the answer is the upload plus the update); on DSS's path (B-LT, B-LTA)
        // DSS writes the signed PDF into a temporary file, deleted by SignedDocument.release() once the answer is sent.
        TempFileResourcesHandlerBuilder output = new TempFileResourcesHandlerBuilder().setFileNamePrefix("signet-signed-");
        PdfBoxNativeObjectFactory factory = new FastInsertionObjectFactory();
        factory.setPdfMemoryUsageSetting(PdfMemoryUsageSetting.mixed(PDFBOX_MEMORY));
        factory.setResourcesHandlerBuilder(output);
        PAdESService fileBacked = context.configure(new PAdESService(context.certificateVerifier()));
        fileBacked.setPdfObjFactory(factory);
        try {
            return signed(signing.sign(fileBacked, pdf, parameters, credential), name, output::clear);
        }
        catch (RuntimeException ex) {
            output.clear();
            throw ex;
        }
    }

    /** The answer; a one-pass result also carries the input's SHA-256, computed on the same pass. */
    private static SignedDocument signed(DSSDocument document, String name, Runnable release) {
        byte[] inputDigest = document instanceof SignedPdf onePass ? onePass.inputDigest() : null;
        return new SignedDocument(document, "application/pdf", name, release, inputDigest);
    }

    private SignatureImageParameters appearance(SigningOptions options, String signer) {
        VisibleSignature visible = options.visible();
        SignatureFieldParameters field = new SignatureFieldParameters();
        field.setPage(visible.page());
        field.setOriginX(visible.x());
        field.setOriginY(visible.y());
        field.setWidth(visible.width());
        field.setHeight(visible.height());

        SignatureImageTextParameters text = new SignatureImageTextParameters();
        text.setFont(new DSSFileFont(new InMemoryDocument(font, "DejaVuSans.ttf"), FONT_SIZE));
        text.setText(String.join("\n", lines(options, signer)));
        text.setTextWrapping(TextWrapping.FILL_BOX_AND_LINEBREAK);
        text.setPadding(3f);
        text.setSignerTextPosition(SignerTextPosition.RIGHT);

        SignatureImageParameters image = new SignatureImageParameters();
        image.setFieldParameters(field);
        image.setTextParameters(text);
        image.setImageScaling(ImageScaling.ZOOM_AND_CENTER);
        if (visible.image() != null) {
            image.setImage(visible.image());
        }
        return image;
    }

    /** The visible text, labelled in Vietnamese (the appliance serves Vietnamese public services). */
    private List<String> lines(SigningOptions options, String signer) {
        List<String> lines = new ArrayList<>();
        lines.add("Ký bởi: " + signer);
        lines.add("Thời gian: " + TIME_FORMAT.format(options.signingDate().toInstant().atZone(displayZone)));
        if (options.reason() != null && !options.reason().isBlank()) {
            lines.add("Lý do: " + options.reason());
        }
        if (options.location() != null && !options.location().isBlank()) {
            lines.add("Nơi ký: " + options.location());
        }
        return lines;
    }

    @Override
    public DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        return TwoPhaseSigning.extend(() -> service.extendDocument(signed, parameters));
    }
}
