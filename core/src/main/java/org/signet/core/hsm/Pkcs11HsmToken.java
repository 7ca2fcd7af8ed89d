package org.signet.core.hsm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

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
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DEVICE_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DEVICE_REMOVED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OPERATION_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_CLOSED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SESSION_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_SLOT_ID_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_PRESENT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_TOKEN_NOT_RECOGNIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
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
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ENCRYPTED_DATA_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ENCRYPTED_DATA_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;

/**
 * {@link HsmToken} over a PKCS#11 module through ipkcs11wrapper. The token is found by label; the
 * wrapper keeps a pool of at most {@link HsmProperties#maxSessions()} logged-in sessions, so at
 * most that many threads are inside the module at once and the rest wait their turn (SoftHSM
 * serialises much of its work on internal mutexes; letting every request thread in lowers
 * throughput). Signatures are made by as many dedicated signer threads ({@link SignerThreads}), which
 * keep the sessions busy while jobs are queued instead of handing each session to a parked request
 * thread.
 *
 * <p>Recovery: a lost session, a logged-out token, a reset or removed token surface as PKCS#11
 * errors (see {@link #isRecoverable}). The operation then re-opens the token — find it again by
 * label (its slot may have changed), a new session pool, log in again — and is tried once more.
 * If the token cannot be found, the module is finalised and initialised again (SoftHSM, like many
 * modules, only sees a re-created token after C_Initialize), under an exclusive lock shared by every
 * token object of the library ({@link ModuleLifecycle}), so no operation is inside the module; the
 * others notice the new epoch and re-open their pools before their next operation. Object handles belong to one generation of the
 * pool: signing resolves the key's handle from its CKA_ID for the current generation, never from a
 * handle that an earlier lookup returned. While the token stays unusable, operations fail fast with
 * {@link HsmException} and a new attempt is made after {@link HsmProperties#retryAfterFailure()}.
 */
public final class Pkcs11HsmToken implements HsmToken {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11HsmToken.class);

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Return codes after which re-opening the token may help (sessions, login, handles, device). */
    private static final Set<Long> RECOVERABLE = Set.of(CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED, CKR_USER_NOT_LOGGED_IN,
            CKR_DEVICE_REMOVED, CKR_DEVICE_ERROR, CKR_TOKEN_NOT_PRESENT, CKR_TOKEN_NOT_RECOGNIZED, CKR_GENERAL_ERROR,
            CKR_CRYPTOKI_NOT_INITIALIZED, CKR_SLOT_ID_INVALID, CKR_KEY_HANDLE_INVALID, CKR_OBJECT_HANDLE_INVALID,
            // the wrapper swallows a failed C_SignInit (e.g. CKR_KEY_HANDLE_INVALID) and C_Sign then says this
            CKR_OPERATION_NOT_INITIALIZED);
    /** Key certificates by DER: every key lookup reads the certificate, parsing it once is enough. */
    private final ParsedCertificateCache<ByteBuffer, CertificateToken> certificates = new ParsedCertificateCache<>(256);

    /** How long a signing job may wait for a signer thread, as long as the wrapper would wait for a session. */
    private static final Duration SIGNING_QUEUE_WAIT = Duration.ofSeconds(10);

    private final PKCS11Module module;
    private final HsmProperties properties;
    /** The only threads that sign: at most maxSessions signers inside the module (see {@link #signDigests}). */
    private final SignerThreads signerThreads;
    private final HsmObserver observer;
    private final String label;
    /** Operations hold the read lock; re-opening the token holds the write lock (no operation inside). */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Shared by every token object of this library: C_Finalize is process-wide. */
    private final ModuleLifecycle moduleLifecycle;
    /** CKA_ID (hex) of a private key -> its handle in the current pool generation. */
    private final ConcurrentHashMap<String, Long> handles = new ConcurrentHashMap<>();

    private volatile Pool token;
    private volatile long slotId;
    private volatile long generation;
    private volatile boolean unavailable;
    /** Set by {@link #close()}: every later operation fails instead of re-opening sessions. */
    private volatile boolean closed;
    private volatile long retryAtNanos;
    private volatile String unavailableReason = "";

    private Pkcs11HsmToken(PKCS11Module module, HsmProperties properties, HsmObserver observer, Pool token, long slotId) {
        this.module = module;
        this.properties = properties;
        this.observer = observer;
        this.signerThreads = new SignerThreads(properties.tokenLabel(), properties.maxSessions(), SIGNING_QUEUE_WAIT);
        this.label = properties.tokenLabel();
        this.moduleLifecycle = ModuleLifecycle.of(properties.library());
        this.token = token;
        this.slotId = slotId;
    }

    /** Loads the module, finds the token by label and logs in with the PIN. */
    public static Pkcs11HsmToken open(HsmProperties properties) {
        return open(properties, HsmObserver.NONE);
    }

    /** As {@link #open(HsmProperties)}, telling {@code observer} about failures and recoveries. */
    public static Pkcs11HsmToken open(HsmProperties properties, HsmObserver observer) {
        PKCS11Module module = loadModule(properties.library());
        try {
            Slot slot = findSlot(module, properties.tokenLabel());
            Pool token = openPool(slot, properties, ModuleLifecycle.of(properties.library()).epoch());
            log.info("HSM token '{}' opened in slot {} with up to {} sessions", properties.tokenLabel(),
                    Long.toUnsignedString(slot.getSlotID()), properties.maxSessions());
            return new Pkcs11HsmToken(module, properties, observer == null ? HsmObserver.NONE : observer, token, slot.getSlotID());
        }
        catch (TokenException ex) {
            // The wrapper's message names the PKCS#11 return code (e.g. CKR_PIN_INCORRECT), never the PIN.
            throw new HsmException("Cannot log in to HSM token '" + properties.tokenLabel() + "': " + ex.getMessage(), ex);
        }
    }

    /**
     * A session pool for the slot, logged in. The wrapper keeps the PIN array to log new sessions in
     * (after a lost session or a logout), so the copy lives as long as the pool and is wiped by
     * {@link Pool#close()}; wiping it earlier made every later re-login fail with CKR_PIN_INCORRECT.
     */
    private static Pool openPool(Slot slot, HsmProperties properties, long epoch) throws TokenException {
        char[] pinChars;
        try (TokenPin pin = TokenPin.from(properties)) {
            pinChars = pin.copy();
        }
        try {
            return new Pool(new PKCS11Token(slot.getToken(), false, pinChars, properties.maxSessions()), pinChars, epoch);
        }
        catch (TokenException | RuntimeException ex) {
            Arrays.fill(pinChars, '\0');
            throw ex;
        }
    }

    /** The wrapper's session pool, the PIN copy it logs in with, and the module epoch it was opened in. */
    private record Pool(PKCS11Token sessions, char[] pin, long epoch) {

        /**
         * Closes the sessions if they still belong to this pool: after a re-initialisation their handle
         * numbers may name other token objects' new sessions, so the pool is only dropped.
         */
        void close(long currentEpoch) {
            if (epoch == currentEpoch) {
                sessions.closeAllSessions();
            }
            Arrays.fill(pin, '\0');
        }
    }

    /** The pool was opened before the module was re-initialised (by any token object): re-open first. */
    private static final class StalePool extends TokenException {

        private static final long serialVersionUID = 1L;

        StalePool() {
            super("the PKCS#11 module was re-initialised");
        }
    }

    /**
     * Loads and initialises the module. A PKCS#11 module is initialised once per process, so a module
     * already initialised (another token object, another application context in the same JVM) is
     * fine; for the same reason {@link #close()} never calls C_Finalize, which would cut every other
     * user of the library off. Only recovery from a lost token does (see the class comment).
     */
    private static PKCS11Module loadModule(String library) {
        try {
            PKCS11Module module = PKCS11Module.getInstance(library);
            initialise(module);
            return module;
        }
        catch (IOException | TokenException ex) {
            throw new HsmException("Cannot load the PKCS#11 module " + library + ": " + ex.getMessage(), ex);
        }
    }

    private static void initialise(PKCS11Module module) throws PKCS11Exception {
        try {
            module.initialize();
        }
        catch (PKCS11Exception ex) {
            if (ex.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw ex;
            }
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

    // ---------------------------------------------------------------- recovery

    @FunctionalInterface
    private interface TokenCall<T> {
        T call(PKCS11Token pool) throws TokenException, IOException;
    }

    /**
     * Runs one token operation: fails fast while the token is known to be unusable, and after a
     * recoverable error re-opens the token and tries exactly once more.
     */
    private <T> T call(String operation, String failure, TokenCall<T> call) {
        if (closed) {
            // Its PIN is wiped; the module would otherwise quietly open new sessions for a closed token.
            throw new HsmException("The HSM token '" + label + "' is closed");
        }
        long seen = usableGeneration(operation);
        try {
            return attempt(call);
        }
        catch (TokenException ex) {
            String reason = reasonOf(ex);
            observer.operationFailed(operation, reason);
            if (!isRecoverable(ex)) {
                throw new HsmException(failure + ": " + ex.getMessage(), ex);
            }
            log.warn("HSM {} on token '{}' failed with {}; re-opening the token and trying once more", operation, label, reason);
            recover(seen);
            try {
                return attempt(call);
            }
            catch (TokenException | IOException again) {
                observer.operationFailed(operation, again instanceof TokenException te ? reasonOf(te) : "io");
                throw new HsmException(failure + ": " + again.getMessage(), again);
            }
        }
        catch (IOException ex) {
            observer.operationFailed(operation, "io");
            throw new HsmException(failure + ": " + ex.getMessage(), ex);
        }
    }

    private <T> T attempt(TokenCall<T> call) throws TokenException, IOException {
        lifecycle.readLock().lock();
        moduleLifecycle.lock.readLock().lock();
        try {
            Pool pool = token;
            if (pool.epoch() != moduleLifecycle.epoch()) {
                throw new StalePool();
            }
            return call.call(pool.sessions());
        }
        finally {
            moduleLifecycle.lock.readLock().unlock();
            lifecycle.readLock().unlock();
        }
    }

    /** The current generation; while unusable, fails fast or (once the wait is over) tries to recover first. */
    private long usableGeneration(String operation) {
        long seen = generation;
        if (unavailable) {
            if (System.nanoTime() - retryAtNanos < 0) {
                observer.operationFailed(operation, "unavailable");
                throw unavailableException(null);
            }
            recover(seen);
            return generation;
        }
        return seen;
    }

    private HsmException unavailableException(Throwable cause) {
        return new HsmException("HSM token '" + label + "' is unavailable (" + unavailableReason + "); retrying every "
                + properties.retryAfterFailure().toMillis() + " ms", cause);
    }

    static boolean isRecoverable(TokenException ex) {
        if (ex instanceof StalePool) {
            return true;
        }
        if (ex instanceof PKCS11Exception pkcs11) {
            return RECOVERABLE.contains(pkcs11.getErrorCode());
        }
        // the wrapper's own "could not borrow session after N tries": every pooled session was dead
        return ex.getMessage() != null && ex.getMessage().startsWith("could not borrow session");
    }

    private String reasonOf(TokenException ex) {
        if (ex instanceof StalePool) {
            return "module-reinitialised";
        }
        if (ex instanceof PKCS11Exception pkcs11) {
            String name = module.codeToName(org.xipki.pkcs11.wrapper.PKCS11Constants.Category.CKR, pkcs11.getErrorCode());
            return name == null || !name.startsWith("CKR_") ? "CKR_VENDOR_DEFINED" : name;
        }
        return ex.getMessage() != null && ex.getMessage().startsWith("could not borrow session") ? "no-session" : "token";
    }

    /**
     * Re-opens the token unless another thread already did since {@code seen}: find it by label and
     * open a new pool; if that fails, finalise and initialise the module and try again. Throws
     * {@link HsmException} (and fails fast for a while) when the token still cannot be used.
     */
    private void recover(long seen) {
        lifecycle.writeLock().lock();
        try {
            if (generation != seen) {
                if (unavailable) {
                    throw unavailableException(null);
                }
                return;
            }
            handles.clear();
            boolean reinitialised = false;
            Slot slot;
            Pool pool;
            moduleLifecycle.lock.readLock().lock();
            long epochSeen = moduleLifecycle.epoch();
            try {
                token.close(epochSeen);
                slot = findSlot(module, label);
                pool = openPool(slot, properties, epochSeen);
            }
            catch (TokenException | HsmException first) {
                log.warn("HSM token '{}' cannot be re-opened ({}); finalising and initialising the PKCS#11 module", label,
                        first.getMessage());
                slot = null;
                pool = null;
            }
            finally {
                moduleLifecycle.lock.readLock().unlock();
            }
            if (pool == null) {
                // C_Finalize + C_Initialize with no operation of any token object of this library inside the module
                moduleLifecycle.lock.writeLock().lock();
                try {
                    long epoch = moduleLifecycle.epoch();
                    if (epoch == epochSeen) {
                        reinitialised = true;
                        try {
                            module.finalize(null);
                        }
                        catch (PKCS11Exception ex) {
                            log.debug("C_Finalize: {}", ex.getMessage());
                        }
                        initialise(module);
                        epoch = moduleLifecycle.reinitialised();
                    }
                    slot = findSlot(module, label);
                    pool = openPool(slot, properties, epoch);
                }
                finally {
                    moduleLifecycle.lock.writeLock().unlock();
                }
            }
            long previousSlot = slotId;
            token = pool;
            slotId = slot.getSlotID();
            unavailable = false;
            generation++;
            observer.recovered(reinitialised);
            log.warn("HSM token '{}' re-opened in slot {}{}{}", label, Long.toUnsignedString(slotId),
                    previousSlot == slotId ? "" : " (was slot " + Long.toUnsignedString(previousSlot) + ")",
                    reinitialised ? " after re-initialising the module" : "");
        }
        catch (TokenException | HsmException ex) {
            unavailable = true;
            unavailableReason = ex instanceof TokenException te ? reasonOf(te) : "token not found";
            retryAtNanos = System.nanoTime() + properties.retryAfterFailure().toNanos();
            generation++;
            observer.recoveryFailed(unavailableReason);
            log.error("HSM token '{}' is unavailable: {}", label, ex.getMessage());
            throw unavailableException(ex);
        }
        finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * The handle of the private key with this CKA_ID in the current pool generation. A key that is
     * not found while the token does not answer is a token failure (SoftHSM answers an empty search
     * when its token directory has gone), not a missing key.
     */
    private long handleOf(PKCS11Token pool, String idHex, String keyLabel) throws TokenException {
        Long cached = handles.get(idHex);
        if (cached != null) {
            return cached;
        }
        long[] found = pool.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).id(fromHex(idHex)), 2);
        if (found.length != 1) {
            pool.getToken().getTokenInfo();
            throw new HsmException(found.length == 0 ? "Key '" + keyLabel + "' is no longer in HSM token '" + label + "'"
                    : "More than one private key has the CKA_ID of key '" + keyLabel + "'");
        }
        handles.put(idHex, found[0]);
        return found[0];
    }

    /** An empty search result is only believed when the token still answers (see {@link #handleOf}). */
    private static void checkAnswers(PKCS11Token pool) throws TokenException {
        pool.getToken().getTokenInfo();
    }

    // ---------------------------------------------------------------- operations

    @Override
    public List<TokenKey> listKeys() {
        return call("list-keys", "Cannot list keys in HSM token '" + label + "'", pool -> {
            List<TokenKey> keys = new ArrayList<>();
            long[] privates = pool.findAllObjects(new AttributeVector().class_(CKO_PRIVATE_KEY));
            if (privates.length == 0) {
                checkAnswers(pool);
            }
            for (long handle : privates) {
                AttributeVector attrs = pool.getAttrValues(handle, CKA_LABEL, CKA_ID, CKA_KEY_TYPE);
                toTokenKey(pool, handle, attrs).ifPresent(keys::add);
            }
            return keys;
        });
    }

    @Override
    public Optional<TokenKey> findKey(String keyLabel) {
        return call("find-key", "Cannot look up key '" + keyLabel + "' in HSM token '" + label + "'", pool -> {
            long[] found = pool.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).label(keyLabel), 2);
            if (found.length == 0) {
                checkAnswers(pool);
                return Optional.empty();
            }
            if (found.length > 1) {
                throw new HsmException("More than one private key is labelled '" + keyLabel + "' in token '" + label + "'");
            }
            AttributeVector attrs = pool.getAttrValues(found[0], CKA_LABEL, CKA_ID, CKA_KEY_TYPE);
            return toTokenKey(pool, found[0], attrs);
        });
    }

    private Optional<TokenKey> toTokenKey(PKCS11Token pool, long handle, AttributeVector attrs) throws TokenException {
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
        long[] certs = pool.findObjects(new AttributeVector().class_(CKO_CERTIFICATE).id(id), 1);
        if (certs.length == 0) {
            return Optional.empty();
        }
        byte[] der = pool.getAttrValues(certs[0], CKA_VALUE).value();
        CertificateToken certificate = certificates.get(ByteBuffer.wrap(der), encoded -> DSSUtils.loadCertificate(der));
        handles.put(toHex(id), handle);
        return Optional.of(new TokenKey(attrs.label(), toHex(id), algorithm, certificate, handle));
    }

    @Override
    public SignatureValue signDigest(TokenKey key, Digest digest) {
        return signDigests(key, List.of(digest)).get(0);
    }

    /** The batch is one job for a signer thread: one hand-off between threads, not one per signature. */
    @Override
    public List<SignatureValue> signDigests(TokenKey key, List<Digest> digests) {
        BigInteger order = key.algorithm() == EncryptionAlgorithm.RSA ? null
                : ((ECPublicKey) key.certificate().getPublicKey()).getParams().getOrder();
        return onSignerThread(key.label(), () -> {
            List<SignatureValue> values = new ArrayList<>(digests.size());
            for (Digest digest : digests) {
                values.add(sign(key.label(), key.idHex(), key.algorithm(), order, digest));
            }
            return values;
        });
    }

    @Override
    public SignatureValue signDigest(GeneratedKey key, Digest digest) {
        BigInteger order = key.spec().curve() == null ? null : ECNamedCurveTable.getByOID(key.spec().curve()).getN();
        return onSignerThread(key.label(), () -> sign(key.label(), key.idHex(), key.algorithm(), order, digest));
    }

    /**
     * Runs {@code signing} on one of the {@code maxSessions} signer threads, waiting at most as long
     * as the wrapper would wait for a session (10 s) for it to start. With no more signers than
     * sessions, the wrapper's session queue never parks a thread.
     */
    private <T> T onSignerThread(String keyLabel, java.util.function.Supplier<T> signing) {
        return signerThreads.run("HSM signing with key '" + keyLabel + "'", signing,
                () -> observer.operationFailed("sign", "busy"));
    }

    private SignatureValue sign(String keyLabel, String idHex, EncryptionAlgorithm algorithm, BigInteger ecOrder, Digest digest) {
        SignatureAlgorithm signatureAlgorithm = SignatureAlgorithm.getAlgorithm(algorithm, digest.getAlgorithm());
        byte[] value = call("sign", "HSM signing with key '" + keyLabel + "' failed", pool -> {
            long handle = handleOf(pool, idHex, keyLabel);
            if (algorithm == EncryptionAlgorithm.RSA) {
                byte[] digestInfo = new DigestInfo(
                        new AlgorithmIdentifier(new ASN1ObjectIdentifier(digest.getAlgorithm().getOid()), DERNull.INSTANCE),
                        digest.getValue()).getEncoded(ASN1Encoding.DER);
                return pool.sign(new Mechanism(CKM_RSA_PKCS), handle, digestInfo);
            }
            return plainToDer(ecOrder, pool.sign(new Mechanism(CKM_ECDSA), handle, digest.getValue()));
        });
        return new SignatureValue(signatureAlgorithm, value);
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
        return call("generate-key", "Cannot generate key pair '" + keyLabel + "' in HSM token '" + label + "'", pool -> {
            if (pool.findObjects(new AttributeVector().label(keyLabel), 1).length > 0) {
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
            PKCS11KeyPair pair = pool.generateKeyPair(mechanism, new KeyPairTemplate(privateTemplate, publicTemplate));
            log.info("Generated {} key pair '{}' in HSM token '{}'", spec.apiName(), keyLabel, label);
            handles.put(toHex(id), pair.getPrivateKey());
            return new GeneratedKey(keyLabel, toHex(id), spec, publicKeyInfo(pool, pair.getPublicKey(), spec), pair.getPrivateKey());
        });
    }

    @Override
    public Optional<GeneratedKey> findGeneratedKey(String keyLabel) {
        return call("find-key", "Cannot look up key '" + keyLabel + "' in HSM token '" + label + "'", pool -> {
            long[] privates = pool.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).label(keyLabel), 2);
            if (privates.length != 1) {
                if (privates.length == 0) {
                    checkAnswers(pool);
                }
                return Optional.empty();
            }
            AttributeVector attrs = pool.getAttrValues(privates[0], CKA_ID, CKA_KEY_TYPE);
            long[] publics = pool.findObjects(new AttributeVector().class_(CKO_PUBLIC_KEY).id(attrs.id()), 1);
            if (publics.length == 0) {
                return Optional.empty();
            }
            KeySpec spec = specOf(pool, publics[0], attrs.keyType());
            handles.put(toHex(attrs.id()), privates[0]);
            return Optional.of(new GeneratedKey(keyLabel, toHex(attrs.id()), spec, publicKeyInfo(pool, publics[0], spec), privates[0]));
        });
    }

    private static KeySpec specOf(PKCS11Token pool, long publicHandle, Long keyType) throws TokenException {
        if (keyType != null && keyType == CKK_RSA) {
            int bits = pool.getAttrValues(publicHandle, CKA_MODULUS).modulus().bitLength();
            return bits > 2048 ? KeySpec.RSA_3072 : KeySpec.RSA_2048;
        }
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(pool.getAttrValues(publicHandle, CKA_EC_PARAMS).ecParams());
        return Arrays.stream(KeySpec.values()).filter(k -> curve.equals(k.curve())).findFirst()
                .orElseThrow(() -> new HsmException("Unsupported curve " + curve));
    }

    /** The public key object as SubjectPublicKeyInfo (RSA modulus/exponent, or EC point on its named curve). */
    private static SubjectPublicKeyInfo publicKeyInfo(PKCS11Token pool, long publicHandle, KeySpec spec) throws TokenException, IOException {
        if (spec.algorithm() == EncryptionAlgorithm.RSA) {
            AttributeVector attrs = pool.getAttrValues(publicHandle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(attrs.modulus(), attrs.publicExponent()));
        }
        byte[] point = pool.getAttrValues(publicHandle, CKA_EC_POINT).ecPoint();
        // PKCS#11 wraps the point in a DER OCTET STRING; X.509 wants the bare point.
        byte[] bare = point.length > 0 && point[0] == 0x04 && point.length % 2 == 0
                ? ASN1OctetString.getInstance(point).getOctets() : point;
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, spec.curve()), bare);
    }

    @Override
    public void storeCertificate(GeneratedKey key, byte[] certificateDer) {
        call("store-certificate", "Cannot store the certificate of key '" + key.label() + "'", pool -> {
            Certificate certificate = Certificate.getInstance(certificateDer);
            AttributeVector template = AttributeVector.newX509Certificate().token(true).private_(false)
                    .label(key.label()).id(fromHex(key.idHex())).value(certificateDer)
                    .subject(certificate.getSubject().getEncoded(ASN1Encoding.DER));
            return pool.createObject(template);
        });
    }

    @Override
    public int destroyKey(String keyLabel) {
        return call("destroy-key", "Cannot destroy key '" + keyLabel + "'", pool -> {
            long[] found = pool.findAllObjects(new AttributeVector().label(keyLabel));
            for (long handle : found) {
                pool.destroyObject(handle);
            }
            handles.clear();
            log.info("Destroyed {} object(s) labelled '{}' in HSM token '{}'", found.length, keyLabel, label);
            return found.length;
        });
    }

    private static byte[] fromHex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    @Override
    public KeyProtection protectionOf(TokenKey key) {
        return call("read-attributes", "Cannot read attributes of key '" + key.label() + "'",
                pool -> protection(pool, handleOf(pool, key.idHex(), key.label())));
    }

    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    @Override
    public byte[] encrypt(String secretKeyLabel, byte[] plaintext, byte[] aad) {
        byte[] iv = new byte[GCM_IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = call("encrypt", "Encryption with secret key '" + secretKeyLabel + "' failed", pool ->
                pool.encrypt(new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, aad, GCM_TAG_BITS)), secretKey(pool, secretKeyLabel),
                        plaintext));
        byte[] sealed = new byte[iv.length + ciphertext.length];
        System.arraycopy(iv, 0, sealed, 0, iv.length);
        System.arraycopy(ciphertext, 0, sealed, iv.length, ciphertext.length);
        return sealed;
    }

    @Override
    public byte[] decrypt(String secretKeyLabel, byte[] sealed, byte[] aad) {
        if (sealed == null || sealed.length < GCM_IV_BYTES + GCM_TAG_BITS / 8) {
            throw new SealedDataException("The sealed data is too short to be an AES-GCM ciphertext.");
        }
        byte[] iv = Arrays.copyOfRange(sealed, 0, GCM_IV_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(sealed, GCM_IV_BYTES, sealed.length);
        return call("decrypt", "Decryption with secret key '" + secretKeyLabel + "' failed", pool -> {
            long key = secretKey(pool, secretKeyLabel);
            try {
                return pool.decrypt(new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, aad, GCM_TAG_BITS)), key, ciphertext);
            }
            catch (PKCS11Exception ex) {
                // A tag mismatch is CKR_ENCRYPTED_DATA_INVALID by the standard; SoftHSM 2.6 answers
                // CKR_GENERAL_ERROR. The key was found and read just before in this same session, so the
                // token works: both mean "does not open" (the caller refuses, nothing is released), and
                // it is not a token failure to recover from.
                long code = ex.getErrorCode();
                if (code == CKR_ENCRYPTED_DATA_INVALID || code == CKR_ENCRYPTED_DATA_LEN_RANGE || code == CKR_GENERAL_ERROR) {
                    throw new SealedDataException("The sealed data does not open under secret key '" + secretKeyLabel
                            + "' for this record (changed, or sealed for another record).");
                }
                throw ex;
            }
        });
    }

    @Override
    public Optional<KeyProtection> secretKeyProtection(String secretKeyLabel) {
        return call("read-attributes", "Cannot read attributes of secret key '" + secretKeyLabel + "'", pool -> {
            long[] handles = pool.findObjects(new AttributeVector().class_(CKO_SECRET_KEY).label(secretKeyLabel), 2);
            return handles.length != 1 ? Optional.<KeyProtection>empty() : Optional.of(protection(pool, handles[0]));
        });
    }

    /** The one AES key of this label, refused unless sensitive and never extractable since generation. */
    private long secretKey(PKCS11Token pool, String secretKeyLabel) throws TokenException {
        long[] handles = pool.findObjects(new AttributeVector().class_(CKO_SECRET_KEY).label(secretKeyLabel), 2);
        if (handles.length != 1) {
            if (handles.length == 0) {
                checkAnswers(pool);
            }
            throw new HsmException(handles.length == 0
                    ? "No secret key labelled '" + secretKeyLabel + "' in HSM token '" + label + "' (run hsm-config/provision.sh)"
                    : "More than one secret key is labelled '" + secretKeyLabel + "' in HSM token '" + label + "'");
        }
        Long type = pool.getAttrValues(handles[0], CKA_KEY_TYPE).keyType();
        KeyProtection protection = protection(pool, handles[0]);
        if (type == null || type != CKK_AES || !protection.isHardened()) {
            throw new HsmException("The secret key '" + secretKeyLabel + "' is not a sensitive, never extractable AES key generated in the token");
        }
        return handles[0];
    }

    private static KeyProtection protection(PKCS11Token pool, long handle) throws TokenException {
        AttributeVector attrs = pool.getAttrValues(handle, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
                CKA_NEVER_EXTRACTABLE, CKA_LOCAL);
        return new KeyProtection(isTrue(attrs.sensitive()), !isFalse(attrs.extractable()),
                isTrue(attrs.alwaysSensitive()), isTrue(attrs.neverExtractable()), isTrue(attrs.local()));
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean isFalse(Boolean value) {
        return Boolean.FALSE.equals(value);
    }

    @Override
    public TokenStatus status() {
        TokenInfo info = call("status", "HSM token '" + label + "' is not usable", pool -> pool.getToken().getTokenInfo());
        return new TokenStatus(label, slotId, info.getManufacturerID().trim(), info.getModel().trim(), listKeys().size());
    }

    /**
     * A cheap check that the token answers and a pooled session is logged in (C_GetTokenInfo and
     * C_FindObjects for the key, no signature); recovers the token like any other operation.
     */
    @Override
    public boolean hasKey(String keyLabel) {
        return call("status", "HSM token '" + label + "' is not usable", pool -> {
            long[] found = pool.findObjects(new AttributeVector().class_(CKO_PRIVATE_KEY).label(keyLabel), 1);
            checkAnswers(pool);
            return found.length == 1;
        });
    }

    /**
     * Closes this object's sessions only. The module stays initialised for the life of the process
     * (see {@link #loadModule(String)}); the token logs the application out when its last session closes.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        moduleLifecycle.lock.readLock().lock();
        try {
            closed = true;
            signerThreads.close();
            token.close(moduleLifecycle.epoch());
        }
        finally {
            moduleLifecycle.lock.readLock().unlock();
            lifecycle.writeLock().unlock();
        }
    }

    /** For tests: the PKCS#11 module this token lives in (to close sessions behind the pool's back). */
    PKCS11Module module() {
        return module;
    }

    long slotId() {
        return slotId;
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
