package org.signet.core.hsm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.spi.DSSUtils;
import org.junit.jupiter.api.Test;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lost session and a token that goes away and comes back, against the real SoftHSM token: the
 * application keeps its {@link Pkcs11HsmToken} (no restart) and signs again once the token is usable.
 */
class Pkcs11HsmTokenRecoveryTest {

    private final RecordingObserver events = new RecordingObserver();

    @Test
    void sessionsClosedBehindThePoolsBackThenNextSignatureSucceedsWithTheKeyLookedUpBefore() throws Exception {
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(properties(Duration.ZERO), events)) {
            TokenKey seal = token.findKey("seal").orElseThrow();
            TokenKey citizen = token.findKey("citizen").orElseThrow();
            assertThat(verifies(token, seal, "SHA256withRSA")).isTrue();

            // C_CloseAllSessions through the same module: every pooled session and object handle is gone,
            // and SoftHSM logs the user out.
            token.module().getPKCS11Module().C_CloseAllSessions(token.slotId());

            assertThat(verifies(token, seal, "SHA256withRSA")).isTrue();
            assertThat(verifies(token, citizen, "SHA256withECDSA")).isTrue();
            assertThat(token.hasKey("seal")).isTrue();
            assertThat(events.recoveries).containsExactly("reopened");
            assertThat(events.failures).hasSize(1).allSatisfy(failure -> assertThat(failure).startsWith("sign:CKR_"));
        }
    }

    @Test
    void tokenGoneThenFailsFastAndWhenBackThenRecoversByReinitialisingTheModule() throws Exception {
        Path tokens = TestHome.path().resolve("tokens");
        Path tokenDir;
        try (Stream<Path> dirs = Files.list(tokens)) {
            tokenDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path aside = TestHome.path().resolve("tokens-aside-" + ProcessHandle.current().pid());
        RecordingObserver slowEvents = new RecordingObserver();
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(properties(Duration.ZERO), events);
                Pkcs11HsmToken patient = Pkcs11HsmToken.open(properties(Duration.ofHours(1)), slowEvents);
                Pkcs11HsmToken bystander = Pkcs11HsmToken.open(properties(Duration.ZERO), HsmObserver.NONE)) {
            TokenKey seal = token.findKey("seal").orElseThrow();
            TokenKey patientSeal = patient.findKey("seal").orElseThrow();
            // handles the bystander resolved before another token object re-initialises the module
            TokenKey bystanderCitizen = bystander.findKey("citizen").orElseThrow();
            TokenKey bystanderSeal = bystander.findKey("seal").orElseThrow();
            assertThat(verifies(bystander, bystanderCitizen, "SHA256withECDSA")).isTrue();
            Files.move(tokenDir, aside);
            try {
                assertThatThrownBy(() -> verifies(token, seal, "SHA256withRSA")).isInstanceOf(HsmException.class)
                        .hasMessageContaining("unavailable");
                assertThatThrownBy(() -> token.hasKey("seal")).isInstanceOf(HsmException.class);
                assertThatThrownBy(() -> token.findKey("seal")).isInstanceOf(HsmException.class);

                assertThatThrownBy(() -> verifies(patient, patientSeal, "SHA256withRSA")).isInstanceOf(HsmException.class);
                assertThat(slowEvents.recoveryFailures).hasSize(1);
                // the next attempt is an hour away: fail fast, no new attempt to open the token
                assertThatThrownBy(() -> verifies(patient, patientSeal, "SHA256withRSA")).isInstanceOf(HsmException.class);
                assertThat(slowEvents.recoveryFailures).hasSize(1);
                assertThat(slowEvents.failures).last().isEqualTo("sign:unavailable");
            }
            finally {
                Files.move(aside, tokenDir);
            }
            assertThat(verifies(token, seal, "SHA256withRSA")).isTrue();
            assertThat(token.hasKey("seal")).isTrue();
            assertThat(token.findKey("seal")).isPresent();
            assertThat(events.recoveries).contains("reinitialised");
            assertThat(events.recoveryFailures).isNotEmpty();
            // After C_Finalize/C_Initialize the module reuses handle numbers: the bystander must re-open
            // its pool and re-resolve, never sign with whatever object an old number now names.
            token.findKey("tsa").orElseThrow();
            token.findKey("audit").orElseThrow();
            assertThat(verifies(bystander, bystanderSeal, "SHA256withRSA")).isTrue();
            assertThat(verifies(bystander, bystanderCitizen, "SHA256withECDSA")).isTrue();
        }
        finally {
            if (Files.exists(aside) && !Files.exists(tokenDir)) {
                Files.move(aside, tokenDir);
            }
        }
    }

    private static HsmProperties properties(Duration retryAfterFailure) {
        HsmProperties base = TestHome.hsmProperties();
        return new HsmProperties(base.library(), base.tokenLabel(), base.userPinFile(), null, 2, retryAfterFailure);
    }

    private static boolean verifies(HsmToken token, TokenKey key, String jcaAlgorithm) throws Exception {
        byte[] data = "Signet".getBytes(StandardCharsets.UTF_8);
        SignatureValue value = token.signDigest(key, new Digest(DigestAlgorithm.SHA256, DSSUtils.digest(DigestAlgorithm.SHA256, data)));
        Signature verifier = Signature.getInstance(jcaAlgorithm);
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update(data);
        return verifier.verify(value.getValue());
    }

    private static final class RecordingObserver implements HsmObserver {

        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<String> recoveries = new CopyOnWriteArrayList<>();
        final List<String> recoveryFailures = new CopyOnWriteArrayList<>();

        @Override
        public void operationFailed(String operation, String reason) {
            failures.add(operation + ":" + reason);
        }

        @Override
        public void recovered(boolean reinitialised) {
            recoveries.add(reinitialised ? "reinitialised" : "reopened");
        }

        @Override
        public void recoveryFailed(String reason) {
            recoveryFailures.add(reason);
        }
    }
}
