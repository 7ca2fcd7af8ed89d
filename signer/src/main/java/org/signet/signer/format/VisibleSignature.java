package org.signet.signer.format;

import eu.europa.esig.dss.model.DSSDocument;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/**
 * Where and how a PAdES signature is drawn on the page. Coordinates are PDF points from the
 * top-left corner of the page (DSS's convention).
 *
 * @param page   1-based page number
 * @param x      left edge
 * @param y      top edge
 * @param width  box width
 * @param height box height
 * @param image  optional picture (PNG/JPEG) drawn left of the text, may be null
 */
public record VisibleSignature(int page, float x, float y, float width, float height, DSSDocument image) {

    public VisibleSignature {
        if (page < 1) {
            throw new SignetException(ProblemType.BAD_REQUEST, "page must be 1 or more.");
        }
        if (x < 0 || y < 0 || width < 10 || height < 10 || width > 2000 || height > 2000) {
            throw new SignetException(ProblemType.BAD_REQUEST,
                    "The signature box needs x, y >= 0 and width, height between 10 and 2000 points.");
        }
    }

    /** A box of 220 x 80 points near the top left of page 1. */
    public static VisibleSignature defaultBox(DSSDocument image) {
        return new VisibleSignature(1, 50, 50, 220, 80, image);
    }
}
