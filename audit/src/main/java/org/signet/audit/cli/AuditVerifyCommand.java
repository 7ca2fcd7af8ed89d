package org.signet.audit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.signet.audit.AuditRecordCodec;
import org.signet.audit.checkpoint.CheckpointVerifier;
import org.signet.audit.checkpoint.TimestampVerifier;
import org.signet.audit.export.ExportLines;
import org.signet.audit.export.ExportVerification;
import org.signet.audit.export.ExportVerifier;
import org.signet.core.pki.PemCertificates;

/**
 * Offline verification of an audit export, for auditors: needs the export file and the audit
 * certificate (and the TSA certificate to check checkpoint timestamps), no database, no HSM, no
 * network. Exit code 0 when the export verifies, 1 when it does not (the first bad record is
 * named), 2 on a usage or file error.
 *
 * <pre>
 * ./signet audit-verify EXPORT [--audit-cert audit.pem] [--tsa-cert tsa.pem]
 * java -cp signet.jar -Dloader.main=org.signet.audit.cli.AuditVerifyCommand \
 *      org.springframework.boot.loader.launch.PropertiesLauncher verify EXPORT --audit-cert audit.pem
 * </pre>
 */
public final class AuditVerifyCommand {

    static final int OK = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: verify EXPORT --audit-cert AUDIT.pem [--tsa-cert TSA.pem]\n"
            + "  (repeat --audit-cert / --tsa-cert to accept retired keys too; each file's first certificate counts)";

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        List<Path> auditCerts = new ArrayList<>();
        List<Path> tsaCerts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--audit-cert" -> {
                    if (i + 1 >= args.length) {
                        err.println(USAGE_TEXT);
                        return USAGE;
                    }
                    auditCerts.add(Path.of(args[++i]));
                }
                case "--tsa-cert" -> {
                    if (i + 1 >= args.length) {
                        err.println(USAGE_TEXT);
                        return USAGE;
                    }
                    tsaCerts.add(Path.of(args[++i]));
                }
                case "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    return OK;
                }
                default -> positional.add(args[i]);
            }
        }
        if (!positional.isEmpty() && positional.get(0).equals("verify")) {
            positional.remove(0);
        }
        if (positional.size() != 1 || auditCerts.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Path export = Path.of(positional.get(0));
        List<String> lines;
        List<X509Certificate> audit;
        List<X509Certificate> tsa;
        try {
            lines = Files.readAllLines(export, StandardCharsets.UTF_8);
            audit = firstCertificates(auditCerts);
            tsa = firstCertificates(tsaCerts);
        }
        catch (IOException | RuntimeException ex) {
            err.println("cannot read input: " + ex.getMessage());
            return USAGE;
        }
        ExportVerification result = new ExportVerifier(new AuditRecordCodec(), new ExportLines(),
                new CheckpointVerifier(audit), tsa.isEmpty() ? null : new TimestampVerifier(tsa)).verify(lines);
        if (result.valid()) {
            out.println("OK: " + result.records() + " records verified, covered by " + result.checkpoints()
                    + " checkpoints signed by " + String.join(" or ", audit.stream()
                            .map(c -> c.getSubjectX500Principal().getName()).distinct().toList()) + "; "
                    + (tsa.isEmpty() ? "timestamps not checked (no --tsa-cert)"
                            : result.timestamped() + " checkpoint timestamps verified"));
            return OK;
        }
        out.println("FAILED: " + (result.firstBadSeq() == null ? "" : "first bad record " + result.firstBadSeq() + ": ")
                + result.reason() + " (" + result.records() + " records verified before it)");
        return INVALID;
    }

    /** The first certificate of each file (a chain file given by mistake must not make its CAs trusted signers). */
    private static List<X509Certificate> firstCertificates(List<Path> files) {
        return files.stream().map(file -> PemCertificates.loadFile(file).get(0).getCertificate()).toList();
    }
}
