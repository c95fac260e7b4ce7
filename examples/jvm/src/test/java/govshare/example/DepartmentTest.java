// The plain-Java department example against a real sandbox (`govshare
// sandbox`), as a Java backend would run it: exit 0 and a verified audit trail
// against an honest platform; exit 1 against each misbehaving one.
package govshare.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import govshare.jvm.Unsigned;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uniffi.govshare_ffi.GovshareException;
import uniffi.govshare_ffi.Govshare_ffiKt;

class DepartmentTest {
    @TempDir
    Path tmp;

    /** A running `govshare sandbox` on a free port; stopped on close. */
    static final class Sandbox implements AutoCloseable {
        final Process process;
        final String url;

        Sandbox(Path data, String misbehave) throws IOException {
            String repo = System.getProperty("govshare.repo", "../..");
            String bin = System.getenv().getOrDefault("GOVSHARE_BIN", repo + "/target/debug/govshare");
            assertTrue(Files.isExecutable(Path.of(bin)),
                    "the govshare binary is needed at " + bin + " (cargo build -p govshare-cli, or set GOVSHARE_BIN)");
            List<String> args = new ArrayList<>(List.of(bin, "sandbox", "--port", "0", "--data", data.toString()));
            if (misbehave != null) {
                args.addAll(List.of("--misbehave", misbehave));
            }
            process = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(first != null && first.startsWith("http://127.0.0.1:"), "sandbox did not start: " + first);
            url = first.strip();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Run {
        final int code;
        final String out;
        final String err;

        Run(String url) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            code = Department.run(url, "企业", new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            this.out = out.toString(StandardCharsets.UTF_8);
            this.err = err.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anHonestPlatformPassesEveryCheckAndTheAuditVerifies() throws Exception {
        try (Sandbox sandbox = new Sandbox(tmp.resolve("platform"), null)) {
            Department dept = new Department(sandbox.url, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            Department.Outcome outcome = dept.run("企业");
            assertTrue(outcome.records() > 0, "records fetched");
            assertTrue(outcome.pages() >= 1, "pages fetched");
            assertTrue(outcome.applicationId().startsWith("SB-"), "the sandbox's application id");
            var audit = dept.finish();
            assertTrue(audit.getValid(), "the audit trail verifies");
            assertEquals(outcome.auditEntries(), Unsigned.value(audit.getEntries()));

            Run run = new Run(sandbox.url);
            assertEquals(0, run.code, run.err);
            assertTrue(run.out.strip().endsWith("ok"), run.out);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "unmasked, are not masked as required",
        "bad-digest, does not verify [digest_mismatch]",
        "bad-signature, does not verify [signature_invalid]",
    })
    void aMisbehavingPlatformIsCaught(String misbehave, String expected) throws Exception {
        try (Sandbox sandbox = new Sandbox(tmp.resolve(misbehave), misbehave)) {
            Run run = new Run(sandbox.url);
            assertEquals(1, run.code, run.out + run.err);
            assertTrue(run.err.contains(expected), run.err);
            assertTrue(!run.out.strip().endsWith("ok"), run.out);
        }
    }

    @Test
    void anUnreachablePlatformIsAUsageError() {
        // Port 9 (discard) on loopback: nothing listens there.
        Run run = new Run("http://127.0.0.1:9");
        assertEquals(2, run.code, run.err);
    }

    @Test
    void theReadmeJavaSnippetRuns() throws Exception {
        // README.md "Quick start: the catalog", Java: kept in step with this test.
        String repo = System.getProperty("govshare.repo", "../..");
        uniffi.govshare_ffi.Catalog cat = uniffi.govshare_ffi.Catalog.Companion.fromJson(
                Files.readAllBytes(Path.of(repo, "examples/data/sample-catalog.json")));
        uniffi.govshare_core.SearchQuery q = new uniffi.govshare_core.SearchQuery();
        q.setText("统一社会信用代码");
        q.setSharing(uniffi.govshare_core.SharingType.CONDITIONAL);
        q.setLimit(Unsigned.u32(20));
        uniffi.govshare_core.SearchResult r = cat.search(q);
        assertTrue(Unsigned.value(r.getTotal()) > 0);
        assertTrue(r.getHits().size() <= 20);
        GovshareException.Failed e = assertThrows(GovshareException.Failed.class,
                () -> cat.applyDelta("{".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed_json", e.getCode());
        assertTrue(!e.getMessageZh().isEmpty());
    }

    @Test
    void unknownNamesAndOutOfRangeNumbersFailClosed() {
        GovshareException.Failed e = assertThrows(GovshareException.Failed.class,
                () -> Govshare_ffiKt.algorithmFromName("rsa-sha1"));
        assertEquals("unknown_algorithm", e.getCode());
        assertEquals("ed25519", Govshare_ffiKt.algorithmName(uniffi.govshare_core.Algorithm.ED25519));
        assertThrows(IllegalArgumentException.class, () -> Unsigned.u32(-1));
        assertThrows(IllegalArgumentException.class, () -> Unsigned.u32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> Unsigned.u8(256));
        assertThrows(IllegalArgumentException.class, () -> Unsigned.u64(-1));
        assertEquals(4_294_967_295L, Unsigned.value(Unsigned.u32(4_294_967_295L)));
        assertEquals(255, Unsigned.value(Unsigned.u8(255)));
    }
}
