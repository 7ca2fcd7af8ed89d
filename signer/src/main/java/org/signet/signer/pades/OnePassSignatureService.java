package org.signet.signer.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.DSSMessageDigest;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.DSSFileFont;
import eu.europa.esig.dss.pades.PAdESCommonParameters;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfSignatureCache;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfwriter.COSWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.signet.signer.format.HashedFileDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's PAdES signature service with the one thing that made large PDFs slow taken out: copying the
 * document. DSS (through PDFBox) prepares a signed PDF by reading the original to size it, reading it
 * again to hash the /ByteRange, writing a full copy with the placeholder, and copying that copy once
 * more to put the CMS in; Signet then hashed input and output for the audit log (issue 10: about six
 * passes, 72 MB/s for 500 MB). Here DSS still decides everything that goes into the PDF (signature
 * dictionary, field, appearance, document id, developer extensions) and builds the CMS; only the
 * saving step differs: PDFBox's incremental writer runs in its external-signing mode over a view of
 * the original ({@link OriginalPdfSource}), so it writes only the incremental update; the original is
 * hashed once, in large blocks, and the result is the original plus the update ({@link PreparedPdf},
 * {@link SignedPdf}), byte for byte what DSS writes.
 * <p>
 * Taken for B-B and B-T signatures of unencrypted documents in a file or in memory; anything else
 * (long-term levels, whose augmentation re-reads the signed PDF, encrypted PDFs, subset fonts that
 * PDFBox would only subset in its own save) goes through DSS's path as before, with the signature
 * value written by {@link SignatureValueInsertion}.
 */
final class OnePassSignatureService extends PdfBoxSignatureService {

    private static final Logger LOG = LoggerFactory.getLogger(OnePassSignatureService.class);

    /** Read size for hashing the original: large enough to amortise calls, small enough for the JDK's cached I/O buffer. */
    private static final int BLOCK = 256 * 1024;

    /** The document being prepared on this thread, from {@link #computeDigest} to the save it wraps. */
    private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();

    OnePassSignatureService() {
        super(PDFServiceMode.SIGNATURE, new PdfBoxNativeSignatureDrawerFactory());
    }

    /** State of one preparation: the original, and what the save produced. */
    private static final class Pass {
        final DSSDocument original;
        final long originalLength;
        PreparedPdf prepared;

        Pass(DSSDocument original, long originalLength) {
            this.original = original;
            this.originalLength = originalLength;
        }
    }

    @Override
    protected DSSMessageDigest computeDigest(DSSDocument toSignDocument, PAdESCommonParameters parameters) {
        long length = onePassLength(toSignDocument, parameters);
        if (length < 0) {
            return super.computeDigest(toSignDocument, parameters);
        }
        Pass pass = new Pass(toSignDocument, length);
        CURRENT.set(pass);
        DSSMessageDigest dssDigest;
        try {
            dssDigest = super.computeDigest(toSignDocument, parameters);
        }
        finally {
            CURRENT.remove();
        }
        if (pass.prepared == null) {
            return dssDigest; // DSS saved the document itself (encrypted): its digest and prepared copy stand
        }
        parameters.getPdfSignatureCache().setToBeSignedDocument(pass.prepared);
        return pass.prepared.dataToSignDigest();
    }

    /**
     * DSS sets the document id from the file's size, which it learns by reading the whole file; the
     * same value (DSS's formula, "14.4 File identifiers") is set here from the length already known.
     */
    @Override
    protected PDSignature createSignatureDictionary(PDDocument pdDocument, PAdESCommonParameters parameters) {
        PDSignature signature = super.createSignatureDictionary(pdDocument, parameters);
        Pass pass = CURRENT.get();
        if (pass != null && pdDocument.getDocumentId() == null) {
            pdDocument.setDocumentId(documentId(parameters.getDeterministicId(), pass.original.getName(), pass.originalLength));
        }
        return signature;
    }

    /** DSS's {@code PdfBoxDocumentReader.generateDocumentId}, with the size given instead of counted. */
    static long documentId(String deterministicId, String documentName, long size) {
        String id = documentName != null ? deterministicId + "-" + documentName : deterministicId;
        long documentId = size;
        for (int i = 0; i < id.length(); i++) {
            documentId += ((long) id.charAt(i) & 0xFF) << (8 * i);
        }
        return documentId;
    }

    @Override
    public void checkEncryptedAndSaveIncrementally(PDDocument pdDocument, OutputStream outputStream,
            PAdESCommonParameters parameters) {
        Pass pass = CURRENT.get();
        if (pass == null || pdDocument.isEncrypted()) {
            super.checkEncryptedAndSaveIncrementally(pdDocument, outputStream, parameters);
            return;
        }
        MessageDigest known = knownState(pass, parameters.getDigestAlgorithm());
        try (RandomAccessRead source = known != null ? new HashedOriginalSource(pass.originalLength) : source(pass.original)) {
            if (source.length() != pass.originalLength) {
                throw new IllegalStateException("the original PDF changed length while it was being signed");
            }
            pass.prepared = prepare(pdDocument, source, pass, parameters.getDigestAlgorithm(), known);
        }
        catch (IOException ex) {
            throw new DSSException(String.format("Unable to save a document. Reason : %s", ex.getMessage()), ex);
        }
    }

    /**
     * PDFBox's incremental save in external-signing mode: the writer builds the update in memory and
     * computes the /ByteRange, and copies nothing. The data to be signed (the original, then the update
     * without the placeholder) is read once: the original's bytes are hashed on the way, the update's
     * are kept.
     */
    private static PreparedPdf prepare(PDDocument pdDocument, RandomAccessRead source, Pass pass, DigestAlgorithm algorithm,
            MessageDigest known) throws IOException {
        COSWriter writer = new COSWriter(OutputStream.nullOutputStream(), source);
        writer.write(pdDocument); // no SignatureInterface: external-signing mode, nothing copied
        int[] byteRange = signatureBeingAdded(pdDocument).getByteRange();
        MessageDigest digest = known != null ? known : DSSUtils.getMessageDigest(algorithm);
        MessageDigest afterOriginal;
        byte[] filtered;
        try (InputStream content = writer.getDataToSign()) {
            byte[] block = new byte[BLOCK];
            // With a known state the source serves no bytes: the data to be signed is only the update.
            for (long left = known != null ? 0 : pass.originalLength; left > 0;) {
                int n = content.read(block, 0, (int) Math.min(block.length, left));
                if (n < 0) {
                    throw new IOException("the original PDF ended early");
                }
                digest.update(block, 0, n);
                left -= n;
            }
            afterOriginal = PreparedPdf.clone(digest);
            filtered = content.readAllBytes();
            digest.update(filtered);
        }
        // /ByteRange [0 a b c]: the placeholder is [a, b) of the whole file, so [a - original, b - original) of the update.
        long originalLength = pass.originalLength;
        int contentsOffset = Math.toIntExact(byteRange[1] - originalLength);
        int contentsLength = byteRange[2] - byteRange[1];
        if (byteRange[0] != 0 || contentsOffset < 0 || contentsLength < 2 || contentsOffset > filtered.length
                || (long) byteRange[2] + byteRange[3] != originalLength + filtered.length + contentsLength) {
            throw new IllegalStateException("unexpected /ByteRange " + Arrays.toString(byteRange) + " for an original of "
                    + originalLength + " bytes and an update of " + (filtered.length + contentsLength));
        }
        byte[] increment = new byte[filtered.length + contentsLength];
        System.arraycopy(filtered, 0, increment, 0, contentsOffset);
        increment[contentsOffset] = '<';
        Arrays.fill(increment, contentsOffset + 1, contentsOffset + contentsLength - 1, (byte) '0');
        increment[contentsOffset + contentsLength - 1] = '>';
        System.arraycopy(filtered, contentsOffset, increment, contentsOffset + contentsLength, filtered.length - contentsOffset);
        return new PreparedPdf(pass.original, increment, contentsOffset, contentsLength, afterOriginal,
                new DSSMessageDigest(algorithm, digest.digest()));
    }

    /**
     * The hash state after the original when the upload was hashed as it was written
     * ({@link HashedFileDocument}) and the data to be signed is hashed with the same algorithm.
     */
    private static MessageDigest knownState(Pass pass, DigestAlgorithm algorithm) {
        if (algorithm == DigestAlgorithm.SHA256 && pass.original instanceof HashedFileDocument hashed
                && hashed.getFile().length() == pass.originalLength) {
            return hashed.sha256State();
        }
        return null;
    }

    /** The signature dictionary added for this signature, found as PDFBox's own external-signing save finds it. */
    private static PDSignature signatureBeingAdded(PDDocument pdDocument) {
        PDSignature found = null;
        for (PDSignature signature : pdDocument.getSignatureDictionaries()) {
            found = signature;
            if (signature.getCOSObject().isNeedToBeUpdated()) {
                break;
            }
        }
        if (found == null) {
            throw new IllegalStateException("the document has no signature dictionary to fill");
        }
        return found;
    }

    @Override
    public DSSDocument sign(DSSDocument toSignDocument, byte[] cmsSignedData, PAdESCommonParameters parameters) {
        PdfSignatureCache cache = parameters.getPdfSignatureCache();
        DSSDocument prepared = cache.getToBeSignedDocument();
        DSSDocument signed = null;
        if (prepared instanceof PreparedPdf onePass && onePass.fits(cmsSignedData)) {
            signed = onePass.sign(cmsSignedData);
        }
        else if (prepared != null && !(prepared instanceof PreparedPdf)) {
            try {
                signed = SignatureValueInsertion.insert(prepared, cmsSignedData, resourcesHandlerBuilder);
            }
            catch (RuntimeException ex) {
                LOG.warn("Cannot insert the signature into the prepared PDF ({}); signing it again", ex.getMessage());
            }
        }
        parameters.reinit();
        if (signed == null) {
            signed = signDocument(toSignDocument, cmsSignedData, parameters); // DSS's full path, and its errors
        }
        signed.setMimeType(MimeTypeEnum.PDF);
        return signed;
    }

    /** The original's length when this signature can take the one-pass path, else -1. */
    private static long onePassLength(DSSDocument document, PAdESCommonParameters parameters) {
        if (!(parameters instanceof PAdESSignatureParameters signature)) {
            return -1;
        }
        SignatureLevel level = signature.getSignatureLevel();
        if (level != SignatureLevel.PAdES_BASELINE_B && level != SignatureLevel.PAdES_BASELINE_T) {
            return -1;
        }
        if (parameters.getPasswordProtection() != null || subsetFont(signature.getImageParameters())) {
            return -1;
        }
        if (document instanceof FileDocument file) {
            return file.getFile().length();
        }
        if (document instanceof InMemoryDocument memory) {
            return memory.getBytes().length;
        }
        return -1;
    }

    private static boolean subsetFont(SignatureImageParameters image) {
        return image != null && image.getTextParameters() != null
                && image.getTextParameters().getFont() instanceof DSSFileFont font && font.isEmbedFontSubset();
    }

    private static RandomAccessRead source(DSSDocument original) {
        try {
            if (original instanceof FileDocument file) {
                return OriginalPdfSource.open(file.getFile().toPath());
            }
            return new RandomAccessReadBuffer(((InMemoryDocument) original).getBytes());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
