package org.signet.signer;

import org.signet.core.audit.AuditTrail;
import org.signet.core.hsm.HsmToken;
import org.signet.signer.credential.CredentialStore;

/** A SigningService with every format signer, for tests in other packages. */
public final class TestSigners {

    private TestSigners() {
    }

    public static SigningService signingService(CredentialStore store, HsmToken token, AuditTrail audit) {
        return new SigningService(store, SignerConfiguration.formatSigners(token, TestSignerProperties.create(),
                SignerConfiguration.dssContext(TestSignerProperties.create(), null, null)), audit);
    }
}
