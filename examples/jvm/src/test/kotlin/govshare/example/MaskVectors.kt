// tests/vectors/mask through the uniffi Kotlin API, as
// python/tests/test_mask_vectors.py: the same operations and subset
// comparison as core/tests/vectors_mask.rs.
package govshare.example

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import uniffi.govshare_core.DeidOptions
import uniffi.govshare_core.FieldRule
import uniffi.govshare_core.StreamOptions
import uniffi.govshare_ffi.MaskManifest
import uniffi.govshare_ffi.MaskPolicy
import uniffi.govshare_ffi.checkDeid
import uniffi.govshare_ffi.detectIdentifiers
import uniffi.govshare_ffi.maskApply
import uniffi.govshare_ffi.maskScan
import uniffi.govshare_ffi.maskVerify
import uniffi.govshare_ffi.ruleAtLeastAsStrict

object MaskVectors {
    private fun textOf(case: JsonObject, key: String): String? = case.opt(key)?.let { jsonText(it) }

    // A workbook (sheets.json) comes as `data_b64`.
    private fun dataOf(case: JsonObject): ByteArray =
        case.optStr("data_b64")?.let { java.util.Base64.getDecoder().decode(it) } ?: utf8(textOf(case, "data") ?: "")

    private fun options(case: JsonObject): StreamOptions? = case.opt("options")?.let { record<StreamOptions>(it) }

    private fun fmt(case: JsonObject): String = case.optStr("format") ?: "json_array"

    private fun policy(case: JsonObject): MaskPolicy = MaskPolicy.fromJson(textOf(case, "policy")!!)

    private fun run(case: JsonObject): JsonElement = when (val op = case.str("op")) {
        "detect" -> {
            val text = case.str("text")
            val raw = utf8(text)
            plain(detectIdentifiers(text).map { d ->
                plain(d).asJsonObject.also { it.add("match", plain(utf8(raw.copyOfRange(d.start.toInt(), d.end.toInt())))) }
            })
        }
        "scan" -> plain(maskScan(fmt(case), dataOf(case), options(case)))
        "apply" -> {
            val key = case.optStr("hash_key")
            val f = maskApply(policy(case), fmt(case), dataOf(case), key?.let { utf8(it) }, options(case))
            jsonObject("output" to utf8(f.output), "report" to f.report)
        }
        "verify" -> {
            val p = policy(case)
            val manifest = textOf(case, "manifest")?.let { MaskManifest.fromJson(it) }
            plain(maskVerify(p, fmt(case), dataOf(case), manifest, options(case)))
        }
        "parse_policy" -> jsonObject("policy" to parseJson(policy(case).toJson()))
        "manifest" -> jsonObject("canonical" to utf8(policy(case).manifest().canonicalJson()))
        "parse_manifest" -> jsonObject("canonical" to MaskManifest.fromJson(textOf(case, "manifest")!!).toJson())
        "strictness" -> jsonObject("at_least_as_strict" to ruleAtLeastAsStrict(record<FieldRule>(case.get("a")), record<FieldRule>(case.get("b"))))
        "deid_options" -> plain(policy(case).deidOptions())
        "deid" -> plain(checkDeid(fmt(case), dataOf(case), record<DeidOptions>(case.get("options"))))
        "derive_policy" -> {
            val res = utf8(textOf(case, "resources")!!)
            val p = MaskPolicy.deriveJson(res, textOf(case, "derive_options") ?: "{}")
            jsonObject("policy" to parseJson(p.toJson()))
        }
        else -> throw AssertionError("unknown op $op")
    }

    /** `expected` is a subset of `actual` (objects may have more keys; arrays match element-wise). */
    private fun subset(expected: JsonElement?, actual: JsonElement?, path: String): String? {
        if (expected != null && expected.isJsonObject) {
            if (actual == null || !actual.isJsonObject) return "$path: expected an object, got $actual"
            for ((k, v) in expected.asJsonObject.entrySet()) {
                if (!actual.asJsonObject.has(k)) return "$path.$k: missing in actual"
                subset(v, actual.asJsonObject.get(k), "$path.$k")?.let { return it }
            }
            return null
        }
        if (expected != null && expected.isJsonArray) {
            if (actual == null || !actual.isJsonArray || actual.asJsonArray.size() != expected.asJsonArray.size()) {
                return "$path: expected ${expected.asJsonArray.size()} elements, got $actual"
            }
            val e: JsonArray = expected.asJsonArray
            for (i in 0 until e.size()) subset(e[i], actual.asJsonArray[i], "$path[$i]")?.let { return it }
            return null
        }
        // Fractions (deid's entropy-ℓ) agree to 1e-9; integers exactly.
        if (expected != null && actual != null && expected.isJsonPrimitive && actual.isJsonPrimitive &&
            expected.asJsonPrimitive.isNumber && actual.asJsonPrimitive.isNumber
        ) {
            val e = expected.asBigDecimal
            val a = actual.asBigDecimal
            val integral = e.stripTrailingZeros().scale() <= 0 && a.stripTrailingZeros().scale() <= 0
            if (!integral && e.subtract(a).abs().toDouble() <= 1e-9) return null
        }
        return if (jsonEquals(expected, actual)) null else "$path: expected $expected, got $actual"
    }

    fun check(@Suppress("UNUSED_PARAMETER") file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(case) }
            assertEquals(code, e.code) { "$name: ${e.messageEn}" }
        } else {
            val actual = run(case)
            val m = subset(case.get("expect"), actual, "$")
            assertNull(m) { "$m\n  actual: $actual" }
        }
    }
}
