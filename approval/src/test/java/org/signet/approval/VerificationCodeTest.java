package org.signet.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class VerificationCodeTest {

    private static byte[] sha256(String text) {
        return VerificationCode.sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ofWhenTwoDigestsThenLastTwoBytesOfTheirHashModTenThousand() {
        // Computed by hand: (printf a | openssl dgst -sha256 -binary; printf b | openssl dgst -sha256 -binary)
        //   | openssl dgst -sha256  ->  ...3963f94a; 0xf94a = 63818; 63818 mod 10000 = 3818
        assertThat(HexFormat.of().formatHex(sha256("a")))
                .isEqualTo("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        assertThat(VerificationCode.of(List.of(sha256("a"), sha256("b")))).isEqualTo("3818");
    }

    @Test
    void ofWhenSmallValueThenZeroPaddedToFourDigits() {
        // Find digests whose code is below 1000 and check it keeps four digits.
        for (int i = 0; i < 10_000; i++) {
            String code = VerificationCode.of(List.of(sha256("doc-" + i)));
            assertThat(code).matches("\\d{4}");
            if (code.startsWith("0")) {
                return;
            }
        }
        throw new AssertionError("no code with a leading zero in 10000 tries");
    }

    @Test
    void ofWhenOneDigestSwappedThenCodeDiffersForThisExample() {
        assertThat(VerificationCode.of(List.of(sha256("a"), sha256("c"))))
                .isNotEqualTo(VerificationCode.of(List.of(sha256("a"), sha256("b"))));
    }
}
