package org.signet.appliance;

import org.signet.approval.ApprovalConfiguration;
import org.signet.audit.AuditConfiguration;
import org.signet.core.pki.web.PkiPublicationConfiguration;
import org.signet.core.problem.ProblemHandler;
import org.signet.signer.SignerConfiguration;
import org.signet.tsa.TsaConfiguration;
import org.signet.verifier.VerifierConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The Signet appliance: one artifact that runs the signer and verifier roles together on embedded
 * defaults, or either role alone ({@code signet.signer.enabled}, {@code signet.verifier.enabled}).
 */
@SpringBootApplication
@Import({ PkiPublicationConfiguration.class, AuditConfiguration.class, TsaConfiguration.class, ApprovalConfiguration.class, SignerConfiguration.class, VerifierConfiguration.class, ProblemHandler.class })
public class SignetApplication {

    public static void main(String[] args) {
        SpringApplication.run(SignetApplication.class, args);
    }
}
