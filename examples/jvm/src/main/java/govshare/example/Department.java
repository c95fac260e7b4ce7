// A department's backend in plain Java: apply for shared data and fetch it,
// checking everything — the same core exchange as `govshare request send`,
// examples/department.py and the portal.
//
// Against a sharing platform (here the local sandbox, `govshare sandbox`):
// fetch and verify the catalog, pick a resource, build and validate an
// application, submit it, fetch every page of the agreed data, and verify
// each answer: the platform's RFC 9421 signature bound to our request, its
// Content-Digest, the signed masking manifest and every value's masking.
// Each step goes to a hash-chained audit log, verified at the end.
//
//   java -cp govshare-jvm-example.jar govshare.example.Department --url http://127.0.0.1:8700
//
// Exit 0 when every verdict holds, 1 when a check fails (the platform
// misbehaved), 2 on usage or connection errors. govshare builds and checks
// the messages; java.net.http moves them (any HTTP client would do).
package govshare.example;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import govshare.jvm.Unsigned;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uniffi.govshare_core.ApplicationState;
import uniffi.govshare_core.ApplicationStatus;
import uniffi.govshare_core.AuditVerification;
import uniffi.govshare_core.CallContext;
import uniffi.govshare_core.DataItem;
import uniffi.govshare_core.DataPage;
import uniffi.govshare_core.DataQuery;
import uniffi.govshare_core.Entitlement;
import uniffi.govshare_core.GatewayKind;
import uniffi.govshare_core.Grant;
import uniffi.govshare_core.PlatformConfig;
import uniffi.govshare_core.Resource;
import uniffi.govshare_core.SearchHit;
import uniffi.govshare_core.SearchQuery;
import uniffi.govshare_core.SearchResult;
import uniffi.govshare_core.SharingType;
import uniffi.govshare_core.ValidationReport;
import uniffi.govshare_core.VerifyReport;
import uniffi.govshare_ffi.Application;
import uniffi.govshare_ffi.AuditLog;
import uniffi.govshare_ffi.AuditVerifier;
import uniffi.govshare_ffi.Catalog;
import uniffi.govshare_ffi.GovshareException;
import uniffi.govshare_ffi.Govshare_ffiKt;
import uniffi.govshare_ffi.Key;
import uniffi.govshare_ffi.PlatformClient;
import uniffi.govshare_ffi.PlatformExchange;

public final class Department {
    /** The sandbox's demo department (docs/sandbox.md): its key is public on purpose. */
    static final String DEMO_NAME = "杭州市示例数据局（沙箱演示）";
    static final String DEMO_CODE = "11330100MB0203040M";
    static final String DEMO_KEY_ID = "demo-department";
    static final String DEMO_SEED_TEXT = "govshare sandbox demo department - not a secret";

    private static final Gson GSON = new Gson();

    /** A verdict did not hold: the platform's answer cannot be trusted. */
    public static final class CheckFailed extends Exception {
        private static final long serialVersionUID = 1L;

        public CheckFailed(String message) {
            super(message);
        }
    }

    /** What one run fetched and verified. */
    public record Outcome(String applicationId, String resourceCode, long records, long pages, long auditEntries) {}

    /** One step's request builder: the exchange signs it and keeps it in flight. */
    @FunctionalInterface
    interface Build {
        String request(Key key, CallContext ctx) throws GovshareException;
    }

    /** One step's answer reader: the exchange verifies and parses it. */
    @FunctionalInterface
    interface Receive<T> {
        T answer(String response, long nowSeconds) throws GovshareException;
    }

    private final String url;
    private final PrintStream log;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final Key key;
    private final AuditLog audit = new AuditLog();
    private final List<String> auditLines = new ArrayList<>();
    private PlatformExchange exchange;
    private Key platformKey;

    public Department(String url, PrintStream log) throws GovshareException {
        this.url = url.endsWith("/") ? url : url + "/";
        this.log = log;
        this.key = Key.Companion.fromRaw(
                Govshare_ffiKt.algorithmFromName("ed25519"), sha256(DEMO_SEED_TEXT.getBytes(StandardCharsets.UTF_8)), true);
        this.key.setKeyId(DEMO_KEY_ID);
    }

    /** Now in Beijing time, by core's one RFC 3339 formatter. */
    static String now() throws GovshareException {
        return Govshare_ffiKt.formatTimestampCst(System.currentTimeMillis() / 1000);
    }

    /** The time and a fresh nonce (govshare's one generator) for one request. */
    private CallContext ctx() throws GovshareException {
        return new CallContext(now(), Govshare_ffiKt.randomNonce());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a message in govshare's JSON form; returns the answer in that form. */
    String send(String message) throws IOException, InterruptedException {
        JsonObject m = JsonParser.parseString(message).getAsJsonObject();
        String body = m.has("body") && !m.get("body").isJsonNull() ? m.get("body").getAsString() : "";
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(m.get("target").getAsString()))
                .timeout(Duration.ofSeconds(30))
                .method(m.get("method").getAsString(),
                        body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (var header : m.getAsJsonArray("headers")) {
            JsonArray pair = header.getAsJsonArray();
            req.header(pair.get(0).getAsString(), pair.get(1).getAsString());
        }
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonArray headers = new JsonArray();
        for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
            for (String value : h.getValue()) {
                JsonArray pair = new JsonArray();
                pair.add(h.getKey());
                pair.add(value);
                headers.add(pair);
            }
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("status", r.statusCode());
        answer.add("headers", headers);
        answer.addProperty("body", r.body());
        return GSON.toJson(answer);
    }

    private void record(String action, Map<String, Object> fields) throws GovshareException {
        JsonObject event = GSON.toJsonTree(fields).getAsJsonObject();
        event.addProperty("time", now());
        event.addProperty("action", action);
        event.addProperty("actor", DEMO_CODE);
        auditLines.add(audit.appendJson(GSON.toJson(event), key));
    }

    /**
     * One step of the conversation: core's PlatformExchange builds and signs
     * the request and keeps it in flight; we only send it; the exchange
     * verifies the answer (the platform's signature, bound to that request,
     * and its Content-Digest) and parses it.
     */
    private <T> T call(Build build, Receive<T> receive, String what)
            throws GovshareException, CheckFailed, IOException, InterruptedException {
        String response = send(build.request(key, ctx()));
        String digest = Govshare_ffiKt.auditDigest(
                JsonParser.parseString(response).getAsJsonObject().get("body").getAsString().getBytes(StandardCharsets.UTF_8));
        try {
            T result = receive.answer(response, System.currentTimeMillis() / 1000);
            record("verify", Map.of("outcome", "ok", "response_digest", digest));
            log.println("  ✔ " + what + ": platform signature (bound to the request) and Content-Digest verified");
            return result;
        } catch (GovshareException.Failed e) {
            if ("verify".equals(exchange.failedAt())) {
                record("verify", Map.of("outcome", e.getCode(), "response_digest", digest));
                throw new CheckFailed(what + ": the platform's answer does not verify [" + e.getCode() + "]");
            }
            throw e;
        }
    }

    /** Catalog → application → submit → every data page, each answer verified. */
    public Outcome run(String query) throws GovshareException, CheckFailed, IOException, InterruptedException {
        // Trust on first use (a real department pins the key it was given out
        // of band); core reads the answer strictly: keyid, alg, a public JWK.
        PlatformConfig config = new PlatformConfig(url.substring(0, url.length() - 1), GatewayKind.NONE, null, null);
        platformKey = Govshare_ffiKt.parsePlatformKeyResponse(send(new PlatformClient(config).platformKeyRequest()));
        log.println("platform key " + platformKey.keyId() + ", pinned for this run");
        exchange = new PlatformExchange(config, platformKey);

        log.println("1. catalog");
        String document = call(exchange::catalog, exchange::receiveCatalog, "catalog");
        Catalog catalog = Catalog.Companion.fromJson(document.getBytes(StandardCharsets.UTF_8));
        SearchQuery search = new SearchQuery();
        search.setText(query);
        search.setSharing(SharingType.UNCONDITIONAL);
        search.setLimit(Unsigned.u32(5));
        SearchResult hits = catalog.search(search);
        log.println("  " + Unsigned.value(hits.getTotal()) + " unconditional resources match " + query);
        if (hits.getHits().isEmpty()) {
            throw new IllegalArgumentException("no unconditional resource matches the query");
        }
        SearchHit hit = hits.getHits().get(0);
        Resource resource = catalog.resource(hit.getCode());
        List<String> items = resource.getItems().stream()
                .sorted((a, b) -> Integer.compare(Unsigned.value(b.getGrade()), Unsigned.value(a.getGrade())))
                .limit(3)
                .map(DataItem::getName)
                .toList();

        log.println("2. application for " + resource.getCode() + " " + resource.getName());
        LocalDate today = LocalDate.parse(now().substring(0, 10));
        JsonObject app = applicationJson(resource, items, today);
        Application application = Application.Companion.fromJson(GSON.toJson(app));
        ValidationReport report = Govshare_ffiKt.validateApplication(application, catalog, null);
        report.getFindings().forEach(f -> log.println("  " + f.getSeverity() + " [" + f.getCode() + "] " + f.getMessageEn()));
        record("build", Map.of("resources", List.of(resource.getCode()), "outcome", report.getOk() ? "ok" : "invalid"));

        log.println("3. submit");
        ApplicationStatus status =
                call((k, c) -> exchange.submit(application, k, c), exchange::receiveApplication, "submit");
        log.println("  " + status.getId() + ": " + status.getState());
        record("submit", Map.of("application_id", status.getId(), "resources", List.of(resource.getCode()),
                "provider_code", resource.getProviderCode(), "status", status.getState().name().toLowerCase()));
        // Decree No. 809 Art. 21: unconditional data is agreed within 1 working day.
        if (status.getState() != ApplicationState.AGREED && status.getState() != ApplicationState.DELIVERED
                && status.getState() != ApplicationState.IN_USE) {
            throw new CheckFailed("expected an agreement for an unconditional resource, got " + status.getState());
        }

        log.println("4. fetch and verify every page");
        Grant grant = new Grant(status.getId(), DEMO_CODE, resource.getCode(), items, today.toString(),
                today.plusDays(90).toString(), status.getState(), status.getDisposalMethod());
        List<Entitlement> entitled = Govshare_ffiKt.entitlements(List.of(grant), DEMO_CODE, now());
        String cursor = null;
        long records = 0;
        long pages = 0;
        do {
            DataQuery dataQuery = new DataQuery(resource.getCode(), items, Map.of(), Unsigned.u32(10), cursor, null);
            DataPage page = call((k, c) -> exchange.data(dataQuery, entitled, k, c), exchange::receiveData,
                    "data page " + (pages + 1));
            VerifyReport verdict = Govshare_ffiKt.verifyMaskedPage(page, resource, null, platformKey);
            pages++;
            records += Unsigned.value(page.getRowCount());
            record("mask_verdict", Map.of("application_id", status.getId(), "resources", List.of(resource.getCode()),
                    "outcome", verdict.getPassed() ? "ok" : "mask_violation"));
            if (!verdict.getPassed()) {
                verdict.getViolations().stream().limit(5).forEach(v ->
                        log.println("  ✘ record " + Unsigned.value(v.getRecord()) + " " + v.getField() + ": " + v.getReason()));
                throw new CheckFailed("data page " + pages + ": " + Unsigned.value(verdict.getViolationCount())
                        + " values are not masked as required");
            }
            cursor = page.getNextCursor();
        } while (cursor != null);
        log.println("  ✔ " + records + " records in " + pages + " pages: signatures, manifests and masking verified");
        return new Outcome(status.getId(), resource.getCode(), records, pages, auditLines.size());
    }

    private static JsonObject applicationJson(Resource resource, List<String> items, LocalDate today) {
        JsonObject app = new JsonObject();
        app.addProperty("format", "govshare-application");
        app.addProperty("format_version", 1);
        app.add("requester", GSON.toJsonTree(Map.of("name", DEMO_NAME, "credit_code", DEMO_CODE)));
        app.add("applicant", GSON.toJsonTree(Map.of("name", "王五")));
        app.add("contact", GSON.toJsonTree(Map.of("name", "赵六")));
        app.add("target", GSON.toJsonTree(Map.of("resource_code", resource.getCode(), "items", items)));
        app.add("duty_basis", GSON.toJsonTree(List.of(Map.of("kind", "law", "title", "中华人民共和国行政许可法"))));
        app.addProperty("purpose", "行政许可审批时核验");
        app.addProperty("scenario", "企业开办一件事：核验申请企业的登记信息");
        app.add("internal_approval",
                GSON.toJsonTree(Map.of("approver", "市场监管局数据共享工作机构负责人", "approved_on", today.toString())));
        app.addProperty("mode", resource.getSharing().getModes().isEmpty()
                ? "online_query"
                : resource.getSharing().getModes().get(0).name().toLowerCase());
        app.add("validity", GSON.toJsonTree(Map.of("from", today.toString(), "until", today.plusDays(90).toString())));
        app.add("frequency", GSON.toJsonTree(Map.of("kind", "on_demand")));
        app.add("commitments", GSON.toJsonTree(Map.of("storage_location", "示例市政务云", "retention_days", 120,
                "destruction_date", today.plusDays(120).toString())));
        return app;
    }

    /** Verifies the audit log written so far: the chain and every signature. */
    public AuditVerification finish() throws GovshareException {
        AuditVerifier verifier = new AuditVerifier();
        verifier.addKey(key);
        verifier.requireSignatures(true);
        String text = String.join("\n", auditLines) + "\n";
        AuditVerification verdict = verifier.verify(text.getBytes(StandardCharsets.UTF_8));
        log.println("5. audit: " + Unsigned.value(verdict.getEntries()) + " entries, valid " + verdict.getValid());
        return verdict;
    }

    public static void main(String[] args) {
        String url = "http://127.0.0.1:8700";
        String query = "企业";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = i + 1 < args.length ? args[++i] : usage();
                case "--query" -> query = i + 1 < args.length ? args[++i] : usage();
                default -> usage();
            }
        }
        System.exit(run(url, query, System.out, System.err));
    }

    private static String usage() {
        System.err.println("usage: Department [--url URL] [--query TEXT]");
        System.exit(2);
        return null;
    }

    /** The whole run with the exit code convention: 0 ok, 1 a check failed, 2 usage or connection. */
    public static int run(String url, String query, PrintStream out, PrintStream err) {
        Department dept;
        try {
            dept = new Department(url, out);
        } catch (GovshareException e) {
            err.println("error: " + e);
            return 2;
        }
        try {
            dept.run(query);
            boolean ok = dept.finish().getValid();
            out.println(ok ? "ok" : "audit log does not verify");
            return ok ? 0 : 1;
        } catch (CheckFailed e) {
            try {
                dept.finish();
            } catch (GovshareException ignored) {
                // The check already failed; the audit verdict cannot change that.
            }
            err.println("✘ " + e.getMessage());
            return 1;
        } catch (GovshareException.Failed e) {
            err.println("error [" + e.getCode() + "]: " + e.getMessageEn());
            return 2;
        } catch (GovshareException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot reach " + url + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }
}
