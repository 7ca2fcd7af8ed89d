#!/usr/bin/env bash
# provision.sh: idempotent SoftHSM2 token + development PKI provisioning for Signet.
#
# Usage: hsm-config/provision.sh [HOME_DIR]
#   HOME_DIR defaults to $SIGNET_HOME, else <repo root>/var/dev.
#
# Environment (all optional):
#   SIGNET_TOKEN_LABEL     token label (default: signet)
#   SIGNET_HSM_LIBRARY     PKCS#11 module (default: auto-detect libsofthsm2.so)
#   SIGNET_HSM_USER_PIN    user PIN to use when the PIN file is first created
#   SIGNET_HSM_SO_PIN      SO PIN to use when the PIN file is first created
#   SIGNET_NO_INSTALL=1    never apt-get install missing tools, just fail
#   SIGNET_REPROVISION=1   allow replacing what no longer fits: create a new
#                          token in a home that has certificates, and revoke +
#                          archive certificates that do not match the token
#                          keys (e.g. after deleting HOME/tokens)
#
# The first run creates everything; later runs only check it and print a
# summary. Nothing that exists (PINs, token, keys, CA, certificates) is ever
# regenerated. See hsm-config/README.md for the layout.
#
# How PINs reach the tools (never on a command line, never printed):
#   pkcs11-tool  --pin env:VAR / --so-pin env:VAR (only the variable name is in
#                argv; the value is exported only to that one child process)
#   openssl      PKCS#11 URI attribute pin-source=file:$HOME/secrets/hsm-user-pin
#   softhsm2-util is only used for --show-slots, which needs no PIN.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/lib/common.sh"

readonly DEV_CA="$SIGNET_HSM_CONFIG_DIR/dev-ca.sh"
readonly REQ_CNF="$SIGNET_OPENSSL_TEMPLATES/token-req.cnf"
readonly CERT_DAYS=1095   # 3 years
readonly PIN_LENGTH=16
readonly PACKAGES=(softhsm2 opensc libengine-pkcs11-openssl openssl)
readonly LIBRARY_CANDIDATES=(
    /usr/lib/softhsm/libsofthsm2.so
    /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so
)

# The token content. Java (SunPKCS11 KeyStore) finds a key by its certificate
# object with the same CKA_ID; the application refers to keys by label.
#   label | CKA_ID | pkcs11-tool key type | dev-ca profile | certificate subject
readonly KEY_SPECS=(
    "seal|01|rsa:2048|signing|/C=VN/O=Signet Development/CN=Signet Development Organisation Seal"
    "officer|02|rsa:2048|signing|/C=VN/O=Signet Development/CN=Nguyễn Văn An"
    "citizen|03|EC:prime256v1|signing|/C=VN/CN=Trần Thị Bình"
    "tsa|04|rsa:2048|tsa|/C=VN/O=Signet Development/CN=Signet Development TSA"
    "audit|05|EC:prime256v1|audit|/C=VN/O=Signet Development/CN=Signet Development Audit Log"
)
# Secret (AES-256) keys generated inside the token: label | CKA_ID. approval-secrets
# encrypts the citizens' TOTP shared secrets before they are stored (AES-GCM in the
# token; the application only finds the key, it never creates or reads it).
readonly SECRET_KEY_SPECS=(
    "approval-secrets|10"
)

# ---------------------------------------------------------------- tools ----

detect_library() {
    if [[ -n "${SIGNET_HSM_LIBRARY:-}" ]]; then
        [[ -f "$SIGNET_HSM_LIBRARY" ]] || die "SIGNET_HSM_LIBRARY=$SIGNET_HSM_LIBRARY does not exist"
        printf '%s' "$SIGNET_HSM_LIBRARY"
        return 0
    fi
    local lib
    for lib in "${LIBRARY_CANDIDATES[@]}"; do
        [[ -f "$lib" ]] && { printf '%s' "$lib"; return 0; }
    done
    return 1
}

# Prints what is missing, one item per line; empty output = all present.
missing_tools() {
    local t
    for t in softhsm2-util pkcs11-tool openssl flock; do
        command -v "$t" >/dev/null 2>&1 || printf '%s\n' "$t"
    done
    if command -v openssl >/dev/null 2>&1 &&
        ! OPENSSL_CONF=/dev/null openssl engine -t pkcs11 >/dev/null 2>&1; then
        printf '%s\n' "openssl pkcs11 engine"
    fi
    detect_library >/dev/null || printf '%s\n' "libsofthsm2.so"
}

install_tools() {
    local missing="$1" sudo=()
    if [[ -n "${SIGNET_NO_INSTALL:-}" ]] || [[ ! -r /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "missing: $(tr '\n' ' ' <<<"$missing")
Install the packages: ${PACKAGES[*]} util-linux (Debian/Ubuntu names;
Fedora/RHEL: softhsm opensc openssl openssl-pkcs11 util-linux), then re-run."
    fi
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "missing: $missing; need root or sudo to apt-get install ${PACKAGES[*]}"
        sudo=(sudo)
    fi
    log "installing missing tools ($(tr '\n' ' ' <<<"$missing")) with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" util-linux >/dev/null
}

ensure_tools() {
    local missing
    missing="$(missing_tools)"
    [[ -z "$missing" ]] && return 0
    install_tools "$missing"
    missing="$(missing_tools)"
    [[ -z "$missing" ]] || die "still missing after install: $(tr '\n' ' ' <<<"$missing")"
}

# -------------------------------------------------------------- helpers ----

run_quiet() {
    local out
    if ! out="$("$@" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "command failed: $1 ${2:-}"
    fi
}

# pkcs11-tool against our token, without login.
p11_token() { pkcs11-tool --module "$HSM_LIB" --token-label "$TOKEN_LABEL" "$@"; }

# pkcs11-tool logged in as the user. Runs in a subshell so the PIN is exported
# only to this one pkcs11-tool process; argv shows just "env:SIGNET_P11_PIN".
p11_user() (
    SIGNET_P11_PIN="$(<"$USER_PIN_FILE")"
    export SIGNET_P11_PIN
    exec pkcs11-tool --module "$HSM_LIB" --token-label "$TOKEN_LABEL" \
        --login --pin env:SIGNET_P11_PIN "$@"
)

# softhsm_slots: one line per slot: "<slot id, decimal>\t<initialized yes|no>\t
# <user pin init yes|no>\t<label>". softhsm2-util prints slot ids as unsigned
# decimal, which is also what SunPKCS11 wants.
softhsm_slots() {
    softhsm2-util --show-slots 2>/dev/null | awk '
        function flush() { if (slot != "") printf "%s\t%s\t%s\t%s\n", slot, init, upin, label }
        /^Slot [0-9]+/              { flush(); slot = $2; init = ""; upin = ""; label = ""; next }
        /^[ \t]+Initialized:/       { init = $2 }
        /^[ \t]+User PIN init\.:/   { upin = $4 }
        /^[ \t]+Label:/             { l = $0; sub(/^[ \t]+Label:[ \t]*/, "", l); sub(/[ \t]+$/, "", l); label = l }
        END                         { flush() }'
}

token_slots() { softhsm_slots | awk -F'\t' -v want="$TOKEN_LABEL" '$2 == "yes" && $4 == want'; }

# list_objects OUT: parse `pkcs11-tool --list-objects` (logged in) into TSV:
# class  keytype  label  id  access
parse_objects() {
    awk '
        function flush() { if (cls != "") printf "%s\t%s\t%s\t%s\t%s\n", cls, kt, label, id, access; cls = "" }
        /^[A-Za-z].*[Oo]bject/ {
            flush()
            if ($0 ~ /^Private Key Object/) cls = "privkey"
            else if ($0 ~ /^Public Key Object/) cls = "pubkey"
            else if ($0 ~ /^Certificate Object/) cls = "cert"
            else if ($0 ~ /^Secret Key Object/) cls = "secretkey"
            else cls = "other"
            kt = $0; sub(/^[^;]*;[ \t]*/, "", kt); split(kt, parts, /[ \t]+/); kt = parts[1]
            label = ""; id = ""; access = ""; next
        }
        /^[ \t]+label:/  { l = $0; sub(/^[ \t]+label:[ \t]*/, "", l); label = l }
        /^[ \t]+ID:/     { id = $2 }
        /^[ \t]+Access:/ { a = $0; sub(/^[ \t]+Access:[ \t]*/, "", a); access = a }
        END { flush() }'
}

refresh_objects() {
    p11_user --list-objects 2>/dev/null | parse_objects >"$WORK/objects.tsv"
    # Without login only public objects are visible: used to prove CKA_PRIVATE.
    p11_token --list-objects 2>/dev/null | parse_objects >"$WORK/objects-public.tsv"
}

# find_object FILE CLASS LABEL ID -> matching TSV line(s)
find_object() { awk -F'\t' -v c="$2" -v l="$3" -v i="$4" '$1 == c && $3 == l && $4 == i' "$1"; }

spki_sha256_der() { sha256sum <"$1" | awk '{print $1}'; }

# --------------------------------------------------------------- layout ----

write_softhsm_conf() {
    install -d -m 0700 "$HOME_DIR/tokens"
    write_if_changed "$SOFTHSM2_CONF" 0644 <<EOF || true
# SoftHSM2 configuration for Signet, generated by hsm-config/provision.sh.
directories.tokendir = $HOME_DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
}

random_pin() {
    local s=""
    while ((${#s} < PIN_LENGTH)); do
        s+="$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9')"
    done
    printf '%s' "${s:0:PIN_LENGTH}"
}

# ensure_pin_file FILE ENVVAR: create once (from ENVVAR or random), never replace.
ensure_pin_file() {
    local file="$1" var="$2" pin
    if [[ -s "$file" ]]; then
        chmod 0600 "$file"
        if [[ -n "${!var:-}" && "${!var}" != "$(<"$file")" ]]; then
            warn "$var is set but $file already exists: keeping the existing PIN"
        fi
        return 0
    fi
    if [[ -n "${!var:-}" ]]; then
        pin="${!var}"
        PIN_ORIGIN+=" $(basename -- "$file")=from-\$$var"
    else
        pin="$(random_pin)"
        PIN_ORIGIN+=" $(basename -- "$file")=generated"
    fi
    ((${#pin} >= 4 && ${#pin} <= 255)) || die "$var must be 4..255 characters (SoftHSM limit)"
    [[ "$pin" != *$'\n'* ]] || die "$var must be a single line"
    printf '%s' "$pin" >"$file.tmp"   # printf is a builtin: not visible in ps
    chmod 0600 "$file.tmp"
    mv -f "$file.tmp" "$file"
}

ensure_secrets() {
    install -d -m 0700 "$HOME_DIR/secrets"
    chmod 0700 "$HOME_DIR/secrets"
    PIN_ORIGIN=""
    ensure_pin_file "$USER_PIN_FILE" SIGNET_HSM_USER_PIN
    ensure_pin_file "$SO_PIN_FILE" SIGNET_HSM_SO_PIN
}

# ---------------------------------------------------------------- token ----

init_token() {
    local free
    free="$(softhsm_slots | awk -F'\t' '$2 == "no" {print $1; exit}')"
    [[ -n "$free" ]] || die "SoftHSM offers no free (uninitialised) slot"
    (
        SIGNET_P11_SO_PIN="$(<"$SO_PIN_FILE")"
        export SIGNET_P11_SO_PIN
        exec pkcs11-tool --module "$HSM_LIB" --slot "$free" --init-token \
            --label "$TOKEN_LABEL" --so-pin env:SIGNET_P11_SO_PIN
    ) >/dev/null
}

init_user_pin() {
    (
        SIGNET_P11_SO_PIN="$(<"$SO_PIN_FILE")"
        SIGNET_P11_PIN="$(<"$USER_PIN_FILE")"
        export SIGNET_P11_SO_PIN SIGNET_P11_PIN
        exec pkcs11-tool --module "$HSM_LIB" --token-label "$TOKEN_LABEL" --init-pin \
            --login --login-type so --so-pin env:SIGNET_P11_SO_PIN --pin env:SIGNET_P11_PIN
    ) >/dev/null
}

# Finds the token by label (SoftHSM slot ids are random), creating it once.
ensure_token() {
    local found count
    found="$(token_slots)"
    count="$(grep -c . <<<"$found" || true)"
    ((count <= 1)) || die "$count SoftHSM tokens are labelled '$TOKEN_LABEL' in $HOME_DIR/tokens; remove the extra ones"

    if ((count == 0)); then
        # A home that already has certificates was provisioned before: a
        # missing token means SIGNET_TOKEN_LABEL changed or tokens/ was
        # deleted. Creating a new token would retire those certificates, so
        # only do it when asked to.
        if compgen -G "$PKI/certs/*.pem" >/dev/null && [[ -z "${SIGNET_REPROVISION:-}" ]]; then
            die "no token labelled '$TOKEN_LABEL' in $HOME_DIR/tokens, but $PKI/certs/ holds certificates from an earlier run (tokens present: $(softhsm_slots | awk -F'\t' '$2 == "yes" {printf "%s\"%s\"", n++ ? ", " : "", $4} END {if (!n) printf "none"}')).
If SIGNET_TOKEN_LABEL changed, set it back. To create a new token, new keys, and revoke + archive the old certificates, re-run with SIGNET_REPROVISION=1."
        fi
        ensure_secrets
        init_token
        TOKEN_STATUS="initialised"
        found="$(token_slots)"
        [[ -n "$found" ]] || die "token '$TOKEN_LABEL' not found after initialisation"
    else
        # The PINs of an existing token cannot be recovered or regenerated.
        [[ -s "$USER_PIN_FILE" && -s "$SO_PIN_FILE" ]] ||
            die "token '$TOKEN_LABEL' exists but $HOME_DIR/secrets lacks its PIN files; restore them, or delete $HOME_DIR/tokens to start over (keys are lost)"
        ensure_secrets
        TOKEN_STATUS="found"
    fi
    SLOT="$(cut -f1 <<<"$found")"
    if [[ "$(cut -f3 <<<"$found")" != "yes" ]]; then
        init_user_pin   # an earlier run stopped between init-token and init-pin
    fi
    p11_user --list-objects >/dev/null 2>&1 ||
        die "the token rejects the user PIN in $USER_PIN_FILE"
}

# ----------------------------------------------------------------- keys ----

# verify_key LABEL ID KEYTYPE: the private key must have been generated on the
# token and be unexportable; the public key must have the expected size/curve.
verify_key() {
    local label="$1" id="$2" keytype="$3" want_kt priv access item pubout
    want_kt="RSA"; [[ "$keytype" == EC:* ]] && want_kt="EC"
    priv="$(find_object "$WORK/objects.tsv" privkey "$label" "$id")"
    [[ "$(grep -c . <<<"$priv")" == 1 ]] || die "key '$label': expected exactly one private key with CKA_ID $id"
    [[ "$(cut -f2 <<<"$priv")" == "$want_kt" ]] || die "key '$label' is $(cut -f2 <<<"$priv"), expected $want_kt"

    # pkcs11-tool prints CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE, CKA_EXTRACTABLE,
    # CKA_NEVER_EXTRACTABLE and CKA_LOCAL as the words below.
    access="$(cut -f5 <<<"$priv")"
    for item in "sensitive" "always sensitive" "never extractable" "local"; do
        [[ ", $access," == *", $item,"* ]] || die "private key '$label' lacks '$item' (Access: $access)"
    done
    [[ ", $access," != *", extractable,"* ]] || die "private key '$label' is extractable"
    # CKA_PRIVATE: a private object is invisible before login.
    [[ -z "$(find_object "$WORK/objects-public.tsv" privkey "$label" "$id")" ]] ||
        die "private key '$label' is visible without login (CKA_PRIVATE=false)"
    # CKA_TOKEN: the objects were listed by a separate pkcs11-tool process, so
    # they are persistent token objects (session objects would be gone).
    [[ -n "$(find_object "$WORK/objects.tsv" pubkey "$label" "$id")" ]] ||
        die "key '$label': public key object with CKA_ID $id is missing"

    p11_user --read-object --type pubkey --id "$id" -o "$WORK/$label.pub.der" >/dev/null 2>&1 ||
        die "cannot read public key '$label'"
    pubout="$(openssl pkey -pubin -inform DER -in "$WORK/$label.pub.der" -noout -text)"
    case "$keytype" in
        rsa:2048) grep -q 'Public-Key: (2048 bit)' <<<"$pubout" || die "key '$label' is not RSA-2048" ;;
        EC:prime256v1) grep -q 'ASN1 OID: prime256v1' <<<"$pubout" || die "key '$label' is not EC P-256" ;;
    esac
}

ensure_key() {
    local label="$1" id="$2" keytype="$3" clash
    # Same label with another id (or the reverse) means someone else's object:
    # never touch it, never guess.
    clash="$(awk -F'\t' -v l="$label" -v i="$id" '($3 == l) != ($4 == i) && ($3 == l || $4 == i)' "$WORK/objects.tsv")"
    [[ -z "$clash" ]] || die "token object conflicts with key '$label' (CKA_ID $id): $(head -1 <<<"$clash" | tr '\t' ' ')"

    if [[ -n "$(find_object "$WORK/objects.tsv" privkey "$label" "$id")" ]]; then
        KEY_STATUS[$label]="found"
    else
        [[ -z "$(find_object "$WORK/objects.tsv" pubkey "$label" "$id")" ]] ||
            die "token has a public key '$label' (CKA_ID $id) without its private key; delete it and re-run"
        # Generated inside the token. --private/--sensitive set CKA_PRIVATE and
        # CKA_SENSITIVE; CKA_EXTRACTABLE is not requested, so SoftHSM makes it
        # false (verified below). CKA_TOKEN is implied by --keypairgen.
        p11_user --keypairgen --key-type "$keytype" --id "$id" --label "$label" \
            --usage-sign --private --sensitive >/dev/null
        KEY_STATUS[$label]="generated"
        refresh_objects
    fi
    verify_key "$label" "$id" "$keytype"
}

# ensure_secret_key LABEL ID: an AES-256 key generated on the token, private,
# sensitive and never extractable (checked on every run, like the key pairs).
ensure_secret_key() {
    local label="$1" id="$2" found access item
    found="$(find_object "$WORK/objects.tsv" secretkey "$label" "$id")"
    if [[ -z "$found" ]]; then
        [[ -z "$(awk -F'\t' -v l="$label" -v i="$id" '$3 == l || $4 == i' "$WORK/objects.tsv")" ]] ||
            die "token object conflicts with secret key '$label' (CKA_ID $id)"
        p11_user --keygen --key-type AES:32 --id "$id" --label "$label" --private --sensitive >/dev/null 2>&1 ||
            die "cannot generate secret key '$label'"
        KEY_STATUS[$label]="generated"
        refresh_objects
        found="$(find_object "$WORK/objects.tsv" secretkey "$label" "$id")"
    else
        KEY_STATUS[$label]="found"
    fi
    [[ "$(grep -c . <<<"$found")" == 1 ]] || die "secret key '$label': expected exactly one with CKA_ID $id"
    [[ "$(cut -f2 <<<"$found")" == "AES" ]] || die "secret key '$label' is $(cut -f2 <<<"$found"), expected AES"
    access="$(cut -f5 <<<"$found")"
    for item in "sensitive" "always sensitive" "never extractable" "local"; do
        [[ ", $access," == *", $item,"* ]] || die "secret key '$label' lacks '$item' (Access: $access)"
    done
    [[ ", $access," != *", extractable,"* ]] || die "secret key '$label' is extractable"
    [[ -z "$(find_object "$WORK/objects-public.tsv" secretkey "$label" "$id")" ]] ||
        die "secret key '$label' is visible without login (CKA_PRIVATE=false)"
}

# ----------------------------------------------------------------- certs ----

# cert_matches_key CERT LABEL: the cert holds the token's public key and
# chains to the current development CA.
cert_matches_key() {
    [[ "$(cert_spki_sha256 "$1")" == "$(spki_sha256_der "$WORK/$2.pub.der")" ]] &&
        openssl verify -CAfile "$PKI/root-ca.pem" -untrusted "$PKI/issuing-ca.pem" "$1" >/dev/null 2>&1
}

# make_csr LABEL ID SUBJECT OUT: PKCS#10 signed by the token key through the
# libp11 engine; the private key never leaves the token.
make_csr() {
    local label="$1" id="$2" subject="$3" out="$4" uri
    uri="pkcs11:token=$(pct_encode "$TOKEN_LABEL");object=$(pct_encode "$label");id=%$id;type=private"
    uri+=";pin-source=file:$(pct_encode "$USER_PIN_FILE")"
    SIGNET_HSM_LIBRARY="$HSM_LIB" OPENSSL_CONF="$REQ_CNF" run_quiet \
        openssl req -new -config "$REQ_CNF" -engine pkcs11 -keyform engine -key "$uri" \
        -subj "$subject" -utf8 -sha256 -out "$out"
    openssl req -in "$out" -noout -verify >/dev/null 2>&1 || die "CSR for '$label' does not verify"
    [[ "$(openssl req -in "$out" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | awk '{print $1}')" == \
        "$(spki_sha256_der "$WORK/$label.pub.der")" ]] || die "CSR for '$label' does not carry the token's public key"
}

# A certificate that no longer fits the token key (token re-created) or the CA
# (CA re-created) is revoked if possible and moved aside, never deleted.
retire_cert() {
    local cert="$1" label="$2" serial
    serial="$(openssl x509 -in "$cert" -noout -serial | cut -d= -f2)"
    log "retiring $cert (serial $serial): revoked as superseded, moved to certs/retired/"
    "$DEV_CA" --home "$HOME_DIR" revoke "$cert" superseded >/dev/null 2>&1 ||
        warn "could not revoke $cert (not issued by the current CA?)"
    mkdir -p "$PKI/certs/retired"
    mv -f "$cert" "$PKI/certs/retired/$label-$serial.pem"
}

ensure_cert() {
    local label="$1" id="$2" profile="$3" subject="$4" cert tok_has_cert=""
    cert="$PKI/certs/$label.pem"
    [[ -n "$(find_object "$WORK/objects.tsv" cert "$label" "$id")" ]] && tok_has_cert=1
    CERT_STATUS[$label]="found"

    if [[ -f "$cert" ]] && ! cert_matches_key "$cert" "$label"; then
        [[ -n "${SIGNET_REPROVISION:-}" ]] ||
            die "$cert does not match token key '$label' or does not chain to the current CA (token re-created? expired?). Re-run with SIGNET_REPROVISION=1 to revoke + archive it and issue a new one."
        retire_cert "$cert" "$label"
    fi
    if [[ ! -f "$cert" && -n "$tok_has_cert" ]]; then
        # File lost but the token still has the certificate: recover it.
        p11_token --read-object --type cert --id "$id" -o "$WORK/$label.tok.der" >/dev/null 2>&1 &&
            openssl x509 -inform DER -in "$WORK/$label.tok.der" -out "$WORK/$label.tok.pem" &&
            cert_matches_key "$WORK/$label.tok.pem" "$label" &&
            { chmod 0644 "$WORK/$label.tok.pem"; mv -f "$WORK/$label.tok.pem" "$cert"; CERT_STATUS[$label]="recovered"; }
    fi
    if [[ ! -f "$cert" ]]; then
        make_csr "$label" "$id" "$subject" "$PKI/csr/$label.csr"
        "$DEV_CA" --home "$HOME_DIR" issue "$PKI/csr/$label.csr" "$WORK/$label.pem" \
            --profile "$profile" --days "$CERT_DAYS" >/dev/null
        cert_matches_key "$WORK/$label.pem" "$label" || die "issued certificate for '$label' does not verify"
        mv -f "$WORK/$label.pem" "$cert"
        CERT_STATUS[$label]="issued"
    fi
    sync_token_cert "$label" "$id" "$cert" "$tok_has_cert"
}

# The token's certificate object must be exactly the file's certificate, with
# the key's CKA_ID and CKA_LABEL (SunPKCS11 pairs key and cert by CKA_ID).
sync_token_cert() {
    local label="$1" id="$2" cert="$3" tok_has_cert="$4"
    openssl x509 -in "$cert" -outform DER -out "$WORK/$label.der"
    if [[ -n "$tok_has_cert" ]]; then
        p11_token --read-object --type cert --id "$id" -o "$WORK/$label.tok.der" >/dev/null 2>&1 || true
        if cmp -s "$WORK/$label.der" "$WORK/$label.tok.der"; then
            return 0
        fi
        p11_user --delete-object --type cert --id "$id" >/dev/null
    fi
    p11_user --write-object "$WORK/$label.der" --type cert --id "$id" --label "$label" >/dev/null
    if [[ "${CERT_STATUS[$label]}" == "found" ]]; then
        CERT_STATUS[$label]="found, written to token"
    fi
}

# --------------------------------------------------------- derived files ----

write_derived_files() {
    local changed=()
    # Trust anchors an operator adds (./signet ctl trust add); the appliance's default lists this folder.
    mkdir -p "$HOME_DIR/trust-anchors"
    write_if_changed "$HOME_DIR/pkcs11.cfg" 0644 <<EOF && changed+=(pkcs11.cfg)
# SunPKCS11 configuration for Signet. Generated by hsm-config/provision.sh on
# every run: do not edit, re-run the script instead.
#
# The slot below is the id SoftHSM had for the token labelled "$TOKEN_LABEL"
# at provisioning time. SoftHSM assigns a new random slot id whenever a token
# is (re-)created, so the application resolves the slot from the token label
# (SIGNET_TOKEN_LABEL) at start-up; this value is only a snapshot.
# The JVM needs SOFTHSM2_CONF=$SOFTHSM2_CONF in its environment.
name = signet
library = $HSM_LIB
slot = $SLOT
EOF
    {
        printf '# Non-secret Signet HSM settings, generated by hsm-config/provision.sh.\n'
        printf '# Use: set -a; . %q; set +a\n' "$HOME_DIR/signet-hsm.env"
        printf 'SIGNET_HSM_LIBRARY=%q\n' "$HSM_LIB"
        printf 'SIGNET_TOKEN_LABEL=%q\n' "$TOKEN_LABEL"
        printf 'SOFTHSM2_CONF=%q\n' "$SOFTHSM2_CONF"
        printf 'SIGNET_HSM_USER_PIN_FILE=%q\n' "$USER_PIN_FILE"
        printf 'SIGNET_PKI_DIR=%q\n' "$PKI"
        printf 'SIGNET_PKCS11_CONFIG=%q\n' "$HOME_DIR/pkcs11.cfg"
    } | write_if_changed "$HOME_DIR/signet-hsm.env" 0644 && changed+=(signet-hsm.env)
    DERIVED_STATUS="${changed[*]:-unchanged}"
}

# -------------------------------------------------------------- summary ----

print_summary() {
    local spec label id keytype profile subject cert fp
    log "Signet HSM provisioning: $HOME_DIR"
    log "  token   '$TOKEN_LABEL' slot $SLOT ($TOKEN_STATUS), library $HSM_LIB"
    [[ -n "$PIN_ORIGIN" ]] && log "  secrets PIN files created in $HOME_DIR/secrets:$PIN_ORIGIN (values not shown)"
    log "  pki     $PKI (root + issuing CA; CRL nextUpdate $(openssl crl -in "$PKI/issuing-ca.crl.pem" -noout -nextupdate | cut -d= -f2))"
    for spec in "${KEY_SPECS[@]}"; do
        IFS='|' read -r label id keytype profile subject <<<"$spec"
        cert="$PKI/certs/$label.pem"
        fp="$(openssl x509 -in "$cert" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d :)"
        printf '  %-8s id=%s %-13s key %-9s cert %-9s %s\n' "$label" "$id" "$keytype" \
            "${KEY_STATUS[$label]}" "${CERT_STATUS[$label]}" \
            "$(openssl x509 -in "$cert" -noout -subject -nameopt RFC2253,-esc_msb | sed 's/^subject=//')"
        printf '  %-8s sha256 %s\n' "" "$fp"
    done
    for spec in "${SECRET_KEY_SPECS[@]}"; do
        IFS='|' read -r label id <<<"$spec"
        printf '  %-8s id=%s %-13s key %-9s (secret key; never extractable)\n' "$label" "$id" "AES-256" "${KEY_STATUS[$label]}"
    done
    log "  files   pkcs11.cfg, signet-hsm.env: $DERIVED_STATUS"
}

# ------------------------------------------------------------------ tls ----

# ensure_tls: the HTTPS server key of the appliance (a software key: TLS is not
# a signature Signet stands behind) in $HOME/tls/server.p12, certificate from the
# development issuing CA (profile tls, SAN localhost + 127.0.0.1), password in
# $HOME/secrets/tls-keystore-password (0600, never printed). Re-issued only when
# the keystore is missing or its certificate no longer verifies against the dev root.
ensure_tls() {
    local dir="$HOME_DIR/tls" pwfile="$HOME_DIR/secrets/tls-keystore-password"
    install -d -m 0700 "$dir"
    install -d -m 0700 "$HOME_DIR/secrets"
    if [[ ! -s "$pwfile" ]]; then
        (umask 077 && random_pin >"$pwfile")
    fi
    chmod 0600 "$pwfile"
    if [[ -s "$dir/server.p12" && -s "$dir/server.pem" ]] &&
        openssl verify -CAfile "$PKI/root-ca.pem" -untrusted "$PKI/chain.pem" "$dir/server.pem" >/dev/null 2>&1; then
        TLS_STATUS="kept"
        return 0
    fi
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/tls.key" 2>/dev/null
    openssl req -new -key "$WORK/tls.key" -subj "/C=VN/O=Signet Development/CN=localhost" -out "$WORK/tls.csr"
    "$DEV_CA" --home "$HOME_DIR" issue "$WORK/tls.csr" "$WORK/tls.pem" --profile tls --san "DNS:localhost,IP:127.0.0.1" >/dev/null
    openssl pkcs12 -export -inkey "$WORK/tls.key" -in "$WORK/tls.pem" -certfile "$PKI/chain.pem" -name signet-tls \
        -passout "file:$pwfile" -out "$WORK/server.p12"
    install -m 0600 "$WORK/server.p12" "$dir/server.p12"
    install -m 0644 "$WORK/tls.pem" "$dir/server.pem"
    rm -f -- "$WORK/tls.key"
    TLS_STATUS="issued"
}

# ----------------------------------------------------------------- main ----

main() {
    (($# <= 1)) || die "usage: $0 [HOME_DIR]"
    [[ "${1:-}" != -* ]] || { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0; }

    ensure_tools
    HSM_LIB="$(detect_library)"
    HOME_DIR="$(resolve_home "${1:-}")"
    TOKEN_LABEL="${SIGNET_TOKEN_LABEL:-signet}"
    ((${#TOKEN_LABEL} >= 1 && ${#TOKEN_LABEL} <= 32)) || die "SIGNET_TOKEN_LABEL must be 1..32 characters"
    PKI="$HOME_DIR/pki"
    USER_PIN_FILE="$HOME_DIR/secrets/hsm-user-pin"
    SO_PIN_FILE="$HOME_DIR/secrets/hsm-so-pin"
    # Every SoftHSM consumer below (softhsm2-util, pkcs11-tool, openssl's
    # engine, dev-ca.sh children) must use OUR token directory.
    export SOFTHSM2_CONF="$HOME_DIR/softhsm2.conf"
    umask 077

    # Serialise concurrent runs on the same home.
    local lockfd
    exec {lockfd}>>"$HOME_DIR/.provision.lock"
    if ! flock -n "$lockfd"; then
        log "another provision.sh run holds $HOME_DIR/.provision.lock; waiting..."
        flock -w 600 "$lockfd" || die "timed out waiting for $HOME_DIR/.provision.lock"
    fi

    WORK="$(mktemp -d)"
    trap 'rm -rf -- "$WORK"' EXIT
    declare -gA KEY_STATUS=() CERT_STATUS=()
    PIN_ORIGIN=""

    write_softhsm_conf
    ensure_token
    "$DEV_CA" --home "$HOME_DIR" init
    install -d -m 0755 "$PKI/certs"
    install -d -m 0700 "$PKI/csr"

    refresh_objects
    local spec label id keytype profile subject
    for spec in "${KEY_SPECS[@]}"; do
        IFS='|' read -r label id keytype profile subject <<<"$spec"
        ensure_key "$label" "$id" "$keytype"
        ensure_cert "$label" "$id" "$profile" "$subject"
    done
    for spec in "${SECRET_KEY_SPECS[@]}"; do
        IFS='|' read -r label id <<<"$spec"
        ensure_secret_key "$label" "$id"
    done
    ensure_tls
    # CRLs must postdate the certificates just issued (re-generated only when stale).
    "$DEV_CA" --home "$HOME_DIR" init
    write_derived_files
    print_summary
    log "  tls     $HOME_DIR/tls/server.p12 ($TLS_STATUS; localhost, 127.0.0.1; password in secrets/tls-keystore-password)"
}

main "$@"
