// tests/vectors/crypto through the uniffi Kotlin API, as
// python/tests/test_crypto_vectors.py: SM4 in every mode (sm4Encrypt /
// sm4Decrypt on ByteArray), SM2 encryption (sm2Decrypt, sm2Encrypt,
// sm2ConvertCiphertext with an Sm2CiphertextFormat), envelopes (openEnvelope,
// openEnvelopeWithKek, EnvelopeOpening, openBodyEnvelope) and the sealed
// store (verifyStore, StoreReader): the hex of the output, the envelope info
// or store summary as JSON, or the error code.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import com.google.gson.JsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.BodyEnvelopeProfile
import uniffi.govshare_core.EnvelopeExpectation
import uniffi.govshare_core.EnvelopeInfo
import uniffi.govshare_core.Sm2CiphertextFormat
import uniffi.govshare_core.StoreSummary
import uniffi.govshare_ffi.EnvelopeOpening
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.StoreKey
import uniffi.govshare_ffi.StoreReader
import uniffi.govshare_ffi.algorithmFromName
import uniffi.govshare_ffi.openBodyEnvelope
import uniffi.govshare_ffi.openEnvelope
import uniffi.govshare_ffi.openEnvelopeWithKek
import uniffi.govshare_ffi.sm2CiphertextOrderFromName
import uniffi.govshare_ffi.sm2ConvertCiphertext
import uniffi.govshare_ffi.sm2Decrypt
import uniffi.govshare_ffi.sm2Encrypt
import uniffi.govshare_ffi.sm4Decrypt
import uniffi.govshare_ffi.sm4Encrypt
import uniffi.govshare_ffi.sm4ModeFromName
import uniffi.govshare_ffi.verifyStore

object CryptoVectors {
    private fun bytes(case: JsonObject, key: String): ByteArray = unhex(case.optStr(key) ?: "")

    private fun format(f: JsonObject): Sm2CiphertextFormat =
        Sm2CiphertextFormat(sm2CiphertextOrderFromName(f.str("order")), f.get("point_prefix").asBoolean)

    private fun sm2Key(case: JsonObject): Key =
        Key.fromRaw(algorithmFromName(case.str("key_algorithm")), bytes(case, "key_hex"), case.get("key_private").asBoolean)

    /** Inputs whose bytes no error message may show. */
    private val secretFields =
        listOf("key_hex", "iv_hex", "plaintext_hex", "ciphertext_hex", "kek_hex", "data_key_hex", "sm4_key_hex")

    private fun text(case: JsonObject, key: String): ByteArray = utf8(case.str(key))

    private fun expected(case: JsonObject): EnvelopeExpectation? = case.opt("expected")?.let { record<EnvelopeExpectation>(it) }

    /** EnvelopeWrap as the vectors name it (sm2, sm4-gcm-kek). */
    private fun wrapName(o: JsonObject) {
        o.add("wrap", JsonPrimitive(o.get("wrap").asString.replace('_', '-')))
    }

    private fun info(i: EnvelopeInfo): JsonObject = plain(i).asJsonObject.also(::wrapName)

    private fun summary(s: StoreSummary): JsonObject =
        plain(s).asJsonObject.also { o -> o.opt("key")?.let { wrapName(it.asJsonObject) } }

    private fun storeKey(case: JsonObject): StoreKey = when {
        case.has("kek_hex") -> StoreKey.kek(bytes(case, "kek_hex"), case.str("kek_id"))
        case.has("data_key_hex") -> StoreKey.dataKey(bytes(case, "data_key_hex"))
        else -> StoreKey.sm2(sm2Key(case))
    }

    /** The envelope, body and store ops (envelope.json, store.json); null for another op. */
    private fun runSealed(case: JsonObject): JsonElement? = when (case.str("op")) {
        "envelope_open" -> openEnvelope(text(case, "envelope"), sm2Key(case), expected(case)).let {
            jsonObject("info" to info(it.info), "plaintext_hex" to hex(it.plaintext))
        }
        "envelope_open_kek" ->
            openEnvelopeWithKek(text(case, "envelope"), bytes(case, "kek_hex"), case.str("kek_id"), expected(case)).let {
                jsonObject("info" to info(it.info), "plaintext_hex" to hex(it.plaintext))
            }
        "envelope_finish" -> {
            val opening = EnvelopeOpening.parse(text(case, "envelope"))
            expected(case)?.let { opening.checkExpected(it) }
            val plaintext = opening.finish(bytes(case, "data_key_hex"))
            jsonObject(
                "info" to info(opening.info()),
                "wrapped_key_hex" to hex(opening.wrappedKey()),
                "plaintext_hex" to hex(plaintext),
            )
        }
        "body_open" -> {
            val profile = record<BodyEnvelopeProfile>(case.obj("profile"))
            val opened = openBodyEnvelope(profile, text(case, "body"), bytes(case, "sm4_key_hex"), sm2Key(case))
            jsonObject("plaintext_hex" to hex(opened.plaintext))
        }
        "store_verify" -> summary(verifyStore(text(case, "store")))
        "store_read" -> {
            val reader = StoreReader.open(text(case, "store"), storeKey(case))
            jsonObject("plaintext_hex" to hex(reader.readPage(case.long("page").toULong())))
        }
        else -> null
    }

    private fun run(case: JsonObject): JsonElement {
        runSealed(case)?.let { return it }
        when (case.str("op")) {
            "sm2_decrypt" -> return jsonObject(
                "plaintext_hex" to hex(sm2Decrypt(sm2Key(case), bytes(case, "ciphertext_hex"), format(case.getAsJsonObject("format")))),
            )
            "sm2_encrypt" -> return jsonObject(
                "ciphertext_len" to sm2Encrypt(sm2Key(case), bytes(case, "plaintext_hex"), format(case.getAsJsonObject("format"))).size,
            )
            "sm2_convert" -> return jsonObject(
                "ciphertext_hex" to hex(
                    sm2ConvertCiphertext(bytes(case, "ciphertext_hex"), format(case.getAsJsonObject("from")), format(case.getAsJsonObject("to"))),
                ),
            )
        }
        val mode = sm4ModeFromName(case.str("mode"))
        val (key, iv, aad) = Triple(bytes(case, "key_hex"), bytes(case, "iv_hex"), bytes(case, "aad_hex"))
        return when (val op = case.str("op")) {
            "sm4_encrypt" -> jsonObject("ciphertext_hex" to hex(sm4Encrypt(mode, key, iv, bytes(case, "plaintext_hex"), aad)))
            "sm4_decrypt" -> jsonObject("plaintext_hex" to hex(sm4Decrypt(mode, key, iv, bytes(case, "ciphertext_hex"), aad)))
            else -> throw AssertionError("no runner for crypto op $op")
        }
    }

    fun check(@Suppress("UNUSED_PARAMETER") file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val code = case.optStr("expect_error")
        if (code != null) {
            val e = expectGovshareError(name) { run(case) }
            assertEquals(code, e.code, name)
            val shown = "${e.messageEn} ${e.messageZh}"
            for (field in secretFields) {
                val value = case.optStr(field) ?: ""
                if (value.length >= 8) assertFalse(shown.contains(value.take(8))) { "$name: the error echoes $field" }
            }
        } else {
            val actual = run(case)
            assertTrue(jsonEquals(actual, case.get("expect"))) { "$name\n  actual: $actual\n  expect: ${case.get("expect")}" }
        }
    }
}
