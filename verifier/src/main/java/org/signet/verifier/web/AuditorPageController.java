package org.signet.verifier.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditor page's short address. The page itself is static (classpath:/static/auditor/) and
 * needs no authentication to load; it calls the validation API with the auditor's bearer token.
 */
@RestController
public class AuditorPageController {

    /** Where the page lives. */
    public static final String PAGE = "/auditor/index.html";

    @GetMapping({ "/auditor", "/auditor/" })
    public ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(PAGE)).build();
    }
}
