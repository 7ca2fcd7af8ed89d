package org.signet.signer.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import org.signet.signer.SignedDocument;
import org.springframework.core.io.InputStreamResource;

/**
 * The signed (possibly file-backed) document as a response body written on the request's own
 * thread; closing it, which Spring does once the body is copied, releases the document and deletes
 * the request's temporary files. Used instead of an asynchronous StreamingResponseBody, whose writes
 * from another thread raced with the filters still post-processing the response headers.
 */
final class SignedDocumentStream extends FilterInputStream {

    private static final int BLOCK = 256 * 1024;

    private final SignedDocument document;
    private final List<Path> temporary;
    private boolean closed;

    private SignedDocumentStream(SignedDocument document, List<Path> temporary) {
        super(document.document().openStream());
        this.document = document;
        this.temporary = temporary;
    }

    static InputStreamResource resource(SignedDocument document, List<Path> temporary) {
        return new InputStreamResource(new SignedDocumentStream(document, temporary));
    }

    /**
     * Spring copies the body with {@code transferTo}; the JDK's default moves 8 KB per call, which for a
     * 500 MB answer is 64,000 round trips through Tomcat's output buffer. Large blocks instead.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[BLOCK];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            super.close();
        }
        finally {
            document.release().run();
            Uploads.deleteAll(temporary);
        }
    }

}
