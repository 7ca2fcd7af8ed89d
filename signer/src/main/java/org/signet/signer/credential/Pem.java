package org.signet.signer.credential;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import org.signet.core.problem.ProblemType;
import org.signet.core.problem.SignetException;

/** PEM certificate chains to and from text (JDK parser; DSS writer). */
final class Pem {

    private Pem() {
    }

    static List<CertificateToken> parse(String pem) {
        try {
            List<CertificateToken> chain = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                chain.add(new CertificateToken((X509Certificate) certificate));
            }
            return chain;
        }
        catch (CertificateException | RuntimeException ex) {
            throw new SignetException(ProblemType.CERTIFICATE_REJECTED, "The upload is not a PEM certificate chain.", ex);
        }
    }

    static String format(List<CertificateToken> chain) {
        return chain.stream().map(DSSUtils::convertToPEM).collect(Collectors.joining());
    }
}
