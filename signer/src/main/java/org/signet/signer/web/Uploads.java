package org.signet.signer.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.format.HashedFileDocument;
import org.signet.signer.pades.PadesDocumentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploaded files as DSS documents, the same way for every signing endpoint: refused over the size
 * limit (413); in memory when small; above {@link PadesDocumentSigner#FILE_BACKED_THRESHOLD} moved to
 * a temporary file (recorded for deletion after the answer), so a large PDF is never a byte array.
 */
final class Uploads {

    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    /** Raw bodies are copied in 1 MB blocks: few calls into Tomcat's input buffer, one SHA-256 update each. */
    private static final int BODY_BLOCK = 1024 * 1024;

    private Uploads() {
    }

    static DSSDocument toDocument(MultipartFile file, DataSize maxSize, List<Path> temporary) {
        if (file.getSize() > maxSize.toBytes()) {
            throw new SignetException(ProblemType.PAYLOAD_TOO_LARGE, "'" + file.getOriginalFilename() + "' is larger than "
                    + maxSize + " (signet.signer.max-document-size).");
        }
        try {
            if (file.getSize() <= PadesDocumentSigner.FILE_BACKED_THRESHOLD) {
                return new InMemoryDocument(file.getBytes(), file.getOriginalFilename());
            }
            Path path = Files.createTempFile("signet-upload-", ".bin");
            temporary.add(path);
            // transferTo(File): Tomcat moves its spooled part file here (a rename); transferTo(Path) would copy it.
            file.transferTo(path.toFile());
            FileDocument document = new FileDocument(path.toFile());
            document.setName(file.getOriginalFilename());
            return document;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A raw request body as a DSS document, read in one pass: refused over the size limit (413, from
     * Content-Length before anything is read, else as soon as the count passes it); in memory when
     * small; otherwise streamed to a temporary file in large blocks while SHA-256 runs over the same
     * blocks, so the file is never read again just to hash it ({@link HashedFileDocument}). An empty
     * body is a 400; a body that ends early or a client that goes away is a 400 too (nothing was
     * signed, and the file is deleted by the caller through {@code temporary}).
     */
    static DSSDocument fromBody(InputStream body, long contentLength, String name, DataSize maxSize, List<Path> temporary) {
        long max = maxSize.toBytes();
        if (contentLength > max) {
            throw tooLarge(name, maxSize);
        }
        if (contentLength == 0) {
            throw new SignetException(ProblemType.BAD_REQUEST, "The request body is empty: send the document to sign.");
        }
        try {
            if (contentLength > 0 && contentLength <= PadesDocumentSigner.FILE_BACKED_THRESHOLD) {
                byte[] bytes = new byte[(int) contentLength];
                int n = read(body, bytes, bytes.length);
                if (n < contentLength) {
                    throw endedEarly(n, contentLength);
                }
                return new InMemoryDocument(bytes, name);
            }
            Path path = Files.createTempFile("signet-upload-", ".bin");
            temporary.add(path);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE)) {
                byte[] block = new byte[BODY_BLOCK];
                for (int n; (n = read(body, block, block.length)) > 0;) {
                    total += n;
                    if (total > max) {
                        throw tooLarge(name, maxSize);
                    }
                    sha256.update(block, 0, n);
                    ByteBuffer buffer = ByteBuffer.wrap(block, 0, n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
            }
            if (total == 0) {
                throw new SignetException(ProblemType.BAD_REQUEST, "The request body is empty: send the document to sign.");
            }
            if (contentLength > 0 && total != contentLength) {
                throw endedEarly(total, contentLength);
            }
            return new HashedFileDocument(path.toFile(), name, sha256);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex); // the upload file, not the request
        }
    }

    /** Fills {@code block} as far as the body goes; a body that cannot be read (client gone, cut) is the caller's fault. */
    private static int read(InputStream body, byte[] block, int length) {
        try {
            return body.readNBytes(block, 0, length);
        }
        catch (IOException ex) {
            // The client went away or the body was cut: nothing to answer to, and nothing was signed.
            throw new SignetException(ProblemType.BAD_REQUEST, "The request body could not be read to its end.");
        }
    }

    private static SignetException tooLarge(String name, DataSize maxSize) {
        return new SignetException(ProblemType.PAYLOAD_TOO_LARGE, "'" + name + "' is larger than " + maxSize
                + " (signet.signer.max-document-size).");
    }

    private static SignetException endedEarly(long read, long declared) {
        return new SignetException(ProblemType.BAD_REQUEST, "The request body ended after " + read + " of the "
                + declared + " bytes its Content-Length declares.");
    }

    static void deleteAll(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException ex) {
                LOG.warn("Cannot delete temporary upload {}: {}", file, ex.getMessage());
            }
        }
    }
}
