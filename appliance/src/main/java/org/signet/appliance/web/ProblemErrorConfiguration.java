package org.signet.appliance.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every error answer is a problem, even those made outside Spring MVC: the {@code /error} page is
 * {@link ProblemErrorController}, and Tomcat's own error report (for requests it refuses before any
 * servlet runs) is {@link ProblemErrorReportValve} in place of Spring Boot's HTML valve, and an
 * unparseable {@code Accept} or {@code Content-Type} header is refused before anything negotiates on it ({@link MediaTypeHeadersFilter}).
 */
@Configuration(proxyBeanMethods = false)
public class ProblemErrorConfiguration {

    /** Ahead of every other filter (Spring Security included): see {@link MediaTypeHeadersFilter}. */
    @Bean
    FilterRegistrationBean<MediaTypeHeadersFilter> mediaTypeHeadersFilter() {
        FilterRegistrationBean<MediaTypeHeadersFilter> registration = new FilterRegistrationBean<>(new MediaTypeHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                // The host adds a valve of this class at start unless one is present: ours, not Tomcat's HTML one.
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemErrorReportValve());
        });
    }
}
