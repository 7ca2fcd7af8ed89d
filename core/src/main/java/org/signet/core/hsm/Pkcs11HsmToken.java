package org.signet.core.hsm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.model.Digest;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.signet.core.pki.ParsedCertificateCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.PKCS11Token;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.TokenInfo;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_RSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;

/**
 * {@link HsmToken} over a PKCS#11 module through ipkcs11wrapper. The token is found by label; the
 * wrapper keeps a pool of at most {@link HsmProperties#maxSessions()} logged-in sessions, so at
 * most that many threads are inside the module at once and the rest wait their turn (SoftHSM
 * serialises much of its work on internal mutexes; letting every request thread in lowers
 * throughput).
 */
public final class Pkcs11HsmToken implements HsmToken {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11HsmToken.class);

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final PKCS11Token token;
    private final String label;
    private final long slotId;
    /** Key certificates by DER: every key lookup reads the certificate, parsing it once is enough. */
    private final ParsedCertificateCache<ByteBuffer, CertificateToken> certificates = new ParsedCertificateCache<>(256);

    private Pkcs11HsmToken(PKCS11Token token, String label, long slotId) {
        this.token = token;
        this.label = label;
        this.slotId = slotId;
    }

    /** Loads the module, finds the token by label and logs in with the PIN. */
    public static Pkcs11HsmToken open(HsmProperties properties) {
        PKCS11Module module = loadModule(properties.library());
        try (TokenPin pin = TokenPin.from(properties)) {
            Slot slot = findSlot(module, properties.tokenLabel());
            char[] pinChars = pin.copy();
            try {
                PKCS11Token token = new PKCS11Token(slot.getToken(), false, pinChars, properties.maxSessions());
                log.info("HSM token '{}' opened in slot {} with up to {} sessions", properties.tokenLabel(),
                        Long.toUnsignedString(slot.getSlotID()), properties.maxSessions());
                return new Pkcs11HsmToken(token, properties.tokenLabel(), slot.getSlotID());
            }
            finally {
                Arrays.fill(pinChars, '\0');
            }
        }
        catch (TokenException ex) {
            // The wrapper's message names the PKCS#11 return code (e.g. CKR_PIN_INCORRECT), never the PIN.
            throw new HsmException("Cannot log in to HSM token '" + properties.tokenLabel() + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * Loads and initialises the module. A PKCS#11 module is initialised once per process, so a module
     * already initialised (another token object, another application context in the same JVM) is
     * fine; for the same reason {@link #close()} never calls C_Finalize, which would cut every other
     * user of the library off.
     */
    private static PKCS11Module loadModule(String library) {
        try {
            PKCS11Module module = PKCS11Module.getInstance(library);
            try {
                module.initialize();
            }
            catch (PKCS11Exception ex) {
                if (ex.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                    throw ex;
                }
            }
            return module;
        }
        catch (IOException | TokenException ex) {
            throw new HsmException("Cannot load the PKCS#11 module " + library + ": " + ex.getMessage(), ex);
        }
    }

    private static Slot findSlot(PKCS11Module module, String tokenLabel) throws TokenException {
        List<Slot> matches = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Slot slot : module.getSlotList(true)) {
            TokenInfo info = slot.getToken().getTokenInfo();
            String slotLabel = info.getLabel() == null ? "" : info.getLabel().trim();
            if (!info.isTokenInitialized()) {
                continue;
            }
            seen.add(slotLabel);
            if (slotLabel.equals(tokenLabel)) {
                matches.add(slot);
            }
        }
        if (matches.isEmpty()) {
            throw new HsmException("No initialised token labelled '" + tokenLabel + "' (tokens present: " + seen
                    + "). Run hsm-config/provision.sh, and check that SOFTHSM2_CONF points at its softhsm2.conf.");
        }
        if (matches.size() > 1) {
            throw new HsmException("More than one token is labelled '" + tokenLabel + "'; refusing to guess which one to use");
        }
        return matches.get(0);
    }

    @Override
    public List<TokenKey> listKeys() {
        try {
            List<TokenKey> keys = new ArrayList<>();
            for (long handle : token.findAllObjects(new AttributeVector().class_(CKO_PRIVATE_KEY))) {
                AttributeVector attrs = token.getAttrValues(handle, CKA_LABEL,
                        CKA_ID, CKA_KEY_TYPE);
                toTokenKey(handle, attrs).ifPresent(keys::add);
            }
            return keys;
        }
        catch (TokenException ex) {
            throw new HsmException("Cannot list keys in HSM token '" + label + "': " + ex.getMessage(), ex);
        }
    }

    @Override
    public Optional<TokenKey> findKey(String keyLabel) {
        try {
            long[] handles = token.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).label(keyLabel), 2);
            if (handles.length == 0) {
                return Optional.empty();
            }
            if (handles.length > 1) {
                throw new HsmException("More than one private key is labelled '" + keyLabel + "' in token '" + label + "'");
            }
            AttributeVector attrs = token.getAttrValues(handles[0], CKA_LABEL,
                    CKA_ID, CKA_KEY_TYPE);
            return toTokenKey(handles[0], attrs);
        }
        catch (TokenException ex) {
            throw new HsmException("Cannot look up key '" + keyLabel + "' in HSM token '" + label + "': " + ex.getMessage(), ex);
        }
    }

    private Optional<TokenKey> toTokenKey(long handle, AttributeVector attrs) throws TokenException {
        byte[] id = attrs.id();
        Long keyType = attrs.keyType();
        if (id == null || keyType == null) {
            return Optional.empty();
        }
        EncryptionAlgorithm algorithm;
        if (keyType == CKK_RSA) {
            algorithm = EncryptionAlgorithm.RSA;
        }
        else if (keyType == CKK_EC) {
            algorithm = EncryptionAlgorithm.ECDSA;
        }
        else {
            return Optional.empty();
        }
        long[] certs = token.findObjects(new AttributeVector().class_(CKO_CERTIFICATE).id(id), 1);
        if (certs.length == 0) {
            return Optional.empty();
        }
        byte[] der = token.getAttrValues(certs[0], CKA_VALUE).value();
        CertificateToken certificate = certificates.get(ByteBuffer.wrap(der), encoded -> DSSUtils.loadCertificate(der));
        return Optional.of(new TokenKey(attrs.label(), toHex(id), algorithm, certificate, handle));
    }

    @Override
    public SignatureValue signDigest(TokenKey key, Digest digest) {
        BigInteger order = key.algorithm() == EncryptionAlgorithm.RSA ? null
                : ((ECPublicKey) key.certificate().getPublicKey()).getParams().getOrder();
        return sign(key.label(), key.handle(), key.algorithm(), order, digest);
    }

    @Override
    public SignatureValue signDigest(GeneratedKey key, Digest digest) {
        BigInteger order = key.spec().curve() == null ? null : ECNamedCurveTable.getByOID(key.spec().curve()).getN();
        return sign(key.label(), key.privateHandle(), key.algorithm(), order, digest);
    }

    private SignatureValue sign(String keyLabel, long handle, EncryptionAlgorithm algorithm, BigInteger ecOrder, Digest digest) {
        try {
            SignatureAlgorithm signatureAlgorithm = SignatureAlgorithm.getAlgorithm(algorithm, digest.getAlgorithm());
            byte[] value;
            if (algorithm == EncryptionAlgorithm.RSA) {
                byte[] digestInfo = new DigestInfo(
                        new AlgorithmIdentifier(new ASN1ObjectIdentifier(digest.getAlgorithm().getOid()), DERNull.INSTANCE),
                        digest.getValue()).getEncoded(ASN1Encoding.DER);
                value = token.sign(new Mechanism(CKM_RSA_PKCS), handle, digestInfo);
            }
            else {
                byte[] plain = token.sign(new Mechanism(CKM_ECDSA), handle, digest.getValue());
                value = plainToDer(ecOrder, plain);
            }
            return new SignatureValue(signatureAlgorithm, value);
        }
        catch (TokenException | IOException ex) {
            throw new HsmException("HSM signing with key '" + keyLabel + "' failed: " + ex.getMessage(), ex);
        }
    }

    /** CKM_ECDSA answers r||s; DSS and CMS want the DER SEQUENCE of the two integers. */
    private static byte[] plainToDer(BigInteger order, byte[] plain) throws IOException {
        int half = plain.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(plain, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(plain, half, plain.length));
        return StandardDSAEncoding.INSTANCE.encode(order, r, s);
    }

    @Override
    public GeneratedKey generateKeyPair(String keyLabel, KeySpec spec) {
        try {
            if (token.findObjects(new AttributeVector().label(keyLabel), 1).length > 0) {
                throw new HsmException("The token already holds objects labelled '" + keyLabel + "'");
            }
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            AttributeVector publicTemplate = new AttributeVector().class_(CKO_PUBLIC_KEY).token(true).private_(false)
                    .verify(true).label(keyLabel).id(id);
            AttributeVector privateTemplate = new AttributeVector().class_(CKO_PRIVATE_KEY).token(true).private_(true)
                    .sensitive(true).extractable(false).sign(true).label(keyLabel).id(id);
            Mechanism mechanism;
            if (spec.algorithm() == EncryptionAlgorithm.RSA) {
                publicTemplate.keyType(CKK_RSA).modulusBits(spec.bits()).publicExponent(BigInteger.valueOf(65537));
                privateTemplate.keyType(CKK_RSA);
                mechanism = new Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN);
            }
            else {
                publicTemplate.keyType(CKK_EC).ecParams(spec.curve().getEncoded(ASN1Encoding.DER));
                privateTemplate.keyType(CKK_EC);
                mechanism = new Mechanism(CKM_EC_KEY_PAIR_GEN);
            }
            PKCS11KeyPair pair = token.generateKeyPair(mechanism, new KeyPairTemplate(privateTemplate, publicTemplate));
            log.info("Generated {} key pair '{}' in HSM token '{}'", spec.apiName(), keyLabel, label);
            return new GeneratedKey(keyLabel, toHex(id), spec, publicKeyInfo(pair.getPublicKey(), spec), pair.getPrivateKey());
        }
        catch (TokenException | IOException ex) {
            throw new HsmException("Cannot generate key pair '" + keyLabel + "' in HSM token '" + label + "': " + ex.getMessage(), ex);
        }
    }

    @Override
    public Optional<GeneratedKey> findGeneratedKey(String keyLabel) {
        try {
            long[] privates = token.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).label(keyLabel), 2);
            if (privates.length != 1) {
                return Optional.empty();
            }
            AttributeVector attrs = token.getAttrValues(privates[0], CKA_ID, CKA_KEY_TYPE);
            long[] publics = token.findObjects(new AttributeVector().class_(CKO_PUBLIC_KEY).id(attrs.id()), 1);
            if (publics.length == 0) {
                return Optional.empty();
            }
            KeySpec spec = specOf(publics[0], attrs.keyType());
            return Optional.of(new GeneratedKey(keyLabel, toHex(attrs.id()), spec, publicKeyInfo(publics[0], spec), privates[0]));
        }
        catch (TokenException | IOException ex) {
            throw new HsmException("Cannot look up key '" + keyLabel + "' in HSM token '" + label + "': " + ex.getMessage(), ex);
        }
    }

    private KeySpec specOf(long publicHandle, Long keyType) throws TokenException {
        if (keyType != null && keyType == CKK_RSA) {
            int bits = token.getAttrValues(publicHandle, CKA_MODULUS).modulus().bitLength();
            return bits > 2048 ? KeySpec.RSA_3072 : KeySpec.RSA_2048;
        }
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(token.getAttrValues(publicHandle, CKA_EC_PARAMS).ecParams());
        return Arrays.stream(KeySpec.values()).filter(k -> curve.equals(k.curve())).findFirst()
                .orElseThrow(() -> new HsmException("Unsupported curve " + curve));
    }

    /** The public key object as SubjectPublicKeyInfo (RSA modulus/exponent, or EC point on its named curve). */
    private SubjectPublicKeyInfo publicKeyInfo(long publicHandle, KeySpec spec) throws TokenException, IOException {
        if (spec.algorithm() == EncryptionAlgorithm.RSA) {
            AttributeVector attrs = token.getAttrValues(publicHandle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(attrs.modulus(), attrs.publicExponent()));
        }
        byte[] point = token.getAttrValues(publicHandle, CKA_EC_POINT).ecPoint();
        // PKCS#11 wraps the point in a DER OCTET STRING; X.509 wants the bare point.
        byte[] bare = point.length > 0 && point[0] == 0x04 && point.length % 2 == 0
                ? ASN1OctetString.getInstance(point).getOctets() : point;
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, spec.curve()), bare);
    }

    @Override
    public void storeCertificate(GeneratedKey key, byte[] certificateDer) {
        try {
            Certificate certificate = Certificate.getInstance(certificateDer);
            AttributeVector template = AttributeVector.newX509Certificate().token(true).private_(false)
                    .label(key.label()).id(fromHex(key.idHex())).value(certificateDer)
                    .subject(certificate.getSubject().getEncoded(ASN1Encoding.DER));
            token.createObject(template);
        }
        catch (TokenException | IOException ex) {
            throw new HsmException("Cannot store the certificate of key '" + key.label() + "': " + ex.getMessage(), ex);
        }
    }

    @Override
    public int destroyKey(String keyLabel) {
        try {
            long[] handles = token.findAllObjects(new AttributeVector().label(keyLabel));
            for (long handle : handles) {
                token.destroyObject(handle);
            }
            log.info("Destroyed {} object(s) labelled '{}' in HSM token '{}'", handles.length, keyLabel, label);
            return handles.length;
        }
        catch (TokenException ex) {
            throw new HsmException("Cannot destroy key '" + keyLabel + "': " + ex.getMessage(), ex);
        }
    }

    private static byte[] fromHex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    @Override
    public KeyProtection protectionOf(TokenKey key) {
        try {
            AttributeVector attrs = token.getAttrValues(key.handle(), CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
                    CKA_NEVER_EXTRACTABLE, CKA_LOCAL);
            return new KeyProtection(isTrue(attrs.sensitive()), !isFalse(attrs.extractable()),
                    isTrue(attrs.alwaysSensitive()), isTrue(attrs.neverExtractable()), isTrue(attrs.local()));
        }
        catch (TokenException ex) {
            throw new HsmException("Cannot read attributes of key '" + key.label() + "': " + ex.getMessage(), ex);
        }
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean isFalse(Boolean value) {
        return Boolean.FALSE.equals(value);
    }

    @Override
    public TokenStatus status() {
        try {
            TokenInfo info = token.getToken().getTokenInfo();
            return new TokenStatus(label, slotId, info.getManufacturerID().trim(), info.getModel().trim(), listKeys().size());
        }
        catch (TokenException ex) {
            throw new HsmException("HSM token '" + label + "' is not usable: " + ex.getMessage(), ex);
        }
    }

    /**
     * Closes this object's sessions only. The module stays initialised for the life of the process
     * (see {@link #loadModule(String)}); the token logs the application out when its last session closes.
     */
    @Override
    public void close() {
        token.closeAllSessions();
    }

    private static String toHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    @Override
    public String toString() {
        return "Pkcs11HsmToken[" + label + " in slot " + Long.toUnsignedString(slotId) + "]";
    }
}
