package org.signet.signer.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
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
