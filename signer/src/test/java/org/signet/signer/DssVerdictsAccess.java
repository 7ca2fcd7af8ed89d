package org.signet.signer;

import eu.europa.esig.dss.model.DSSDocument;

/** {@link DssVerdicts} for tests in other packages. */
public final class DssVerdictsAccess {

    private DssVerdictsAccess() {
    }

    public static void refreshCrls() {
        DssVerdicts.refreshCrls();
    }

    public static void assertAllPassed(int count, DSSDocument signed, DSSDocument... detached) {
        DssVerdicts.assertAllPassed(count, signed, detached);
    }
}
