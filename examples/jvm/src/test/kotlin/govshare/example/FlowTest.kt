package govshare.example

import com.google.gson.JsonParser
import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import uniffi.govshare_core.ApplicationState
import uniffi.govshare_core.DisposalMethod
import uniffi.govshare_core.Event
import uniffi.govshare_core.ScheduleInput
import uniffi.govshare_core.SearchQuery
import uniffi.govshare_core.StepKind
import uniffi.govshare_core.StepStatus
import uniffi.govshare_core.Track
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.WorkCalendar
import uniffi.govshare_ffi.deadlineProfile
import uniffi.govshare_ffi.newLifecycle
import uniffi.govshare_ffi.schedule
import uniffi.govshare_ffi.transition
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.CallContext
import uniffi.govshare_core.DigestAlgorithm
import uniffi.govshare_core.GatewayKind
import uniffi.govshare_core.PlatformConfig
import uniffi.govshare_core.SignatureParams
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.PlatformExchange
import uniffi.govshare_ffi.defaultComponents
import uniffi.govshare_ffi.requestBindingComponent
import uniffi.govshare_ffi.sampleCatalog
import uniffi.govshare_ffi.sampleOptions
import uniffi.govshare_ffi.signMessage

class FlowTest {
    private val repo = File(System.getProperty("govshare.repo", "../.."))
    private val sample = File(repo, "examples/data/sample-catalog.json")

    @Test
    fun `the whole flow on the bundled sample catalog`() {
        val report = runFlow(Catalog.fromJson(sample.readBytes()), 1_772_413_200L) {}
        assertTrue(report.hits > 0, "search finds unconditional 人口 resources")
        assertTrue(report.signatureValid)
        assertEquals("digest_mismatch", report.tamperedCode)
        assertTrue(report.auditValid)
        assertEquals(3L, report.auditEntries)
        assertTrue(report.ok)
    }

    @Test
    fun `the shared catalog search vectors give the same answer`() {
        // tests/vectors/catalog/search.json: every case over one catalog whose
        // query is text (+ limit) only; total and hit codes must match.
        val doc = JsonParser.parseString(File(repo, "tests/vectors/catalog/search.json").readText()).asJsonObject
        var ran = 0
        for (c in doc.getAsJsonArray("cases").map { it.asJsonObject }) {
            val catalogs = c.getAsJsonArray("catalogs") ?: continue
            val query = c.getAsJsonObject("query") ?: continue
            val expect = c.getAsJsonObject("expect") ?: continue
            if (c.get("op").asString != "search" || catalogs.size() != 1) continue
            if (query.keySet() != setOf("text", "limit") || !expect.has("codes")) continue
            val catalog = Catalog.fromJson(File(repo, "tests/vectors/catalog/" + catalogs[0].asString).readBytes())
            val result = catalog.search(SearchQuery(text = query.get("text").asString, limit = query.get("limit").asInt.toUInt()))
            val name = c.get("name").asString
            assertEquals(expect.get("total").asLong, result.total.toLong(), name)
            assertEquals(expect.getAsJsonArray("codes").map { it.asString }, result.hits.map { it.code }, name)
            ran++
        }
        assertTrue(ran >= 3, "ran $ran vector cases")
    }

    @Test
    fun `the decree's time limits agree with the shared deadline vectors`() {
        // tests/vectors/request/deadlines.json, computed by an independent
        // implementation: the national profile's schedule cases with only
        // received/answered/agreed/delivered inputs.
        val doc = JsonParser.parseString(File(repo, "tests/vectors/request/deadlines.json").readText()).asJsonObject
        val calendar = WorkCalendar.embedded()
        var ran = 0
        for (c in doc.getAsJsonArray("cases").map { it.asJsonObject }) {
            if (c.get("op").asString != "schedule" || !c.has("expect") || c.has("profile") || c.has("calendar_json")) continue
            val input = c.getAsJsonObject("input")
            if (!setOf("track", "received", "answered", "agreed", "delivered").containsAll(input.keySet())) continue
            val track = Track.valueOf(input.get("track").asString.uppercase())
            fun opt(k: String) = input.get(k)?.asString
            val s = schedule(
                calendar,
                ScheduleInput(track = track, received = input.get("received").asString, answered = opt("answered"),
                              agreed = opt("agreed"), delivered = opt("delivered")),
                c.get("now").asString,
                deadlineProfile("national"),
            )
            val want = c.getAsJsonObject("expect").getAsJsonArray("steps").map { it.asJsonObject }
            val name = c.get("name").asString
            assertEquals(want.size, s.steps.size, name)
            for ((w, got) in want.zip(s.steps)) {
                assertEquals(w.get("step").asString, got.step.name.lowercase(), name)
                assertEquals(w.get("due").let { if (it.isJsonNull) null else it.asString }, got.due, name)
                assertEquals(w.get("status").asString, got.status.name.lowercase(), name)
            }
            ran++
        }
        assertTrue(ran >= 10, "ran $ran vector cases")
    }

    @Test
    fun `the decree's process refuses what it does not allow, naming the article`() {
        val now = "2026-03-02T10:00:00+08:00"
        var lc = transition(newLifecycle(), Event.ApproveInternally(approver = "处长"), now, null)
        lc = transition(lc, Event.Submit, now, null)
        assertEquals(ApplicationState.SUBMITTED, lc.state)
        // Art. 21: a refusal without reasons is invalid; an extension over 10 days too.
        val refused = assertThrows<GovshareException.Failed> { transition(lc, Event.Refuse(reasons = listOf()), now, null) }
        assertEquals("invalid_argument", refused.code)
        assertTrue(refused.messageEn.contains("Art. 21"), refused.messageEn)
        val extended = assertThrows<GovshareException.Failed> {
            transition(lc, Event.Extend(days = 11u, approvalRef = "批复", requesterNotified = "2026-03-02"), now, null)
        }
        assertEquals("invalid_argument", extended.code)
        lc = transition(lc, Event.Agree(useUntil = "2026-12-31", disposalMethod = DisposalMethod.SEAL), now, null)
        // Art. 27 ¶1: disposal only by the method the provider required.
        lc = transition(lc, Event.Deliver(mode = uniffi.govshare_core.DeliveryMode.SERVICE_INTERFACE), now, null)
        lc = transition(lc, Event.StartUse, now, null)
        lc = transition(lc, Event.EndUse(reason = uniffi.govshare_core.EndOfUse.PURPOSE_ACHIEVED), now, null)
        val wrong = assertThrows<GovshareException.Failed> { transition(lc, Event.Dispose(method = DisposalMethod.DELETE), now, null) }
        assertEquals("illegal_transition", wrong.code)
        assertTrue(wrong.messageEn.contains("Art. 27"), wrong.messageEn)
        lc = transition(lc, Event.Dispose(method = DisposalMethod.SEAL), now, null)
        assertEquals(ApplicationState.DISPOSED, lc.state)
        // Out of the shipped calendar: unknown, never guessed.
        val late = schedule(WorkCalendar.embedded(), ScheduleInput(track = Track.CONDITIONAL, received = "2026-12-28"), now, null)
        assertEquals(StepKind.ANSWER, late.steps[0].step)
        assertEquals(StepStatus.UNKNOWN, late.steps[0].status)
    }

    @Test
    fun `bad input is an exception with a stable code, not a crash`() {
        val e = assertThrows<GovshareException.Failed> { Catalog.fromJson("{\"resources\": [".toByteArray()) }
        assertEquals("malformed_json", e.code)
        assertNotNull(e.messageZh)
    }

    @Test
    fun `the platform exchange accepts each answer once, for the request in flight only`() {
        val dept = Key.generate(Algorithm.ED25519).also { it.setKeyId("dept") }
        val platform = Key.generate(Algorithm.ED25519).also { it.setKeyId("platform") }
        val ex = PlatformExchange(PlatformConfig("https://share.example.gov.cn", GatewayKind.NONE, null, null), platform.publicKey())
        val now = 1_799_028_000L // 2027-01-04T10:00:00+08:00
        fun ctx(nonce: String) = CallContext("2027-01-04T10:00:00+08:00", nonce)
        // The platform's side: an answer bound to the request it answers.
        fun answer(request: String, body: String): String {
            val resp = """{"status":200,"headers":[["Content-Type","application/json"]],"body":${com.google.gson.Gson().toJson(body)}}"""
            val components = defaultComponents(resp, true, request) + requestBindingComponent(request, null)
            val params = SignatureParams(components = components, created = now, keyid = "platform", contentDigest = DigestAlgorithm.SHA256)
            return signMessage(resp, platform, params, request).message
        }
        val catalogText = sampleCatalog(sampleOptions(1uL, 1uL))
        val first = ex.catalog(dept, ctx("n-1"))
        assertEquals("catalog", ex.inFlight())
        assertEquals("invalid_argument", assertThrows<GovshareException.Failed> { ex.catalog(dept, ctx("n-2")) }.code)
        val reply = answer(first, catalogText)
        assertEquals(1, JsonParser.parseString(ex.receiveCatalog(reply, now)).asJsonObject.getAsJsonArray("resources").size())
        // A replay finds nothing in flight; against the next request it does not verify.
        assertEquals("invalid_argument", assertThrows<GovshareException.Failed> { ex.receiveCatalog(reply, now) }.code)
        ex.catalog(dept, ctx("n-3"))
        assertEquals("signature_invalid", assertThrows<GovshareException.Failed> { ex.receiveCatalog(reply, now) }.code)
        assertEquals("verify", ex.failedAt())
    }

    @Test
    fun `IRS secrets print redacted and are read by name`() {
        val body = """{"code":"00","datas":{"requestSecret":"rq-s3cr3t","requestSecretEndTime":1,"refreshSecret":"rf-s3cr3t","refreshSecretEndTime":2}}"""
        val response = """{"status":200,"headers":[["Content-Type","application/json"]],"body":${com.google.gson.Gson().toJson(body)}}"""
        val secrets = uniffi.govshare_ffi.parseIrsRefreshResponse(response)
        assertEquals("rq-s3cr3t", secrets.requestSecret())
        assertTrue(!secrets.toString().contains("s3cr3t"), secrets.toString())
        assertTrue(!listOf(secrets).toString().contains("s3cr3t"))
    }
}
