package org.signet.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorisation matrix: every operation of the application's own OpenAPI document against the
 * expected table ({@code security/authorization-matrix.csv}, rendered into docs/security.md), for
 * no token and each role. A new endpoint that is not in the table fails here, and so does a row
 * whose endpoint vanished.
 */
class AuthorizationMatrixTest extends SecuredApplicationTest {

    static final List<String> ROLES = List.of("portal", "officer", "auditor", "operator");
    private static final Path SECURITY_DOC = Path.of("..", "docs", "security.md");
    private static final String BEGIN = "<!-- authorization-matrix:begin (generated from appliance/src/test/resources/security/authorization-matrix.csv) -->";
    private static final String END = "<!-- authorization-matrix:end -->";

    @Autowired
    JsonMapper json;

    record Row(String method, String path, Map<String, Boolean> allowed, boolean inOpenApi, String note) {

        String key() {
            return method + " " + path;
        }

        String concretePath() {
            return path.replace("{id}", "matrix-no-such-credential").replace("{seq}", "1").replace("{name}", "no-such-file")
                    .replaceAll("\\{[^}]+}", "matrix-unknown");
        }
    }

    static List<Row> rows() {
        try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream("/security/authorization-matrix.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", 9);
                Map<String, Boolean> allowed = new java.util.LinkedHashMap<>();
                allowed.put("none", parse(cells[2], line));
                for (int i = 0; i < ROLES.size(); i++) {
                    allowed.put(ROLES.get(i), parse(cells[3 + i], line));
                }
                rows.add(new Row(cells[0], cells[1], allowed, "yes".equals(cells[7]), cells[8]));
            }
            return rows;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean parse(String cell, String line) {
        return switch (cell) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException("allow or deny expected in: " + line);
        };
    }

    @Test
    void openApiWhenComparedWithTheMatrixThenEveryOperationHasExactlyOneRow() {
        HttpResponse<String> docs = send(HttpRequest.newBuilder(uri("/v3/api-docs")).build());
        assertThat(docs.statusCode()).isEqualTo(200);
        Set<String> operations = new TreeSet<>();
        JsonNode paths = json.readTree(docs.body()).path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        List<Row> rows = rows();
        Set<String> documented = rows.stream().filter(Row::inOpenApi).map(Row::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rows.stream().map(Row::key).distinct().count()).as("duplicate rows").isEqualTo(rows.size());

        Set<String> missingFromMatrix = new TreeSet<>(operations);
        missingFromMatrix.removeAll(documented);
        Set<String> missingFromOpenApi = new TreeSet<>(documented);
        missingFromOpenApi.removeAll(operations);
        assertThat(missingFromMatrix).as("operations in /v3/api-docs without a row in authorization-matrix.csv").isEmpty();
        assertThat(missingFromOpenApi).as("rows marked in-openapi=yes that /v3/api-docs does not have").isEmpty();
    }

    @Test
    void everyEndpointWhenCalledWithEachRoleThenAllowedOrRefusedAsDocumented() {
        List<String> mismatches = new ArrayList<>();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("none", null);
        ROLES.forEach(role -> tokens.put(role, TOKENS.forRole(role)));
        for (Row row : rows()) {
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                int status = call(row, caller.getValue());
                boolean allowed = row.allowed().get(caller.getKey());
                int refusal = caller.getValue() == null ? 401 : 403;
                if (allowed ? (status == 401 || status == 403) : status != refusal) {
                    mismatches.add(row.key() + " as " + caller.getKey() + ": expected "
                            + (allowed ? "not 401/403" : Integer.toString(refusal)) + ", got " + status);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void securityDocWhenRenderedFromTheMatrixThenUpToDate() throws IOException {
        String doc = Files.readString(SECURITY_DOC);
        String table = render(rows());
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (Boolean.getBoolean("signet.matrix.write") && begin >= 0 && end > begin) {
            doc = doc.substring(0, begin + BEGIN.length()) + "\n" + table + doc.substring(end);
            Files.writeString(SECURITY_DOC, doc);
        }
        assertThat(begin).as("docs/security.md has the matrix markers").isNotNegative();
        assertThat(doc.substring(begin + BEGIN.length(), doc.indexOf(END)))
                .as("docs/security.md matrix (regenerate: mvn -pl appliance -am verify -Dtest=AuthorizationMatrixTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dsignet.matrix.write=true)")
                .isEqualTo("\n" + table);
    }

    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder("| method | path | no token | portal | officer | auditor | operator | what |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.method()).append(" | `").append(row.path()).append("` |");
            for (Iterator<Boolean> it = row.allowed().values().iterator(); it.hasNext();) {
                out.append(it.next() ? " ✓ |" : " — |");
            }
            out.append(' ').append(row.note()).append(row.inOpenApi() ? "" : " (not in the OpenAPI document)").append(" |\n");
        }
        return out.toString();
    }

    private int call(Row row, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(row.concretePath()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.noBody();
        request.method(row.method(), row.method().equals("GET") || row.method().equals("DELETE") ? empty
                : HttpRequest.BodyPublishers.ofString("{}"));
        if (!row.method().equals("GET") && !row.method().equals("DELETE")) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build()).statusCode();
    }
}
