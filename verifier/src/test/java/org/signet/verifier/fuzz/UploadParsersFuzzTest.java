package org.signet.verifier.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.signet.verifier.UploadParsers;

/**
 * Jazzer over the upload parsers ({@link UploadParsers}), seeded with the DSS corpus. In the normal
 * suite Jazzer runs in regression mode: every seed once. The long, coverage-guided run:
 * {@code JAZZER_FUZZ=1 mvn -pl verifier -am verify -Dtest=UploadParsersFuzzTest -Djazzer.hooks=true ...}
 * (the full command, with the instrumentation includes, is in docs/security.md)
 * (bounded by {@code maxDuration}; findings are written to
 * {@code src/test/resources/org/signet/verifier/fuzz/UploadParsersFuzzTestInputs/}).
 */
class UploadParsersFuzzTest {

    private static UploadParsers parsers;

    @BeforeAll
    static void parsers() {
        parsers = new UploadParsers();
    }

    static Stream<Arguments> corpus() {
        return UploadParsers.corpus().stream().map(UploadParsersFuzzTest::read).map(bytes -> Arguments.of((Object) bytes));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @MethodSource("corpus")
    @FuzzTest(maxDuration = "10m")
    void uploadWhenArbitraryBytesThenVerdictOrClientProblem(byte[] upload) {
        parsers.accept(upload, "upload");
    }
}
