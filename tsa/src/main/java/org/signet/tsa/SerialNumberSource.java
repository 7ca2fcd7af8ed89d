package org.signet.tsa;

import java.math.BigInteger;

/** Where token serial numbers come from: unique and increasing for the TSA as a whole. */
public interface SerialNumberSource {

    BigInteger next();
}
