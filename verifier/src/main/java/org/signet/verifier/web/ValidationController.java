package org.signet.verifier.web;

import java.io.IOException;
import java.security.Principal;
import java.util.Objects;

import org.signet.verifier.ValidationReport;
import org.signet.verifier.ValidationService;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Validation API for portals and auditors: upload a signed document, receive the verdicts. */
@RestController
public class ValidationController {

    private final ValidationService validationService;

    public ValidationController(ValidationService validationService) {
        this.validationService = Objects.requireNonNull(validationService, "validationService cannot be null");
    }

    @PostMapping(path = "/api/v1/validations", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ValidationReport validate(@RequestPart("file") MultipartFile file, Principal caller) throws IOException {
        return validationService.validate(file.getBytes(), file.getOriginalFilename(), caller.getName());
    }
}
