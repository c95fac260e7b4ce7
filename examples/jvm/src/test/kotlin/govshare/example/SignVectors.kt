// tests/vectors/sign through the uniffi Kotlin API, as
// python/tests/test_sign_vectors.py: the same operations and subset
// comparison as core/tests/vectors_sign.rs.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonPrimitive
import java.util.Base64
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.DigestAlgorithm
import uniffi.govshare_core.IrsPlacement
import uniffi.govshare_core.SignatureParams
import uniffi.govshare_core.VerificationPolicy
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.NonceStore
import uniffi.govshare_ffi.algorithmFromName
import uniffi.govshare_ffi.digestAlgorithmFromName
import uniffi.govshare_ffi.guangdongBody
import uniffi.govshare_ffi.orgSign
import uniffi.govshare_ffi.verifyXtif
import uniffi.govshare_ffi.verifyXtifUser
import uniffi.govshare_ffi.xtifUserSignature
import uniffi.govshare_ffi.algorithmName
import uniffi.govshare_ffi.contentDigest
import uniffi.govshare_ffi.prepareSignature
import uniffi.govshare_ffi.signIrs
import uniffi.govshare_ffi.signMessage
import uniffi.govshare_ffi.signXtif
import uniffi.govshare_ffi.signatureBase
import uniffi.govshare_ffi.sm3
import uniffi.govshare_ffi.verifyMessage

object SignVectors {
    private val FORMS = listOf("private_pem", "raw_private_hex", "hmac_secret_base64", "jwk")

    /** The x-tif headers of both prefixes, as `xtif_sign` expectations list them. */
    private val XTIF_HEADERS = listOf("tif", "rio").flatMap { p ->
        listOf("paasid", "timestamp", "nonce", "signature", "serviceId").map { "x-$p-$it" }
    }

    private fun JsonObject.optULong(key: String): ULong? = opt(key)?.asBigDecimal?.longValueExact()?.toULong()

    /** RFC 9530 digest names → DigestAlgorithm, from core (`digestAlgorithmFromName`). */
    private fun digestAlgorithm(name: String): DigestAlgorithm = digestAlgorithmFromName(name)

    private fun key(doc: JsonObject, case: JsonObject): Key {
        val k = doc.obj("keys").obj(case.str("key"))
        val alg = k.optStr("alg")?.let { algorithmFromName(it) }
        val form = case.optStr("key_form") ?: FORMS.first { k.opt(it) != null }
        val key = when (form) {
            "private_pem", "public_pem" -> Key.fromPem(k.str(form), alg)
            "jwk", "public_jwk" -> Key.fromJwk(pyDumps(k.get(form)), alg)
            "raw_private_hex" -> Key.fromRaw(alg!!, unhex(k.str(form)), true)
            "hmac_secret_base64" -> Key.fromHmacSecret(Base64.getDecoder().decode(k.str(form)))
            else -> throw AssertionError("unknown key form $form")
        }
        case.optStr("sm2_user_id")?.let { key.setSm2UserId(it) }
        return key
    }

    /** A message of the file (by name) or of the case, as the JSON text the API takes. */
    private fun message(doc: JsonObject, v: JsonElement): String {
        val m = if (v.isJsonPrimitive && v.asJsonPrimitive.isString) doc.obj("messages").get(v.asString) else v
        return jsonText(m)
    }

    private fun request(doc: JsonObject, case: JsonObject): String? = case.opt("request")?.let { message(doc, it) }

    private fun data(case: JsonObject): ByteArray = case.optStr("data_hex")?.let { unhex(it) } ?: utf8(case.str("data"))

    /** python's signature_params(): `content_digest` and `alg` by name, `content_digest` defaulting to sha-256 (core's default). */
    private fun params(v: JsonElement): SignatureParams {
        val d = v.asJsonObject.deepCopy()
        val digest = if (d.has("content_digest")) d.opt("content_digest")?.asString else "sha-256"
        d.remove("content_digest")
        val alg = d.optStr("alg")
        d.remove("alg")
        val p = record<SignatureParams>(d.also { it.add("content_digest", com.google.gson.JsonNull.INSTANCE) })
        p.contentDigest = digest?.let { digestAlgorithm(it) }
        if (alg != null) p.alg = algorithmFromName(alg)
        return p
    }

    private fun policy(v: JsonElement): VerificationPolicy = record(v)

    private fun headers(m: String, names: List<String>): JsonElement {
        val lower = names.map { it.lowercase() }
        return plain(parseJson(m).asJsonObject.getAsJsonArray("headers").filter { it.asJsonArray[0].asString.lowercase() in lower })
    }

    private fun run(doc: JsonObject, c: JsonObject): JsonElement = when (val op = c.str("op")) {
        "signature_base" -> jsonObject("base" to signatureBase(message(doc, c.get("message")), c.str("signature_input"), c.str("label"), request(doc, c)))
        "sign" -> {
            val s = signMessage(message(doc, c.get("message")), key(doc, c), params(c.get("params")), request(doc, c))
            jsonObject("signature_input" to s.signatureInput, "signature" to s.signature, "base" to s.base)
        }
        "sign_verify" -> {
            val k = key(doc, c)
            val req = request(doc, c)
            val s = signMessage(message(doc, c.get("message")), k, params(c.get("params")), req)
            val verifier = if (k.algorithm() == Algorithm.HMAC_SHA256) k else k.publicKey()
            val v = verifyMessage(s.message, verifier, policy(c.get("policy")), c.long("now"), null, req)
            val prepared = prepareSignature(message(doc, c.get("message")), params(c.get("params")), req)
            assertArrayEquals(utf8(s.base), prepared.base, "prepare gives the same base")
            jsonObject("label" to v.info.label, "content_digest_checked" to v.contentDigestChecked)
        }
        "verify" -> {
            val k = key(doc, c)
            val store = NonceStore(16u)
            var out: JsonElement? = null
            repeat(c.opt("repeat")?.asInt ?: 1) {
                val v = verifyMessage(message(doc, c.get("message")), k, policy(c.get("policy")), c.long("now"), store, request(doc, c))
                out = jsonObject("label" to v.info.label, "content_digest_checked" to v.contentDigestChecked)
            }
            out!!
        }
        "content_digest" -> jsonObject("value" to contentDigest(utf8(c.str("body")), digestAlgorithm(c.str("algorithm"))))
        "sm3" -> jsonObject("hex" to hex(sm3(data(c))))
        "key_verify" -> {
            key(doc, c).verify(data(c), unhex(c.str("signature_hex")))
            jsonObject("verified" to true)
        }
        "key_sign" -> jsonObject("signature_hex" to hex(key(doc, c).sign(data(c))))
        "key_sign_verify" -> {
            val k = key(doc, c)
            k.publicKey().verify(data(c), k.sign(data(c)))
            jsonObject("verified" to true)
        }
        "key_import" -> {
            val k = key(doc, c)
            jsonObject("algorithm" to algorithmName(k.algorithm()), "private" to k.isPrivate(), "key_id" to k.keyId())
        }
        "key_thumbprint" -> jsonObject("thumbprint" to key(doc, c).thumbprint())
        "xtif_sign" -> {
            val m = signXtif(
                message(doc, c.get("message")), c.str("paas_id"), c.str("paas_token"), c.long("timestamp"), c.str("nonce"),
                c.optStr("service_id"), c.optStr("case"), c.optStr("prefix"),
            )
            jsonObject("headers" to headers(m, XTIF_HEADERS))
        }
        "xtif_verify" -> plain(
            verifyXtif(message(doc, c.get("message")), c.str("paas_token"), c.long("now"), c.optStr("prefix"), c.optULong("window_seconds")),
        )
        "xtif_user_verify" -> plain(
            verifyXtifUser(message(doc, c.get("message")), c.str("token"), c.long("now"), c.optStr("prefix"), c.optULong("window_seconds")),
        )
        "xtif_user_signature" -> jsonObject(
            "signature" to xtifUserSignature(c.str("timestamp"), c.str("token"), c.str("nonce"), c.str("uid"), c.str("uinfo"), c.str("ext")),
        )
        "org_sign" -> plain(orgSign(c.str("org_code"), c.str("org_secret"), c.long("unix_seconds"), c.str("sequence")))
        "guangdong_body" -> jsonObject("body" to parseJson(guangdongBody(pyDumps(c.get("input")))))
        "irs_sign" -> {
            val placement = record<IrsPlacement>(JsonPrimitive(c.str("placement")))
            val m = signIrs(message(doc, c.get("message")), c.str("app_key"), c.str("request_secret"), c.long("request_time"), placement)
            if (c.str("placement") == "headers") {
                jsonObject("headers" to headers(m, listOf("appKey", "requestTime", "sign")))
            } else {
                jsonObject("target" to parseJson(m).asJsonObject.get("target"))
            }
        }
        else -> throw AssertionError("unknown op $op")
    }

    private fun matches(expected: JsonElement?, actual: JsonElement?): Boolean =
        if (expected != null && expected.isJsonObject) {
            actual != null && actual.isJsonObject &&
                expected.asJsonObject.entrySet().all { (k, v) -> actual.asJsonObject.has(k) && matches(v, actual.asJsonObject.get(k)) }
        } else {
            jsonEquals(expected, actual)
        }

    fun check(file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(file.doc, case) }
            assertEquals(code, e.code, name)
            case.opt("error_hides")?.asJsonArray?.forEach {
                assertFalse("${e.messageEn} ${e.messageZh}".contains(it.asString)) { "$name: the error shows a value it must hide" }
            }
        } else {
            val actual = run(file.doc, case)
            assertTrue(matches(case.get("expect"), actual)) { "$name: got $actual, expected ${case.get("expect")}" }
        }
    }
}
