// tests/vectors/platform through the uniffi Kotlin API's PlatformExchange,
// as python/tests/test_platform_vectors.py: the same operations and
// comparison as core/tests/vectors_platform.rs — the exact signed requests
// (op `request`), the external-signer path (`prepare`), and the verdicts on
// the platform's answers (`receive`), with `failed_at` and `in_flight` after
// the last answer. Results compare as JSON where an absent member (and, as
// records.py's norm() has it, an empty list) equals null.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import java.util.Base64
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.CallContext
import uniffi.govshare_core.DataQuery
import uniffi.govshare_core.Entitlement
import uniffi.govshare_core.PlatformConfig
import uniffi.govshare_core.PreparedSignature
import uniffi.govshare_core.VerificationQuery
import uniffi.govshare_ffi.Application
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.PlatformExchange
import uniffi.govshare_ffi.algorithmFromName

object PlatformVectors {
    /** The named key of the file's `keys`. */
    private fun key(doc: JsonObject, name: String): Key {
        val k = doc.obj("keys").obj(name)
        val key = Key.fromRaw(algorithmFromName(k.str("algorithm")), unhex(k.str("raw_hex")), k.get("private").asBoolean)
        k.optStr("key_id")?.let { key.setKeyId(it) }
        return key
    }

    private fun exchange(doc: JsonObject, case: JsonObject): PlatformExchange {
        val ex = PlatformExchange(record<PlatformConfig>(case.get("config")), key(doc, case.str("platform_key")))
        if (case.has("gateway_secret")) ex.setGatewaySecret(case.str("gateway_secret"))
        return ex
    }

    private fun entitlements(r: JsonObject): List<Entitlement> = r.arr("entitlements").map { record<Entitlement>(it) }

    /** The code of the GovshareException `f` throws; null when it returns. */
    private fun codeOf(f: () -> Any?): String? = try {
        f()
        null
    } catch (e: GovshareException) {
        e.code
    }

    /** Sends the vector's request `r` with `k`: the signed message. */
    private fun send(ex: PlatformExchange, r: JsonObject, k: Key): String {
        val ctx = record<CallContext>(r.get("ctx"))
        return when (val call = r.str("call")) {
            "catalog" -> ex.catalog(k, ctx)
            "catalog_delta" -> ex.catalogDelta(record<ULong>(r.get("since_version")), k, ctx)
            "submit" -> ex.submit(Application.fromJson(r.str("application_json")), k, ctx)
            "status" -> ex.status(r.str("id"), k, ctx)
            "withdraw" -> ex.withdraw(r.str("id"), r.optStr("reason"), k, ctx)
            "data" -> ex.data(record<DataQuery>(r.get("query")), entitlements(r), k, ctx)
            "verify" -> ex.verify(record<VerificationQuery>(r.get("query")), entitlements(r), k, ctx)
            else -> throw AssertionError("unknown call $call")
        }
    }

    /** Prepares the vector's request `r` for an external signer known as `keyId`. */
    private fun prepare(ex: PlatformExchange, r: JsonObject, keyId: String): PreparedSignature {
        val ctx = record<CallContext>(r.get("ctx"))
        return when (val call = r.str("call")) {
            "catalog" -> ex.prepareCatalog(keyId, ctx)
            "catalog_delta" -> ex.prepareCatalogDelta(record<ULong>(r.get("since_version")), keyId, ctx)
            "submit" -> ex.prepareSubmit(Application.fromJson(r.str("application_json")), keyId, ctx)
            "status" -> ex.prepareStatus(r.str("id"), keyId, ctx)
            "withdraw" -> ex.prepareWithdraw(r.str("id"), r.optStr("reason"), keyId, ctx)
            "data" -> ex.prepareData(record<DataQuery>(r.get("query")), entitlements(r), keyId, ctx)
            "verify" -> ex.prepareVerify(record<VerificationQuery>(r.get("query")), entitlements(r), keyId, ctx)
            else -> throw AssertionError("unknown call $call")
        }
    }

    /** One answer handed to the exchange: `receive` names the method. */
    private fun receive(ex: PlatformExchange, step: JsonObject): JsonElement {
        val response = jsonText(step.get("response"))
        val now = step.long("now")
        return when (val what = step.str("receive")) {
            "application" -> plain(ex.receiveApplication(response, now))
            "data" -> plain(ex.receiveData(response, now))
            "verification" -> plain(ex.receiveVerification(response, now))
            "catalog" -> parseJson(ex.receiveCatalog(response, now))
            "catalog_delta" -> parseJson(ex.receiveCatalogDelta(response, now))
            else -> throw AssertionError("unknown receive $what")
        }
    }

    private fun run(doc: JsonObject, c: JsonObject): JsonElement {
        val name = c.str("name")
        return when (val op = c.str("op")) {
            "request" -> {
                val ex = exchange(doc, c)
                val k = key(doc, c.str("key"))
                c.opt("first")?.let { first ->
                    val code = codeOf { send(ex, first.asJsonObject, k) }
                    assertEquals(c.optStr("first_expect_error"), code, "$name: the first request")
                }
                parseJson(send(ex, c.obj("request"), k))
            }
            "prepare" -> {
                val ex = exchange(doc, c)
                val signature = Base64.getDecoder().decode(c.str("signature_b64"))
                val request = c.opt("request") ?: return parseJson(ex.complete(signature))
                val prepared = prepare(ex, request.asJsonObject, c.str("key_id"))
                assertNotNull(ex.awaitingSignature(), "$name: awaits its signature")
                assertNull(ex.inFlight(), "$name: nothing in flight before complete")
                val message = ex.complete(signature)
                jsonObject(
                    "base" to utf8(prepared.base),
                    "signature_input" to prepared.signatureInput,
                    "content_digest" to prepared.contentDigest,
                    "message" to parseJson(message),
                )
            }
            "receive" -> {
                val ex = exchange(doc, c)
                send(ex, c.obj("request"), key(doc, c.str("key")))
                c.opt("before")?.asJsonArray?.forEachIndexed { i, s ->
                    val step = s.asJsonObject
                    if (step.opt("cancel")?.asBoolean == true) {
                        ex.cancel()
                    } else {
                        val got = codeOf { receive(ex, step) }
                        assertEquals(step.optStr("expect_error"), got, "$name: step $i")
                    }
                }
                val result = runCatching { receive(ex, c) }
                val thrown = result.exceptionOrNull()
                if (thrown != null && thrown !is GovshareException) throw thrown
                val detail = if (thrown is GovshareException) "${thrown.code}: ${thrown.failed.messageEn}" else "success"
                assertEquals(c.optStr("expect_failed_at"), ex.failedAt()) { "$name: failed_at after the answer ($detail)" }
                assertEquals(c.optStr("expect_in_flight"), ex.inFlight()) { "$name: in flight after the answer" }
                result.getOrThrow()
            }
            else -> throw AssertionError("unknown op $op")
        }
    }

    fun check(file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(file.doc, case) }
            assertEquals(code, e.code) { "$name: ${e.messageEn}" }
            assertTrue(e.messageZh.isNotEmpty(), "$name: message_zh")
        } else {
            val actual = norm(run(file.doc, case))
            val want = norm(case.get("expect"))
            assertTrue(jsonEquals(actual, want)) { "$name\n  actual: $actual\n  expect: $want" }
        }
    }
}
