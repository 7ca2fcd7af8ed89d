package org.signet.signer.csc;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where issued CSC SADs live (same style as {@code signet.approval.store}). SADs are short-lived and
 * single-use, so they need an atomic take, not durability: memory for one instance, Redis when
 * several replicas serve the CSC API.
 *
 * @param store          {@code memory} (this instance only) or {@code redis} (every replica agrees)
 * @param redisUrl       Redis server when {@code store} is {@code redis} ({@code redis://host:port},
 *                       {@code rediss://} for TLS, user and password in the URL)
 * @param redisKeyPrefix prefix of every Redis key of the SAD store
 */
@Validated
@ConfigurationProperties("signet.signer.sad")
public record SadStoreProperties(
        @DefaultValue("memory") @NotNull StoreKind store,
        @DefaultValue("redis://127.0.0.1:6379") @NotBlank String redisUrl,
        @DefaultValue("signet:csc-sad:") @NotBlank String redisKeyPrefix) {

    /** Where SADs are kept. */
    public enum StoreKind { MEMORY, REDIS }
}
