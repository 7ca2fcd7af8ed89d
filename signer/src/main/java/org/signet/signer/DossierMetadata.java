package org.signet.signer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optional facts about the administrative dossier a signature belongs to. They go into the audit
 * record (and from there into usage statistics: how many dossiers of which procedure each agency
 * signed online); they are never put into the signature itself.
 *
 * @param dossierId     the portal's dossier number
 * @param procedureCode code of the administrative procedure
 * @param agency        the agency handling the dossier
 */
public record DossierMetadata(String dossierId, String procedureCode, String agency) {

    /** Longest value accepted per field; longer values are cut, they are labels not content. */
    private static final int MAX = 128;

    public static final DossierMetadata NONE = new DossierMetadata(null, null, null);

    public DossierMetadata {
        dossierId = clean(dossierId);
        procedureCode = clean(procedureCode);
        agency = clean(agency);
    }

    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip().replaceAll("\\p{Cntrl}", " ");
        return trimmed.length() > MAX ? trimmed.substring(0, MAX) : trimmed;
    }

    /** The non-empty fields as audit attributes. */
    public Map<String, String> asAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (dossierId != null) {
            attributes.put("dossierId", dossierId);
        }
        if (procedureCode != null) {
            attributes.put("procedureCode", procedureCode);
        }
        if (agency != null) {
            attributes.put("agency", agency);
        }
        return attributes;
    }
}
