package org.signet.appliance.security;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Optional mutual TLS for portals and operator tools (off by default). When on, the HTTPS connector
 * asks for a client certificate issued by {@code clientCaFile} (refused in the handshake if it is
 * from another CA, expired or, with {@code crlFile}, revoked), and every bearer token must be
 * certificate-bound (RFC 8705: its {@code cnf.x5t#S256} is the SHA-256 thumbprint of that client
 * certificate), so a stolen token is useless without the client's key. See docs/security.md.
 *
 * @param enabled            ask for client certificates on the HTTPS connector
 * @param clientAuth         {@code need}: no connection without a certificate; {@code want}: connections
 *                           without one are accepted, but then only for calls that carry no bearer token
 *                           (health, public PKI files, the citizen approval pages)
 * @param clientCaFile       PEM file with the CA certificate(s) that issue client certificates
 * @param crlFile            PEM file with the CRL(s) of those CAs; unset = no revocation check (read at start)
 * @param requireBoundTokens true: a token without {@code cnf.x5t#S256} is refused; false: only tokens that
 *                           carry one are checked (a migration period while the IdP starts binding tokens)
 */
@Validated
@ConfigurationProperties("signet.security.mtls")
public record MtlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("need") ClientAuth clientAuth,
        Path clientCaFile,
        Path crlFile,
        @DefaultValue("true") boolean requireBoundTokens) {

    /** Whether the TLS handshake demands a client certificate. */
    public enum ClientAuth {
        NEED, WANT
    }
}
