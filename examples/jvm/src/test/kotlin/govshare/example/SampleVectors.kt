// tests/vectors/sample through the uniffi Kotlin API, as
// python/tests/test_sample_vectors.py: the sample generator's text is
// byte-identical in every binding (SHA-256, length, resource count).
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.SampleOptions
import uniffi.govshare_ffi.defaultSampleOptions
import uniffi.govshare_ffi.provinceSampleOptions
import uniffi.govshare_ffi.sampleCatalog
import uniffi.govshare_ffi.sampleInjectedFindings

object SampleVectors {
    private fun digest(text: String): JsonElement {
        val raw = utf8(text)
        val resources = parseJson(text).asJsonObject.getAsJsonArray("resources").size()
        return jsonObject("sha256" to sha256Hex(raw), "bytes" to raw.size, "resources" to resources)
    }

    private fun options(case: JsonObject): SampleOptions = record(case.opt("options") ?: JsonObject())

    private fun run(case: JsonObject): JsonElement = when (val op = case.str("op")) {
        "sample_json" -> digest(sampleCatalog(options(case)))
        "default_sample" -> digest(sampleCatalog(defaultSampleOptions()))
        "province_sample" -> digest(sampleCatalog(provinceSampleOptions()))
        "injected_findings" -> plain(sampleInjectedFindings(options(case)).map { jsonObject("resource_index" to it.resourceIndex, "code" to it.code) })
        else -> throw AssertionError("no runner for sample op $op")
    }

    fun check(@Suppress("UNUSED_PARAMETER") file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            assertEquals(code, expectGovshareError(name) { run(case) }.code, name)
        } else {
            val actual = run(case)
            assertTrue(jsonEquals(actual, case.get("expect"))) { "$name\n  actual: $actual\n  expect: ${case.get("expect")}" }
        }
    }
}
