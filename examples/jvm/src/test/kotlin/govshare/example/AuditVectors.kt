// tests/vectors/audit through the uniffi Kotlin API, as
// python/tests/test_audit_vectors.py: the same operations and subset
// comparison as core/tests/vectors_audit.rs.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.DestructionRequest
import uniffi.govshare_ffi.AuditLog
import uniffi.govshare_ffi.AuditVerifier
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.algorithmFromName
import uniffi.govshare_ffi.auditArchive
import uniffi.govshare_ffi.auditExport
import uniffi.govshare_ffi.auditUsageReport
import uniffi.govshare_ffi.destructionReceipt
import uniffi.govshare_ffi.verifyAuditExport
import uniffi.govshare_ffi.verifyDestructionReceipt

object AuditVectors {
    private fun key(doc: JsonObject, name: String): Key {
        val k = doc.obj("keys").obj(name)
        return Key.fromRaw(algorithmFromName(k.str("alg")), unhex(k.str("raw_private_hex")), true).also { it.setKeyId(k.str("key_id")) }
    }

    private fun linesText(lines: JsonElement?): String = lines?.asJsonArray?.joinToString("") { "${it.asString}\n" } ?: ""

    private fun log(c: JsonObject): ByteArray = utf8(linesText(c.opt("log_lines")))

    /** Python's `c.get("key")` when truthy: the signer, or none. */
    private fun signer(doc: JsonObject, c: JsonObject): Key? = c.optStr("key")?.takeIf { it.isNotEmpty() }?.let { key(doc, it) }

    private fun verifier(doc: JsonObject, c: JsonObject, member: String = "keys"): AuditVerifier {
        val v = AuditVerifier()
        c.opt(member)?.asJsonArray?.forEach { v.addKey(key(doc, it.asString)) }
        v.requireSignatures(c.opt("require_signatures")?.asBoolean ?: false)
        c.opt("continue_from")?.asJsonArray?.let { v.continueFrom(record<ULong>(it[0]), it[1].asString) }
        return v
    }

    private fun run(doc: JsonObject, c: JsonObject): JsonElement = when (val op = c.str("op")) {
        "append" -> {
            val signer = signer(doc, c)
            val log = AuditLog.resume(log(c))
            val lines = c.arr("events").map { log.appendJson(jsonText(it), signer) }
            jsonObject("lines" to lines, "head" to log.head())
        }
        "verify" -> {
            val v = verifier(doc, c)
            v.expectHead(c.optStr("expected_head"))
            plain(v.verify(log(c)))
        }
        "archive" -> {
            val signer = signer(doc, c)
            val out = auditArchive(log(c), c.str("before"), c.str("now"), record<UInt>(c.get("retention_years")), verifier(doc, c), signer)
            jsonObject("header" to out.header, "archive_lines" to splitlines(out.archive), "remaining_lines" to splitlines(out.remaining))
        }
        "verify_archive" -> plain(verifier(doc, c).verifyArchive(utf8(linesText(c.get("archive_lines")))))
        "export" -> {
            val text = auditExport(log(c), c.optStr("provider_code"), verifier(doc, c), key(doc, c.str("key")))
            jsonObject("lines" to splitlines(text))
        }
        "verify_export" -> {
            val ev = verifier(doc, c, "export_keys")
            ev.requireSignatures(true)
            plain(verifyAuditExport(utf8(linesText(c.get("export_lines"))), log(c), c.optStr("provider_code"), ev, verifier(doc, c)))
        }
        "report" -> plain(auditUsageReport(log(c), c.str("now")))
        "receipt" -> plain(destructionReceipt(record<DestructionRequest>(c.get("request")), c.str("log_head"), key(doc, c.str("key"))))
        "receipt_verify" -> plain(verifyDestructionReceipt(utf8(jsonText(c.get("receipt"))), key(doc, c.str("key"))))
        else -> throw AssertionError("unknown op $op")
    }

    /** `expect` lists members that must be equal; numbers compare as numbers. */
    private fun matches(actual: JsonElement?, expect: JsonElement?): Boolean = when {
        expect != null && expect.isJsonObject -> actual != null && actual.isJsonObject &&
            expect.asJsonObject.entrySet().all { (k, v) -> actual.asJsonObject.has(k) && matches(actual.asJsonObject.get(k), v) }
        expect != null && expect.isJsonArray -> actual != null && actual.isJsonArray &&
            actual.asJsonArray.size() == expect.asJsonArray.size() &&
            (0 until expect.asJsonArray.size()).all { matches(actual.asJsonArray[it], expect.asJsonArray[it]) }
        else -> jsonEquals(actual, expect)
    }

    fun check(file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(file.doc, case) }
            assertEquals(code, e.code) { "$name: ${e.messageEn}" }
        } else {
            val actual = run(file.doc, case)
            assertTrue(matches(actual, case.get("expect"))) { "$name\n  actual: $actual\n  expect: ${case.get("expect")}" }
        }
    }
}
