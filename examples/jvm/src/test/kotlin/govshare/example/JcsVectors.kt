// tests/vectors/jcs through the uniffi Kotlin API, as
// python/tests/test_jcs_vectors.py (the same comparison as
// core/tests/vectors_jcs.rs).
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import java.util.Base64
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.JcsLimits
import uniffi.govshare_ffi.canonicalDigests
import uniffi.govshare_ffi.canonicalize
import uniffi.govshare_ffi.canonicalizeWith

object JcsVectors {
    private fun dataOf(case: JsonObject): ByteArray =
        case.optStr("input")?.let { utf8(it) } ?: Base64.getDecoder().decode(case.str("input_base64"))

    private fun run(case: JsonObject): JsonElement {
        val data = dataOf(case)
        return when (val op = case.str("op")) {
            "canonicalize" -> {
                val out = case.opt("limits")?.let { canonicalizeWith(data, record<JcsLimits>(it)) } ?: canonicalize(data)
                plain(utf8(out))
            }
            "canonical_digests" -> plain(canonicalDigests(data))
            else -> throw AssertionError("unknown op $op")
        }
    }

    fun check(@Suppress("UNUSED_PARAMETER") file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(case) }
            assertEquals(code, e.code) { "$name: ${e.messageEn}" }
        } else {
            val actual = run(case)
            assertTrue(jsonEquals(actual, case.get("expect"))) { "$name\n  actual: $actual\n  expect: ${case.get("expect")}" }
        }
    }
}
