package org.signet.tsa;

import java.math.BigInteger;

/** Where token serial numbers come from: unique for the TSA as a whole (RFC 3161 2.4.2), across every replica. */
public interface SerialNumberSource {

    BigInteger next();
}
