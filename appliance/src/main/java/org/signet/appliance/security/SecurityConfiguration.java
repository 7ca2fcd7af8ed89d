package org.signet.appliance.security;

import org.signet.core.audit.AuditTrail;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Every API call carries an OAuth2 bearer JWT (validated as a resource server:
 * signature, issuer, audience, expiry); its {@code roles} claim gives the roles. The embedded
 * default trusts a local development issuer whose tokens {@code ./signet dev-token ROLE} mints.
 * Anything not listed here is refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TokenProperties.class, RateLimitProperties.class, MtlsProperties.class })
public class SecurityConfiguration {

    /** Roles carried in the token's {@code roles} claim. */
    public static final String PORTAL = "portal";
    public static final String OFFICER = "officer";
    public static final String AUDITOR = "auditor";
    public static final String OPERATOR = "operator";

    /**
     * Content-Security-Policy of every answer (the auditor page, Swagger UI, the API): own scripts
     * only, no plugins, never framed by another site. Inline styles stay allowed for DSS's HTML
     * report, which the auditor page shows in a sandboxed frame.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-src 'self' blob:; frame-ancestors 'none'";

    /**
     * No Spring Security observations at all. Disabling them by name
     * ({@code management.observations.enable.spring.security=false}) still wrapped every security
     * filter and the authentication manager in observation decorators that built no-op observations
     * (the bearer-token step alone fell from 8.5 % to 2.6 % of a CSC request's CPU samples without them,
     * issue 10, round 5). Requests stay timed
     * by {@code http.server.requests}; refusals are audited and logged by {@link ProblemSecurityHandlers}.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtDecoder jwtDecoder(TokenProperties properties) {
        return TokenDecoding.decoder(properties);
    }

    @Bean
    ProblemSecurityHandlers problemSecurityHandlers(JsonMapper jsonMapper, AuditTrail auditTrail) {
        return new ProblemSecurityHandlers(jsonMapper, auditTrail);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemSecurityHandlers problems, TokenProperties tokens,
            RateLimitProperties rateLimits, MtlsProperties mtls) throws Exception {
        if (mtls.enabled()) {
            // RFC 8705: a token counts only on the connection of the client certificate it is bound to.
            http.addFilterAfter(new CertificateBoundTokenFilter(mtls.requireBoundTokens(), problems),
                    BearerTokenAuthenticationFilter.class);
        }
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/liveness",
                                "/actuator/health/readiness").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/statistics/usage").hasRole(OPERATOR)
                        // The API description is public (it holds no data); every operation still needs a token.
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/tsa/certs", "/pki/*.cer", "/pki/crl/*.crl").permitAll()
                        .requestMatchers(HttpMethod.POST, "/tsa").hasAnyRole(PORTAL, OFFICER, AUDITOR, OPERATOR)
                        // The auditor page's static files (no data in them); the page calls the API with a bearer token.
                        .requestMatchers(HttpMethod.GET, "/auditor", "/auditor/", "/auditor/index.html", "/auditor/auditor.js",
                                "/auditor/auditor.css").permitAll()
                        // Citizen approval pages: no bearer token; the one-time link token (a header, never a cookie,
                        // so no cross-site request carries it) and the WebAuthn assertion or TOTP code are the proof.
                        .requestMatchers(HttpMethod.GET, "/approval/approve.html", "/approval/enrol.html",
                                "/approval/approval.js", "/approval/approve.js", "/approval/enrol.js", "/approval/approval.css",
                                "/approval/api/request", "/approval/api/enrolment").permitAll()
                        .requestMatchers(HttpMethod.POST, "/approval/api/request/options", "/approval/api/request/approve",
                                "/approval/api/request/approve-totp", "/approval/api/request/reject",
                                "/approval/api/enrolment/options", "/approval/api/enrolment/passkey",
                                "/approval/api/enrolment/totp").permitAll()
                        .requestMatchers("/api/v1/approvals", "/api/v1/approvals/**").hasRole(PORTAL)
                        .requestMatchers(HttpMethod.POST, "/api/v1/signatures").hasAnyRole(PORTAL, OFFICER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/signatures/batch").hasAnyRole(PORTAL, OFFICER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/signatures/extensions").hasAnyRole(PORTAL, OFFICER, OPERATOR)
                        .requestMatchers("/api/v1/credentials", "/api/v1/credentials/**").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.POST, "/csc/v2/info").permitAll()
                        .requestMatchers(HttpMethod.POST, "/csc/v2/**").hasAnyRole(PORTAL, OFFICER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/validations").hasAnyRole(PORTAL, OFFICER, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit/**").hasRole(AUDITOR)
                        .anyRequest().denyAll())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(TokenDecoding.authentication(tokens)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new RateLimitFilter(rateLimits, problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new ClientIdentityFilter(), RateLimitFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true)))
                // Bearer tokens only, no cookies: CSRF cannot ride on an ambient credential.
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable());
        return http.build();
    }
}
