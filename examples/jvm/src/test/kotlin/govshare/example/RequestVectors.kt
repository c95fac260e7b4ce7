// tests/vectors/request through the uniffi Kotlin API, as
// python/tests/test_request_vectors.py: the same operations and comparison
// as core/tests/vectors_request.rs (absent members equal null, and so do
// empty lists: see norm()).
package govshare.example

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.CallContext
import uniffi.govshare_core.CatalogUpdateInput
import uniffi.govshare_core.Correction
import uniffi.govshare_core.CorrectionOutcome
import uniffi.govshare_core.DataQuery
import uniffi.govshare_core.DeadlineProfile
import uniffi.govshare_core.Event
import uniffi.govshare_core.Grant
import uniffi.govshare_core.Lifecycle
import uniffi.govshare_core.PlatformConfig
import uniffi.govshare_core.Schedule
import uniffi.govshare_core.ScheduleInput
import uniffi.govshare_core.ValidationPolicy
import uniffi.govshare_ffi.Application
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.PlatformClient
import uniffi.govshare_ffi.WorkCalendar
import uniffi.govshare_ffi.answerCorrection
import uniffi.govshare_ffi.catalogUpdateSchedule
import uniffi.govshare_ffi.deadlineProfile
import uniffi.govshare_ffi.deadlineProfileFromJson
import uniffi.govshare_ffi.entitlements
import uniffi.govshare_ffi.fileCorrection
import uniffi.govshare_ffi.parseApplicationResponse
import uniffi.govshare_ffi.parseCatalogDeltaResponse
import uniffi.govshare_ffi.parseCatalogResponse
import uniffi.govshare_ffi.parseDataResponse
import uniffi.govshare_ffi.parseIrsRefreshResponse
import uniffi.govshare_ffi.schedule
import uniffi.govshare_ffi.transition
import uniffi.govshare_ffi.validateApplication

object RequestVectors {
    private fun catalogOf(data: JsonObject): Catalog {
        val doc = JsonObject()
        doc.addProperty("format", "govshare-catalog")
        doc.addProperty("format_version", 1)
        doc.add("catalog", jsonObject("id" to "vectors", "name" to "request vectors", "version" to 1))
        doc.add("resources", data.get("catalog"))
        return Catalog.fromJson(utf8(pyDumps(doc)))
    }

    /** A typed record the Kotlin API takes, or Unrepresentable (python's `typed`). */
    private inline fun <reified T> typed(value: JsonElement?): T = try {
        record<T>(value)
    } catch (e: RecordMismatch) {
        throw Unrepresentable(e.message ?: "", e)
    }

    private fun profileOf(case: JsonObject): DeadlineProfile? {
        val p = case.opt("profile") ?: return null
        if (p.isJsonPrimitive) return deadlineProfile(p.asString)
        return deadlineProfileFromJson(pyDumps(p))
    }

    private fun calendarOf(case: JsonObject): WorkCalendar =
        WorkCalendar.embedded().also { cal -> case.optStr("calendar_json")?.let { cal.addJson(it) } }

    private fun scheduleJson(out: Schedule): JsonElement =
        jsonObject("profile" to out.profile, "steps" to out.steps, "finding_codes" to out.findings.map { it.code })

    /** Sorted by python's json.dumps(f, sort_keys=True), the order test_request_vectors.py compares in. */
    private fun sortFindings(fs: JsonArray): JsonArray =
        JsonArray().also { a -> fs.sortedBy { pyDumps(it, sortKeys = true, ensureAscii = true) }.forEach { a.add(it) } }

    private fun buildRequest(case: JsonObject): JsonElement {
        val client = PlatformClient(record<PlatformConfig>(case.get("config")))
        val ctx = record<CallContext>(case.get("ctx"))
        val msg = when (val call = case.str("call")) {
            "catalog" -> client.catalogRequest(ctx)
            "catalog_delta" -> client.catalogDeltaRequest(record<ULong>(case.get("since_version")), ctx)
            "submit" -> client.submitRequest(Application.fromJson(case.str("application_json")), ctx)
            "resubmit" -> client.resubmitRequest(case.str("id"), Application.fromJson(case.str("application_json")), ctx)
            "status" -> client.statusRequest(case.str("id"), ctx)
            "withdraw" -> client.withdrawRequest(case.str("id"), case.optStr("reason"), ctx)
            "data" -> {
                val grants = case.arr("grants").map { record<Grant>(it) }
                val ents = entitlements(grants, case.str("credit_code"), ctx.now)
                client.dataRequest(record<DataQuery>(case.get("query")), ents, ctx)
            }
            "irs_refresh_by_key" -> client.irsRefreshByKeyRequest(ctx)
            "irs_refresh_by_secret" -> client.irsRefreshBySecretRequest(ctx)
            else -> throw AssertionError("unknown call $call")
        }
        val parsed = parseJson(msg)
        assertTrue(parsed.isJsonObject, "a request is a message object")
        return parsed
    }

    private fun parseResponse(case: JsonObject): JsonElement {
        val resp = jsonText(case.get("response"))
        return when (val call = case.str("call")) {
            "application" -> plain(parseApplicationResponse(resp))
            "catalog" -> parseJson(parseCatalogResponse(resp))
            "catalog_delta" -> parseJson(parseCatalogDeltaResponse(resp))
            "data" -> plain(parseDataResponse(resp, record<DataQuery>(case.get("query"))))
            "irs_refresh" -> parseIrsRefreshResponse(resp).let { s ->
                // An opaque object: its secrets are read by name, never printed.
                jsonObject(
                    "request_secret" to s.requestSecret(),
                    "request_secret_end_time" to s.requestSecretEndTime(),
                    "refresh_secret" to s.refreshSecret(),
                    "refresh_secret_end_time" to s.refreshSecretEndTime(),
                )
            }
            else -> throw AssertionError("unknown call $call")
        }
    }

    private fun run(data: JsonObject, case: JsonObject): JsonElement = when (val op = case.str("op")) {
        "validate" -> {
            val app = Application.fromJson(case.str("application_json"))
            val policy = case.opt("policy")?.let { record<ValidationPolicy>(it) }
            val report = validateApplication(app, catalogOf(data), policy)
            for (f in report.findings) assertTrue(f.messageEn.isNotEmpty() && f.messageZh.isNotEmpty(), f.code)
            val findings = JsonArray().also { a ->
                report.findings.forEach { a.add(jsonObject("code" to it.code, "severity" to it.severity, "path" to it.path, "article" to it.article)) }
            }
            jsonObject("ok" to report.ok, "outcome" to report.outcome, "track" to report.track, "findings" to sortFindings(findings))
        }
        "application_digests" -> plain(Application.fromJson(case.str("application_json")).digests())
        "transition" -> {
            val lc = typed<Lifecycle>(case.get("lifecycle"))
            val event = typed<Event>(case.get("event"))
            plain(transition(lc, event, case.str("now"), profileOf(case)))
        }
        "file_correction" -> plain(fileCorrection(case.str("application_id"), case.str("resource_code"), case.arr("items").strings(),
                                                  case.str("data_digest"), case.str("filed_on")))
        "answer_correction" -> plain(answerCorrection(typed<Correction>(case.get("correction")), case.str("answered_on"),
                                                      CorrectionOutcome.valueOf(case.str("outcome").uppercase())))
        "schedule" -> {
            val cal = calendarOf(case)
            val profile = profileOf(case)
            scheduleJson(schedule(cal, typed<ScheduleInput>(case.get("input")), case.str("now"), profile))
        }
        "catalog_update" -> {
            val cal = calendarOf(case)
            val profile = profileOf(case)
            val inp = typed<CatalogUpdateInput>(case.get("input"))
            scheduleJson(catalogUpdateSchedule(cal, inp, case.str("now"), profile))
        }
        "due_date" -> plain(WorkCalendar.embedded().dueDate(case.str("start"), record<UInt>(case.get("days"))))
        "entitlements" -> plain(entitlements(case.arr("grants").map { record<Grant>(it) }, case.str("credit_code"), case.str("now")))
        "build_request" -> buildRequest(case)
        "parse_response" -> parseResponse(case)
        else -> throw AssertionError("unknown op $op")
    }

    /** The platform's error details are in the English message ("HTTP 404 with error code \"x\""). */
    private val PLATFORM = Regex("""HTTP (\d+) with error code "((?:[^"\\]|\\.)*)"""")

    fun check(file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val thrown = try {
                val got = run(file.doc, case)
                throw AssertionError("$name: expected $code, got $got")
            } catch (e: GovshareException) {
                e
            } catch (e: Unrepresentable) {
                e
            }
            if (thrown is Unrepresentable) {
                // Rust and JS read such input as JSON and answer invalid_value.
                assertEquals("invalid_value", code) { "$name: ${thrown.message}" }
                return
            }
            val e = (thrown as GovshareException).failed
            assertEquals(code, e.code) { "$name: ${e.messageEn}" }
            case.opt("must_not_echo")?.asJsonArray?.forEach { secret ->
                assertFalse("${e.messageEn} ${e.messageZh}".contains(secret.asString)) { "$name: the error echoes a value" }
            }
            case.optStr("article")?.let { article -> assertTrue(e.messageEn.contains(article)) { "$name: ${e.messageEn}" } }
            assertTrue(e.messageZh.isNotEmpty(), "$name: message_zh")
            case.opt("expect_error_fields")?.let { want ->
                val m = PLATFORM.find(e.messageEn)
                assertNotNull(m) { e.messageEn }
                val got = jsonObject("status" to m!!.groupValues[1].toInt(), "platform_code" to parseJson("\"${m.groupValues[2]}\"").asString)
                assertTrue(jsonEquals(got, want)) { "$name: $got, expected $want" }
            }
        } else {
            var want = case.get("expect")
            if (want.isJsonObject && want.asJsonObject.get("findings")?.isJsonArray == true) {
                want = want.deepCopy().asJsonObject.also { it.add("findings", sortFindings(it.getAsJsonArray("findings"))) }
            }
            val actual = norm(run(file.doc, case))
            assertTrue(jsonEquals(actual, norm(want))) { "$name\n  actual: $actual\n  expect: ${norm(want)}" }
        }
    }
}
