package org.signet.approval;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.signet.core.problem.ProblemHandler;
import org.signet.core.test.RecordingAuditTrail;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The approval module alone in a web application, for the browser tests: H2 (Flyway), the in-memory
 * store, a recording audit trail, the test HSM token, two citizen credentials, a clock the tests move, and a recorder of
 * issued SADs in place of the signer.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ApprovalConfiguration.class, ProblemHandler.class })
public class ApprovalTestApplication {

    /** SADs handed to the (absent) signer, in order. */
    public static final class SadRecorder implements ApprovalCompletion {

        private final List<String> sads = new CopyOnWriteArrayList<>();

        @Override
        public void approved(ApprovalRequest request, String sad) {
            sads.add(sad);
        }

        public List<String> sads() {
            return sads;
        }
    }

    @Bean
    RecordingAuditTrail auditTrail() {
        return new RecordingAuditTrail();
    }

    @Bean
    CitizenCredentials citizenCredentials() {
        return TestApprovals.CITIZENS;
    }

    /** The real test token (var/test): TOTP secrets are sealed with its key. */
    @Bean
    org.signet.core.hsm.HsmToken hsmToken() {
        return TestApprovals.hsm();
    }

    @Bean
    MutableClock clock() {
        return MutableClock.startingNow();
    }

    @Bean
    SadRecorder sadRecorder() {
        return new SadRecorder();
    }
}
