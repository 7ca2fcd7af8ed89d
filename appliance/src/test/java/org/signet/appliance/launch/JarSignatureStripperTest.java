package org.signet.appliance.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stripper on the real, signed Bouncy Castle jar of the build: afterwards the jar is unsigned,
 * every other entry is byte for byte what it was, and the provider loaded from it still works.
 */
class JarSignatureStripperTest {

    private static final String PROVIDER_CLASS = "org/bouncycastle/jce/provider/BouncyCastleProvider.class";

    @TempDir
    Path lib;

    @Test
    void signedBouncyCastleJarBecomesUnsignedWithEveryOtherEntryUnchanged() throws Exception {
        Path original = bouncyCastleJar();
        Path jar = Files.copy(original, lib.resolve(original.getFileName()));
        assertThat(codeSignersOf(jar, PROVIDER_CLASS)).as("the build's bcprov is signed").isTrue();

        assertThat(JarSignatureStripper.stripDirectory(lib)).containsExactly(jar);

        assertThat(codeSignersOf(jar, PROVIDER_CLASS)).isFalse();
        Map<String, byte[]> before = contents(original);
        Map<String, byte[]> after = contents(jar);
        assertThat(before.keySet()).anyMatch(JarSignatureStripper::isSignatureFile);
        assertThat(after.keySet()).noneMatch(JarSignatureStripper::isSignatureFile);
        before.keySet().removeIf(JarSignatureStripper::isSignatureFile);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        // The manifest (with its per-entry digests) is one of the unchanged entries.
        assertThat(after).containsKey(JarFile.MANIFEST_NAME);
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void providerFromTheUnsignedJarDigestsAndSigns() throws Exception {
        Path jar = Files.copy(bouncyCastleJar(), lib.resolve("bcprov.jar"));
        JarSignatureStripper.strip(jar);

        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = loader.loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider");
            assertThat(type.getClassLoader()).isSameAs(loader);
            assertThat(type.getProtectionDomain().getCodeSource().getCodeSigners()).isNull();
            Provider provider = (Provider) type.getConstructor().newInstance();

            byte[] data = "Signet".getBytes(StandardCharsets.US_ASCII);
            assertThat(MessageDigest.getInstance("SHA-256", provider).digest(data))
                    .isEqualTo(MessageDigest.getInstance("SHA-256", "SUN").digest(data));

            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Signature signer = Signature.getInstance("SHA256withECDSA", provider);
            signer.initSign(pair.getPrivate());
            signer.update(data);
            Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
            verifier.initVerify(pair.getPublic());
            verifier.update(data);
            assertThat(verifier.verify(signer.sign())).isTrue();
        }
    }

    @Test
    void unsignedJarIsLeftUntouched() throws IOException {
        Path jar = lib.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("META-INF/sub/NOT-A-SIGNATURE.SF"));
            out.write(1);
            out.putNextEntry(new ZipEntry("a/B.class"));
            out.write(new byte[] { (byte) 0xCA, (byte) 0xFE });
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000_000L));
        byte[] bytes = Files.readAllBytes(jar);

        assertThat(JarSignatureStripper.stripDirectory(lib)).isEmpty();

        assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(jar).toMillis()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void corruptJarIsReportedAndKept() throws IOException {
        Path jar = Files.write(lib.resolve("broken.jar"), "not a zip".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> JarSignatureStripper.stripDirectory(lib)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broken.jar");

        assertThat(Files.readString(jar)).isEqualTo("not a zip");
        try (var left = Files.list(lib)) {
            assertThat(left.map(path -> path.getFileName().toString()).toList()).containsExactly("broken.jar");
        }
    }

    @Test
    void signatureFilesAreTheTopLevelMetaInfSignatureNamesOnly() {
        for (String name : List.of("META-INF/BC1024KE.SF", "META-INF/BC1024KE.DSA", "META-INF/x.rsa", "META-INF/K.EC",
                "META-INF/SIG-OTHER")) {
            assertThat(JarSignatureStripper.isSignatureFile(name)).as(name).isTrue();
        }
        for (String name : List.of("META-INF/MANIFEST.MF", "META-INF/sub/X.SF", "a/META-INF/X.SF", "X.SF",
                "META-INF/versions/9/module-info.class")) {
            assertThat(JarSignatureStripper.isSignatureFile(name)).as(name).isFalse();
        }
    }

    /** The build's bcprov jar, as Maven resolved it (signed by the Legion of the Bouncy Castle). */
    private static Path bouncyCastleJar() throws Exception {
        return Path.of(BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Whether reading {@code entryName} through a verifying JarFile yields code signers. */
    private static boolean codeSignersOf(Path jar, String entryName) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            JarEntry entry = file.getJarEntry(entryName);
            try (InputStream in = file.getInputStream(entry)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return entry.getCodeSigners() != null;
        }
    }

    private static Map<String, byte[]> contents(Path jar) throws IOException {
        Map<String, byte[]> contents = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    contents.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return contents;
    }
}
