# shellcheck shell=bash
# Helpers shared by provision.sh and dev-ca.sh. Sourced, never executed.
# Nothing here prints secrets; callers must keep it that way.
# The SIGNET_* variables below are used by the scripts that source this file.
# shellcheck disable=SC2034

# Repository root = parent of hsm-config/, resolved from this file's own path so
# the scripts work from any working directory (and through symlinks).
SIGNET_HSM_CONFIG_DIR="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)"
SIGNET_REPO_ROOT="$(cd -- "$SIGNET_HSM_CONFIG_DIR/.." && pwd)"
SIGNET_OPENSSL_TEMPLATES="$SIGNET_HSM_CONFIG_DIR/openssl"

# Public base URL embedded in CDP / AIA extensions (the Java app serves /pki/).
: "${SIGNET_PKI_BASE_URL:=http://127.0.0.1:8080/pki}"

log()  { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# resolve_home [explicit] -> prints the Signet home directory (absolute).
# Precedence: explicit argument, $SIGNET_HOME, <repo root>/var/dev.
resolve_home() {
    local home="${1:-${SIGNET_HOME:-$SIGNET_REPO_ROOT/var/dev}}"
    mkdir -p -- "$home"
    (cd -- "$home" && pwd)
}

# write_if_changed DEST MODE < content
# Atomically replaces DEST only when the content differs, so re-runs leave
# derived files (and their mtimes) untouched. Returns 0 if written, 1 if unchanged.
write_if_changed() {
    local dest="$1" mode="$2" tmp
    tmp="$(mktemp -- "$dest.tmp.XXXXXX")"
    cat >"$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$dest" ]] && cmp -s -- "$tmp" "$dest"; then
        rm -f -- "$tmp"
        return 1
    fi
    mv -f -- "$tmp" "$dest"
}

# pct_encode STRING: RFC 3986 percent-encoding for PKCS#11 URI attribute values
# (token labels, object labels, file paths in pin-source).
pct_encode() {
    local s="$1" out="" c i hex
    local LC_ALL=C
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            [A-Za-z0-9._~/-]) out+="$c" ;;
            *) printf -v hex '%%%02X' "'$c"; out+="$hex" ;;
        esac
    done
    printf '%s' "$out"
}

# sha256_of FILE: hex digest only.
sha256_of() { sha256sum -- "$1" | awk '{print $1}'; }

# cert_spki_sha256 PEM_CERT: digest of the DER SubjectPublicKeyInfo, used to
# prove a certificate belongs to a given token key.
cert_spki_sha256() {
    openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | awk '{print $1}'
}
