#!/usr/bin/env bash
# provision-idempotent.sh: end-to-end test of hsm-config/provision.sh.
#
# Provisions into a fresh temporary HOME, records the token state (objects,
# labels, ids, public keys), certificate fingerprints and PIN file hashes,
# provisions again and requires that nothing changed. Also checks the key
# attributes, certificate chains and profiles, and that two concurrent runs
# on one fresh HOME produce a single set of keys.
#
# Usage: hsm-config/test/provision-idempotent.sh     (exit 0 = all passed)
# The bash -c snippets below receive their values as "$1", "$2"... on purpose.
# shellcheck disable=SC2016
set -euo pipefail

HERE="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd)"
PROVISION="$HERE/../provision.sh"
LABELS=(seal officer citizen tsa audit)
declare -A IDS=([seal]=01 [officer]=02 [citizen]=03 [tsa]=04 [audit]=05)
declare -A KINDS=([seal]="RSA 2048" [officer]="RSA 2048" [citizen]="EC prime256v1" [tsa]="RSA 2048" [audit]="EC prime256v1")

# A fresh state: no PINs from the caller's environment, no foreign HOME.
unset SIGNET_HOME SIGNET_HSM_USER_PIN SIGNET_HSM_SO_PIN SIGNET_TOKEN_LABEL SOFTHSM2_CONF

TMP="$(mktemp -d)"
trap 'rm -rf -- "$TMP"' EXIT
H="$TMP/home"

PASSED=0
FAILED=0
check() {
    local desc="$1"
    shift
    if "$@" >/dev/null 2>&1; then
        PASSED=$((PASSED + 1))
        printf 'ok     %s\n' "$desc"
    else
        FAILED=$((FAILED + 1))
        printf 'FAIL   %s\n' "$desc"
    fi
}

finish() {
    printf '\n%d passed, %d failed\n' "$PASSED" "$FAILED"
    ((FAILED == 0))
    exit
}

# pkcs11-tool logged in; PIN via env:VAR like provision.sh does.
p11_user() (
    SIGNET_TEST_PIN="$(<"$1/secrets/hsm-user-pin")"
    export SIGNET_TEST_PIN
    shift
    exec pkcs11-tool --module "$SIGNET_HSM_LIBRARY" --token-label "$SIGNET_TOKEN_LABEL" \
        --login --pin env:SIGNET_TEST_PIN "$@"
)

load_env() {
    set -a
    # shellcheck disable=SC1091
    . "$1/signet-hsm.env"
    set +a
}

# One line per object ("class|label|id|details...") sorted, so the comparison
# does not depend on the order in which SoftHSM enumerates objects.
normalised_objects() {
    p11_user "$1" --list-objects 2>/dev/null | awk '
        /^[A-Za-z].*[Oo]bject/ { if (line != "") print line; line = $0; next }
        { gsub(/^[ \t]+/, ""); line = line "|" $0 }
        END { if (line != "") print line }' | sort
}

# snapshot HOME OUT: everything that must survive a second run unchanged.
snapshot() {
    local h="$1" out="$2" label f
    load_env "$h"
    {
        echo "## objects"
        normalised_objects "$h"
        echo "## public keys"
        for label in "${LABELS[@]}"; do
            p11_user "$h" --read-object --type pubkey --id "${IDS[$label]}" -o "$TMP/pub.der" >/dev/null 2>&1
            printf '%s %s\n' "$label" "$(sha256sum <"$TMP/pub.der" | cut -d' ' -f1)"
        done
        echo "## certificate fingerprints"
        for f in "$h"/pki/*.pem "$h"/pki/certs/*.pem; do
            case "$f" in *.crl.pem | */chain.pem) continue ;; esac
            printf '%s %s\n' "${f#"$h"/}" "$(openssl x509 -in "$f" -noout -fingerprint -sha256)"
        done
        echo "## PIN file hashes"
        sha256sum "$h/secrets/hsm-user-pin" "$h/secrets/hsm-so-pin" | sed "s|$h/||"
        echo "## all files except the token store (content, mode, mtime)"
        (cd "$h" && find . -path ./tokens -prune -o -type f -printf '%p %m %T@\n' | sort)
        (cd "$h" && find . -path ./tokens -prune -o -type f -exec sha256sum {} + | sort -k2)
    } >"$out"
}

# ---------------------------------------------------------------- run 1 ----
echo "== first run (fresh HOME $H)"
if ! "$PROVISION" "$H" >"$TMP/run1.log" 2>&1; then
    cat "$TMP/run1.log"
    check "first provisioning run succeeds" false
    finish
fi
cat "$TMP/run1.log"
check "first provisioning run succeeds" true
snapshot "$H" "$TMP/snap1"

# ---------------------------------------------------------------- run 2 ----
echo "== second run (from another cwd)"
if ! (cd / && "$PROVISION" "$H") >"$TMP/run2.log" 2>&1; then
    cat "$TMP/run2.log"
    check "second provisioning run succeeds" false
    finish
fi
cat "$TMP/run2.log"
check "second provisioning run succeeds" true
snapshot "$H" "$TMP/snap2"
if ! diff -u "$TMP/snap1" "$TMP/snap2"; then
    echo "state changed between runs (diff above)"
fi
check "second run leaves token objects, public keys, certificates, PINs and files identical" \
    cmp -s "$TMP/snap1" "$TMP/snap2"
check "second run generated/issued nothing" \
    bash -c '! grep -Eq "generated|issued|recovered|initialised|creating" "$1"' _ "$TMP/run2.log"
check "snapshot covers 5 keys and 5 certificates" \
    bash -c '[[ $(grep -c "^Private Key Object" "$1") == 5 && $(grep -c "^Certificate Object" "$1") == 5 ]]' _ "$TMP/snap1"

# ------------------------------------------------------------ secrecy ----
USER_PIN="$(<"$H/secrets/hsm-user-pin")"
SO_PIN="$(<"$H/secrets/hsm-so-pin")"
check "PINs never printed" bash -c '! grep -qF -e "$1" -e "$2" "$3" "$4"' _ "$USER_PIN" "$SO_PIN" "$TMP/run1.log" "$TMP/run2.log"
check "secrets/ is 0700, PIN files are 0600" \
    bash -c '[[ $(stat -c %a "$1/secrets") == 700 && $(stat -c %a "$1/secrets/hsm-user-pin") == 600 && $(stat -c %a "$1/secrets/hsm-so-pin") == 600 ]]' _ "$H"
check "PINs are 16 alphanumerics" bash -c '[[ $1 =~ ^[A-Za-z0-9]{16}$ && $2 =~ ^[A-Za-z0-9]{16}$ ]]' _ "$USER_PIN" "$SO_PIN"
check "CA keys are 0600" bash -c '[[ $(stat -c %a "$1/pki/root-ca.key") == 600 && $(stat -c %a "$1/pki/issuing-ca.key") == 600 ]]' _ "$H"

# ------------------------------------------------------- configuration ----
load_env "$H"
check "softhsm2.conf points at HOME/tokens" \
    grep -qx "directories.tokendir = $H/tokens" "$H/softhsm2.conf"
check "signet-hsm.env has the expected settings" bash -c '
    [[ $SOFTHSM2_CONF == "$1/softhsm2.conf" && $SIGNET_TOKEN_LABEL == signet &&
       $SIGNET_HSM_USER_PIN_FILE == "$1/secrets/hsm-user-pin" && $SIGNET_PKI_DIR == "$1/pki" &&
       -f $SIGNET_HSM_LIBRARY ]]' _ "$H"
# pkcs11-tool -L prints "Slot N (0xHEX): ..." then "token label : signet"
SLOT_HEX="$(pkcs11-tool --module "$SIGNET_HSM_LIBRARY" -L 2>/dev/null |
    awk '/^Slot [0-9]+ \(0x/ { s = $3; gsub(/[():]/, "", s) } /token label *: signet$/ { print s }')"
SLOT_BY_LABEL="$((SLOT_HEX))"
check "pkcs11.cfg: name, library and slot (= slot of token 'signet', decimal)" bash -c '
    grep -qx "name = signet" "$1" && grep -qx "library = $2" "$1" && grep -qx "slot = $3" "$1"' \
    _ "$H/pkcs11.cfg" "$SIGNET_HSM_LIBRARY" "$SLOT_BY_LABEL"

# ----------------------------------------------------------- token keys ----
p11_user "$H" --list-objects >"$TMP/objects.txt" 2>/dev/null
pkcs11-tool --module "$SIGNET_HSM_LIBRARY" --token-label signet --list-objects >"$TMP/objects-nologin.txt" 2>/dev/null

# block_of FILE CLASS LABEL: the object's block from --list-objects output
block_of() {
    awk -v c="$2" -v l="$3" '
        /^[A-Za-z].*[Oo]bject/ { if (blk != "" && keep) print blk; blk = $0; keep = (index($0, c) == 1); next }
        { blk = blk "\n" $0; if ($0 ~ /^[ \t]+label:/) { v = $0; sub(/^[ \t]+label:[ \t]*/, "", v); if (v != l) keep = 0 } }
        END { if (blk != "" && keep) print blk }' "$1"
}

for label in "${LABELS[@]}"; do
    id="${IDS[$label]}"
    priv="$(block_of "$TMP/objects.txt" "Private Key Object" "$label")"
    check "$label: private key present with CKA_ID $id" grep -qE "^[[:space:]]+ID:[[:space:]]+$id$" <<<"$priv"
    check "$label: private key sensitive, always sensitive, never extractable, local" \
        grep -qE "Access:[[:space:]]+sensitive, always sensitive, never extractable, local$" <<<"$priv"
    check "$label: private key not visible without login (CKA_PRIVATE)" \
        bash -c '[[ -z $1 ]]' _ "$(block_of "$TMP/objects-nologin.txt" "Private Key Object" "$label")"
    check "$label: public key and certificate objects share CKA_ID $id" bash -c '
        grep -qE "^[[:space:]]+ID:[[:space:]]+$3$" <<<"$1" && grep -qE "^[[:space:]]+ID:[[:space:]]+$3$" <<<"$2"' _ \
        "$(block_of "$TMP/objects.txt" "Public Key Object" "$label")" \
        "$(block_of "$TMP/objects.txt" "Certificate Object" "$label")" "$id"
    cert="$H/pki/certs/$label.pem"
    check "$label: openssl verify -CAfile root -untrusted issuing" \
        openssl verify -CAfile "$H/pki/root-ca.pem" -untrusted "$H/pki/issuing-ca.pem" "$cert"
    p11_user "$H" --read-object --type pubkey --id "$id" -o "$TMP/$label.pub.der" >/dev/null 2>&1 || true
    check "$label: certificate carries the token's public key (${KINDS[$label]})" bash -c '
        [[ $(openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum) == $(sha256sum <"$2") ]] &&
        openssl pkey -pubin -inform DER -in "$2" -noout -text | grep -Eq "$3"' _ "$cert" "$TMP/$label.pub.der" \
        "$(if [[ ${KINDS[$label]} == RSA* ]]; then echo 'Public-Key: \(2048 bit\)'; else echo 'ASN1 OID: prime256v1'; fi)"
    p11_user "$H" --read-object --type cert --id "$id" -o "$TMP/$label.tok.der" >/dev/null 2>&1 || true
    check "$label: token certificate object == pki/certs/$label.pem" \
        cmp -s "$TMP/$label.tok.der" <(openssl x509 -in "$cert" -outform DER)
done
check "no private key object is listed without login (CKA_PRIVATE=true)" \
    bash -c '! grep -q "^Private Key Object" "$1"' _ "$TMP/objects-nologin.txt"
secret="$(block_of "$TMP/objects.txt" "Secret Key Object" "approval-secrets")"
check "approval-secrets: AES-256 secret key present with CKA_ID 10" bash -c '
    grep -q "^Secret Key Object; AES length 32" <<<"$1" && grep -qE "^[[:space:]]+ID:[[:space:]]+10$" <<<"$1"' _ "$secret"
check "approval-secrets: sensitive, always sensitive, never extractable, local" \
    grep -qE "Access:[[:space:]]+sensitive, always sensitive, never extractable, local$" <<<"$secret"
check "approval-secrets: not visible without login (CKA_PRIVATE)" \
    bash -c '! grep -q "^Secret Key Object" "$1"' _ "$TMP/objects-nologin.txt"
check "exactly one secret key on the token" bash -c '[[ $(grep -c "^Secret Key Object" "$1") == 1 ]]' _ "$TMP/objects.txt"
check "exactly 5 private keys, 5 public keys, 5 certificates on the token" bash -c '
    [[ $(grep -c "^Private Key Object" "$1") == 5 && $(grep -c "^Public Key Object" "$1") == 5 &&
       $(grep -c "^Certificate Object" "$1") == 5 ]]' _ "$TMP/objects.txt"

# ------------------------------------------------------------ PKI ----
check "tsa: EKU is critical and exactly timeStamping" bash -c '
    [[ $(openssl x509 -in "$1" -noout -ext extendedKeyUsage | sed "s/^ *//") == "X509v3 Extended Key Usage: critical"$'"'"'\n'"'"'"Time Stamping" ]]' \
    _ "$H/pki/certs/tsa.pem"
check "seal/officer/citizen/audit: keyUsage critical digitalSignature+nonRepudiation, no EKU" bash -c '
    for l in seal officer citizen audit; do
        c="$1/pki/certs/$l.pem"
        openssl x509 -in "$c" -noout -ext keyUsage | tr -d "\n" | grep -q "Key Usage: critical *Digital Signature, Non Repudiation$" || exit 1
        [[ -z $(openssl x509 -in "$c" -noout -ext extendedKeyUsage 2>/dev/null) ]] || exit 1
    done' _ "$H"
check "end-entity certs carry the CDP and AIA caIssuers URLs" bash -c '
    for l in seal officer citizen tsa audit; do
        t=$(openssl x509 -in "$1/pki/certs/$l.pem" -noout -text)
        grep -q "URI:http://127.0.0.1:8080/pki/crl/issuing-ca.crl" <<<"$t" || exit 1
        grep -q "CA Issuers - URI:http://127.0.0.1:8080/pki/issuing-ca.cer" <<<"$t" || exit 1
    done' _ "$H"
check "officer CN is a UTF8String 'Nguyễn Văn An'" bash -c '
    openssl asn1parse -in "$1" | grep -q "UTF8STRING *:Nguyễn Văn An"' _ "$H/pki/certs/officer.pem"
check "issuing CA: CA:TRUE pathlen:0, signed by root, CDP root-ca.crl" bash -c '
    t=$(openssl x509 -in "$1/pki/issuing-ca.pem" -noout -text)
    grep -q "CA:TRUE, pathlen:0" <<<"$t" && grep -q "URI:http://127.0.0.1:8080/pki/crl/root-ca.crl" <<<"$t" &&
    openssl verify -CAfile "$1/pki/root-ca.pem" "$1/pki/issuing-ca.pem"' _ "$H"
check "chain.pem = issuing CA then root CA" bash -c '
    cmp -s "$1/pki/chain.pem" <(cat "$1/pki/issuing-ca.pem" "$1/pki/root-ca.pem")' _ "$H"
check "CRLs verify against their CA and are valid for ~30 days" bash -c '
    for ca in root-ca issuing-ca; do
        openssl crl -in "$1/pki/$ca.crl.pem" -noout -CAfile "$1/pki/$ca.pem" 2>&1 | grep -q "verify OK" || exit 1
        n=$(date -d "$(openssl crl -in "$1/pki/$ca.crl.pem" -noout -nextupdate | cut -d= -f2)" +%s)
        (( n - $(date +%s) > 29 * 86400 )) || exit 1
    done' _ "$H"

# ------------------------------------------------------- concurrency ----
echo "== two concurrent runs on a fresh HOME"
H2="$TMP/concurrent"
"$PROVISION" "$H2" >"$TMP/c1.log" 2>&1 &
pid1=$!
"$PROVISION" "$H2" >"$TMP/c2.log" 2>&1 &
pid2=$!
rc1=0 rc2=0
wait "$pid1" || rc1=$?
wait "$pid2" || rc2=$?
check "concurrent runs both succeed" bash -c '(( $1 == 0 && $2 == 0 ))' _ "$rc1" "$rc2"
load_env "$H2"
check "concurrent runs produced a single token with 5 key pairs, 5 certificates and 1 secret key" bash -c '
    [[ $(softhsm2-util --show-slots | grep -c "Label: *signet *$") == 1 ]] &&
    out=$(SIGNET_TEST_PIN=$(<"$1/secrets/hsm-user-pin") pkcs11-tool --module "$SIGNET_HSM_LIBRARY" \
        --token-label signet --login --pin env:SIGNET_TEST_PIN --list-objects) &&
    [[ $(grep -c "^Private Key Object" <<<"$out") == 5 && $(grep -c "^Certificate Object" <<<"$out") == 5 &&
       $(grep -c "^Secret Key Object" <<<"$out") == 1 ]]' _ "$H2"
if ((rc1 != 0 || rc2 != 0)); then cat "$TMP/c1.log" "$TMP/c2.log"; fi

finish
