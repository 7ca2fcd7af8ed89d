package org.signet.appliance.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Removes the signature files of the signed library jars in the extracted application
 * ({@code ./signet run} and the images run it once, right after {@code jarmode=tools extract}).
 *
 * <p>Why: a signed jar costs at every start. The JVM hashes each entry it reads from the jar to check the
 * signature, and the class-data-sharing archive cannot take classes from a signed jar, so its classes
 * (778 of bcprov's at start-up) are loaded and verified again. The only signed jars are Bouncy Castle's
 * (bcprov, bcpkix, bcutil). On the round-7 machine, with the CDS archive in both cases, unsigned copies
 * took the start-up from a median of 4.6 to 4.3 s and its CPU from 8.0 to 7.5 s (docs/benchmarks.md,
 * issue 10 round 7).
 *
 * <p>No protection is lost: for a jar on the class path, the JVM only checks that the jar is consistent
 * with the certificate inside it; it never checks that certificate against anything trusted, so anyone can
 * re-sign a jar.
 *
 * <p>What it changes: it removes only the signature files ({@code META-INF/*.SF}, {@code *.RSA},
 * {@code *.DSA}, {@code *.EC}, {@code SIG-*}). The manifest and every other entry stay as they were.
 * OpenJDK, which Signet runs on (Debian's and Temurin's builds), never requires a security provider's jar
 * to be signed. The jars' integrity is checked where it matters: Maven verifies checksums when it
 * downloads them, and the image is addressed by its digest. Oracle's JDK does require a signed
 * provider jar for Bouncy Castle's ciphers, so it is not a supported runtime (docs/security.md).
 */
public final class JarSignatureStripper {

    private JarSignatureStripper() {
    }

    /** {@code JarSignatureStripper LIB_DIR}: rewrites every signed jar in LIB_DIR; prints the ones it changed. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: JarSignatureStripper LIB_DIR");
            System.exit(2);
        }
        for (Path jar : stripDirectory(Path.of(args[0]))) {
            System.out.println("unsigned copy: " + jar.getFileName());
        }
    }

    /** Strips every signed {@code *.jar} directly in {@code directory}; returns the jars it rewrote. */
    public static List<Path> stripDirectory(Path directory) {
        List<Path> changed = new ArrayList<>();
        // Listed first: each rewrite renames a file into this directory, which an open listing might show again.
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.jar")) {
            listing.forEach(jars::add);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list " + directory, ex);
        }
        for (Path jar : jars) {
            try {
                if (strip(jar)) {
                    changed.add(jar);
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot rewrite " + jar + " without its signature files", ex);
            }
        }
        return changed;
    }

    /**
     * Rewrites {@code jar} without its signature files; a jar without them is left untouched.
     * The new copy is written next to it and moved over it, so an interrupted run leaves the old jar.
     *
     * @return whether the jar was signed and has been rewritten
     */
    public static boolean strip(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(entry -> isSignatureFile(entry.getName()))) {
                return false;
            }
            Path copy = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
            try {
                try (OutputStream file = Files.newOutputStream(copy); ZipOutputStream out = new ZipOutputStream(file)) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry entry = entries.nextElement();
                        if (isSignatureFile(entry.getName())) {
                            continue;
                        }
                        ZipEntry written = new ZipEntry(entry.getName());
                        written.setTime(entry.getTime());
                        out.putNextEntry(written);
                        try (InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
                Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            finally {
                Files.deleteIfExists(copy);
            }
            return true;
        }
    }

    /** The files that make a jar signed (JAR File Specification, "Signed JAR File"). */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
