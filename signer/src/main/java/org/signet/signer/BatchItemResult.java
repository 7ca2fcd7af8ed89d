package org.signet.signer;

import org.signet.core.problem.ProblemType;

/**
 * The outcome of one document of a batch: either its signed document or the problem that stopped
 * it. A failed item never affects the others.
 *
 * @param index     position of the document in the request (0-based)
 * @param fileName  the client's file name
 * @param requestId id of this item (batch request id + "-" + index), also in its audit record
 * @param signed    the signed document, null when the item failed
 * @param problem   why it failed, null when signed
 * @param detail    the problem's detail for the client, null when signed
 */
public record BatchItemResult(int index, String fileName, String requestId, SignedDocument signed,
        ProblemType problem, String detail) {

    public boolean succeeded() {
        return signed != null;
    }
}
