package org.signet.appliance.logging;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request ids for logs and problem responses. JSON logs are Spring Boot's structured logging,
 * switched on with {@code logging.structured.format.console=ecs} (the k8s ConfigMap does); the
 * default console format stays human-readable for {@code ./signet run}.
 */
@Configuration(proxyBeanMethods = false)
public class LoggingConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
