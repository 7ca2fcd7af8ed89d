package org.signet.approval.store;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Builds the approval store's own Lettuce connection from a {@code redis://} URL (no Boot auto-configuration). */
public final class RedisConnections {

    private RedisConnections() {
    }

    /** A started connection factory; commands fail fast (rejected) while Redis is unreachable. */
    public static LettuceConnectionFactory connect(String redisUrl, Duration timeout) {
        RedisURI uri = RedisURI.create(redisUrl);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            server.setPassword(uri.getPassword());
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(timeout)
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build()).build());
        if (uri.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
        factory.setValidateConnection(false);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
