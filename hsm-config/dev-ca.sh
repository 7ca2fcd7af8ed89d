#!/usr/bin/env bash
# dev-ca.sh: the Signet DEVELOPMENT certificate authority (root + issuing CA).
#
# DEV ONLY: both CA private keys are plain, unencrypted files under
# $HOME/pki (mode 0600). Never use this CA, or anything it issued, in production.
#
# Usage:
#   dev-ca.sh [--home HOME] init
#       Create (once) the root CA, the issuing CA, their openssl-ca databases,
#       chain.pem and the CRLs. Safe to re-run: existing material is kept;
#       CRLs are only regenerated when missing, invalid or expiring < 7 days.
#   dev-ca.sh [--home HOME] issue CSR_FILE OUT_CERT [--profile signing|tsa|audit|tls|client]
#                                  [--days N] [--san "DNS:host,IP:1.2.3.4"]
#       Issue a certificate from the issuing CA. The subject comes from the
#       CSR; extensions come only from the profile (CSR extensions are ignored).
#   dev-ca.sh [--home HOME] revoke CERT_FILE [reason]
#       Revoke a certificate (end-entity: issuing CA; the issuing CA itself:
#       root CA) and regenerate the corresponding CRL. Default reason:
#       unspecified (others: keyCompromise, superseded, cessationOfOperation,
#       affiliationChanged, certificateHold, CACompromise).
#   dev-ca.sh [--home HOME] crl [--if-expiring DAYS]
#       Regenerate root-ca.crl.pem and issuing-ca.crl.pem (all, or only those
#       missing/invalid/expiring within DAYS days).
#
# HOME defaults to $SIGNET_HOME, else <repo root>/var/dev (same as provision.sh).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/lib/common.sh"

readonly ROOT_DAYS=7305        # 20 years
readonly ISSUING_DAYS=3652     # 10 years
readonly CRL_DAYS=30
readonly CRL_REFRESH_DAYS=7

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}

# run_quiet CMD...: run an openssl command, hiding its chatter unless it fails.
run_quiet() {
    local out
    if ! out="$("$@" 2>&1)"; then
        printf '%s\n' "$out" >&2
        die "command failed: $1 ${2:-}"
    fi
}

ca_cnf()  { printf '%s/%s.cnf' "$SIGNET_OPENSSL_TEMPLATES" "$1"; }   # root-ca | issuing-ca
ca_cert() { printf '%s/%s.pem' "$PKI" "$1"; }
ca_key()  { printf '%s/%s.key' "$PKI" "$1"; }
ca_crl()  { printf '%s/%s.crl.pem' "$PKI" "$1"; }

# init_db NAME: openssl-ca style database, so certificates can be revoked and
# CRLs regenerated later. Serial starts at a random 128-bit value.
init_db() {
    local db="$PKI/db/$1"
    install -d -m 0700 "$PKI/db" "$db" "$db/newcerts"
    [[ -f "$db/index.txt" ]] || : >"$db/index.txt"
    [[ -f "$db/index.txt.attr" ]] || printf 'unique_subject = no\n' >"$db/index.txt.attr"
    [[ -f "$db/serial" ]] || openssl rand -hex 16 | sed 's/^[89a-f]/7/' >"$db/serial"
    [[ -f "$db/crlnumber" ]] || printf '01\n' >"$db/crlnumber"
}

# The certificate file is the "done" marker of a CA: key and cert are created
# in a temp dir and moved into place key first, cert last. A key without a
# cert is a leftover of an interrupted run and is simply replaced.
ensure_root_ca() {
    init_db root-ca
    if [[ -f "$(ca_cert root-ca)" ]]; then
        [[ -f "$(ca_key root-ca)" ]] || die "$(ca_cert root-ca) exists but its key is missing"
        return 0
    fi
    log "dev-ca: creating root CA (RSA-4096, $ROOT_DAYS days)"
    run_quiet openssl req -x509 -new -config "$(ca_cnf root-ca)" -extensions ext_root_ca \
        -newkey rsa:4096 -noenc -keyout "$WORK/root.key" -out "$WORK/root.pem" \
        -days "$ROOT_DAYS" -set_serial "0x$(openssl rand -hex 16 | sed 's/^[89a-f]/7/')" -utf8
    mv -f "$WORK/root.key" "$(ca_key root-ca)"
    chmod 0644 "$WORK/root.pem"
    mv -f "$WORK/root.pem" "$(ca_cert root-ca)"
}

ensure_issuing_ca() {
    init_db issuing-ca
    if [[ -f "$(ca_cert issuing-ca)" ]]; then
        [[ -f "$(ca_key issuing-ca)" ]] || die "$(ca_cert issuing-ca) exists but its key is missing"
        openssl verify -CAfile "$(ca_cert root-ca)" "$(ca_cert issuing-ca)" >/dev/null 2>&1 ||
            die "issuing-ca.pem does not verify against root-ca.pem (root re-created?); move $PKI away to start over"
        return 0
    fi
    log "dev-ca: creating issuing CA (RSA-3072, $ISSUING_DAYS days, pathlen 0)"
    run_quiet openssl req -new -config "$(ca_cnf root-ca)" -section req_issuing \
        -newkey rsa:3072 -noenc -keyout "$WORK/issuing.key" -out "$WORK/issuing.csr" -utf8
    run_quiet openssl ca -config "$(ca_cnf root-ca)" -batch -notext -utf8 \
        -extensions ext_issuing_ca -days "$ISSUING_DAYS" \
        -in "$WORK/issuing.csr" -out "$WORK/issuing.pem"
    mv -f "$WORK/issuing.key" "$(ca_key issuing-ca)"
    chmod 0644 "$WORK/issuing.pem"
    mv -f "$WORK/issuing.pem" "$(ca_cert issuing-ca)"
}

# Derived, public files. publish/ mirrors the URLs used in CDP/AIA
# (http://127.0.0.1:8080/pki/...) in DER, and contains NO keys, so the
# application may serve that directory as-is.
publish() {
    install -d -m 0755 "$PKI/publish" "$PKI/publish/crl"
    cat "$(ca_cert issuing-ca)" "$(ca_cert root-ca)" | write_if_changed "$PKI/chain.pem" 0644 || true
    local ca
    for ca in root-ca issuing-ca; do
        openssl x509 -in "$(ca_cert "$ca")" -outform DER | write_if_changed "$PKI/publish/$ca.cer" 0644 || true
        if [[ -f "$(ca_crl "$ca")" ]]; then
            openssl crl -in "$(ca_crl "$ca")" -outform DER | write_if_changed "$PKI/publish/crl/$ca.crl" 0644 || true
        fi
    done
}

# crl_is_fresh CA DAYS: true if the CRL exists, is signed by the current CA
# certificate, is newer than the CA's last issuance (validators such as DSS refuse
# a CRL issued before the certificate it speaks for) and its nextUpdate is more
# than DAYS days away.
crl_is_fresh() {
    local crl next
    crl="$(ca_crl "$1")"
    [[ -f "$crl" ]] || return 1
    [[ ! "$PKI/db/$1/index.txt" -nt "$crl" ]] || return 1
    openssl crl -in "$crl" -noout -CAfile "$(ca_cert "$1")" 2>&1 | grep -q 'verify OK' || return 1
    next="$(openssl crl -in "$crl" -noout -nextupdate | sed 's/^nextUpdate=//')"
    (($(date -d "$next" +%s) - $(date +%s) > $2 * 86400))
}

gen_crl() {
    log "dev-ca: generating $1.crl.pem (nextUpdate +$CRL_DAYS days)"
    run_quiet openssl ca -config "$(ca_cnf "$1")" -gencrl -crldays "$CRL_DAYS" -out "$WORK/$1.crl.pem"
    chmod 0644 "$WORK/$1.crl.pem"
    mv -f "$WORK/$1.crl.pem" "$(ca_crl "$1")"
}

require_ca() {
    [[ -f "$(ca_cert root-ca)" && -f "$(ca_cert issuing-ca)" ]] ||
        die "development CA not initialised in $PKI (run: dev-ca.sh --home ${SIGNET_HOME_DIR} init, or provision.sh)"
}

cmd_init() {
    ensure_root_ca
    ensure_issuing_ca
    cmd_crl --if-expiring "$CRL_REFRESH_DAYS"
}

cmd_crl() {
    local within=""
    while (($#)); do
        case "$1" in
            --if-expiring) within="${2:?--if-expiring needs a number of days}"; shift 2 ;;
            *) die "crl: unknown argument '$1'" ;;
        esac
    done
    [[ -z "$within" || "$within" =~ ^[0-9]+$ ]] || die "crl: --if-expiring expects days"
    require_ca
    local ca
    for ca in root-ca issuing-ca; do
        if [[ -n "$within" ]] && crl_is_fresh "$ca" "$within"; then
            continue
        fi
        gen_crl "$ca"
    done
    publish
}

cmd_issue() {
    local csr="" out="" profile=signing days=1095
    while (($#)); do
        case "$1" in
            --profile) profile="${2:?--profile needs a value}"; shift 2 ;;
            --days) days="${2:?--days needs a value}"; shift 2 ;;
            --san) SIGNET_CA_SAN="${2:?--san needs a value}"; shift 2 ;;
            -*) die "issue: unknown option '$1'" ;;
            *)
                if [[ -z "$csr" ]]; then csr="$1"; elif [[ -z "$out" ]]; then out="$1"; else die "issue: too many arguments"; fi
                shift ;;
        esac
    done
    [[ -n "$csr" && -n "$out" ]] || usage 2
    [[ -f "$csr" ]] || die "issue: CSR file not found: $csr"
    [[ "$days" =~ ^[1-9][0-9]*$ ]] || die "issue: --days must be a positive integer"
    case "$profile" in signing | tsa | audit | tls | client) ;; *) die "issue: unknown profile '$profile' (signing|tsa|audit|tls|client)" ;; esac
    require_ca
    openssl req -in "$csr" -noout -verify >/dev/null 2>&1 || die "issue: CSR signature does not verify: $csr"

    run_quiet openssl ca -config "$(ca_cnf issuing-ca)" -batch -notext -utf8 \
        -extensions "ext_$profile" -days "$days" -in "$csr" -out "$WORK/issued.pem"
    chmod 0644 "$WORK/issued.pem"
    mkdir -p -- "$(dirname -- "$out")"
    mv -f "$WORK/issued.pem" "$out"
    log "dev-ca: issued ($profile, $days days) serial=$(openssl x509 -in "$out" -noout -serial | cut -d= -f2) $(openssl x509 -in "$out" -noout -subject -nameopt RFC2253,-esc_msb)"
}

# issuer_of CERT -> root-ca | issuing-ca: the CA whose subject is the cert's
# issuer and whose key signed it (expiry ignored). The name check matters:
# with -partial_chain a CA certificate would otherwise "verify" against itself.
issuer_of() {
    local ca issuer
    issuer="$(openssl x509 -in "$1" -noout -issuer_hash)"
    for ca in issuing-ca root-ca; do
        [[ "$issuer" == "$(openssl x509 -in "$(ca_cert "$ca")" -noout -subject_hash)" ]] || continue
        if openssl verify -no_check_time -partial_chain -CAfile "$(ca_cert "$ca")" "$1" >/dev/null 2>&1; then
            printf '%s' "$ca"
            return 0
        fi
    done
    return 1
}

cmd_revoke() {
    local cert="${1:-}" reason="${2:-unspecified}" ca serial
    [[ -n "$cert" ]] || usage 2
    [[ -f "$cert" ]] || die "revoke: certificate not found: $cert"
    require_ca
    [[ "$(openssl x509 -in "$cert" -noout -subject_hash)" != "$(openssl x509 -in "$cert" -noout -issuer_hash)" ]] ||
        die "revoke: $cert is self-signed (the root CA cannot be revoked; move $PKI away to start a new CA)"
    ca="$(issuer_of "$cert")" || die "revoke: $cert was not issued by this development CA"
    serial="$(openssl x509 -in "$cert" -noout -serial | cut -d= -f2)"
    if awk -F'\t' -v s="$serial" 'toupper($4) == toupper(s) && $1 == "R" {f=1} END {exit !f}' "$PKI/db/$ca/index.txt"; then
        log "dev-ca: serial $serial already revoked by $ca"
    else
        run_quiet openssl ca -config "$(ca_cnf "$ca")" -revoke "$cert" -crl_reason "$reason"
        log "dev-ca: revoked serial $serial ($reason) by $ca"
    fi
    gen_crl "$ca"
    publish
}

main() {
    local home="" args=()
    while (($#)); do
        case "$1" in
            --home) home="${2:?--home needs a directory}"; shift 2 ;;
            -h | --help | help) usage 0 ;;
            *) args+=("$1"); shift ;;
        esac
    done
    ((${#args[@]})) || usage 2
    command -v openssl >/dev/null || die "openssl not found (Debian: apt-get install openssl)"

    SIGNET_HOME_DIR="$(resolve_home "$home")"
    PKI="$SIGNET_HOME_DIR/pki"
    export SIGNET_PKI_DIR="$PKI" SIGNET_PKI_BASE_URL
    export SIGNET_CA_SAN="${SIGNET_CA_SAN:-DNS:localhost,IP:127.0.0.1}"
    umask 077
    install -d -m 0700 "$PKI"
    chmod 0700 "$PKI"

    # openssl ca is not safe against concurrent use of one database.
    local lockfd
    exec {lockfd}>>"$PKI/.dev-ca.lock"
    flock "$lockfd"

    WORK="$(mktemp -d)"
    trap 'rm -rf -- "$WORK"' EXIT

    local cmd="${args[0]}"
    case "$cmd" in
        init) cmd_init "${args[@]:1}" ;;
        issue) cmd_issue "${args[@]:1}" ;;
        revoke) cmd_revoke "${args[@]:1}" ;;
        crl) cmd_crl "${args[@]:1}" ;;
        *) die "unknown command '$cmd' (init|issue|revoke|crl; --help for usage)" ;;
    esac
}

main "$@"
