package org.signet.core.hsm;

import org.junit.jupiter.api.Test;
import org.signet.core.test.TestHome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Login failures. PKCS#11 login state belongs to the whole process while any session is open, so
 * this class opens no token of its own before the wrong-PIN attempt (other test classes close theirs
 * in {@code @AfterAll}); a wrong PIN must then fail closed.
 */
class Pkcs11HsmTokenLoginTest {

    @Test
    void openWhenPinWrongThenFailsWithoutRevealingThePin() {
        HsmProperties base = TestHome.hsmProperties();
        String wrongPin = "Wr0ngPin-4711";
        HsmProperties wrong = new HsmProperties(base.library(), base.tokenLabel(), null, wrongPin, 1);
        assertThatThrownBy(() -> Pkcs11HsmToken.open(wrong))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("CKR_PIN_INCORRECT")
                .hasMessageNotContaining(wrongPin);
        assertThat(wrong.toString()).doesNotContain(wrongPin);
    }

    @Test
    void openWhenPinRightAfterAFailureThenWorks() {
        try (Pkcs11HsmToken token = Pkcs11HsmToken.open(TestHome.hsmProperties())) {
            assertThat(token.findKey("seal")).isPresent();
        }
    }
}
