package org.signet.appliance.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of Signet's API (springdoc: {@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui/index.html}). Every operation needs a bearer JWT; docs/api.md explains the
 * fields, roles and error types in prose.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String BEARER = "bearer-jwt";

    @Bean
    OpenAPI signetOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Signet").version("v1")
                        .description("Digital-signature appliance: document signing (PAdES, XAdES, CAdES, JAdES, ASiC-E), "
                                + "batch signing, credentials in the HSM, CSC API v2 hash signing, validation. "
                                + "Errors are RFC 9457 problems (CSC endpoints: CSC error bodies); see docs/api.md.")
                        .license(new License().name("see repository")))
                .components(new Components().addSecuritySchemes(BEARER,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
