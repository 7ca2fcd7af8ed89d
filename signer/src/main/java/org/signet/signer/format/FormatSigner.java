package org.signet.signer.format;

import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;
import org.signet.signer.SignatureFormat;
import org.signet.signer.SignedDocument;
import org.signet.signer.credential.Credential;

/**
 * Produces one signature format with DSS. Every implementation runs the same three steps through
 * {@link TwoPhaseSigning}: data to sign (DSS), digest signed in the HSM, assembly (DSS); they differ
 * only in parameters and in what the result is called.
 */
public interface FormatSigner {

    SignatureFormat format();

    /** The packagings this format offers; the first is the default. */
    List<Packaging> packagings();

    /** Whether one signature may cover several documents (ASiC containers). */
    default boolean multiDocument() {
        return false;
    }

    /**
     * Checks the documents before anything is signed (type, parser safety). Throws a
     * {@link org.signet.core.problem.SignetException} with a 4xx type when they do not fit.
     */
    void check(List<DSSDocument> documents, Packaging packaging);

    /** Signs the already checked documents. */
    SignedDocument sign(List<DSSDocument> documents, Credential credential, SigningOptions options);

    /**
     * Raises the signatures of an already signed document to {@code level} (T, LT or LTA of this
     * format): adds a signature time-stamp, validation data and/or an archive time-stamp as needed.
     *
     * @param originals the signed data of a detached signature (empty otherwise)
     */
    default DSSDocument extend(DSSDocument signed, List<DSSDocument> originals, SignatureLevel level) {
        throw new SignetException(ProblemType.UNSUPPORTED_DOCUMENT, format().apiName() + " signatures cannot be extended.");
    }

    /** The packagings as a set, for membership checks. */
    default Set<Packaging> packagingSet() {
        return Set.copyOf(packagings());
    }
}
