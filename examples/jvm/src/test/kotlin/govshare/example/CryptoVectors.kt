// tests/vectors/crypto through the uniffi Kotlin API, as
// python/tests/test_crypto_vectors.py: SM4 in every mode (sm4Encrypt /
// sm4Decrypt on ByteArray) and SM2 encryption (sm2Decrypt, sm2Encrypt,
// sm2ConvertCiphertext with an Sm2CiphertextFormat), the hex of the output
// or the error code.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.Sm2CiphertextFormat
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.algorithmFromName
import uniffi.govshare_ffi.sm2CiphertextOrderFromName
import uniffi.govshare_ffi.sm2ConvertCiphertext
import uniffi.govshare_ffi.sm2Decrypt
import uniffi.govshare_ffi.sm2Encrypt
import uniffi.govshare_ffi.sm4Decrypt
import uniffi.govshare_ffi.sm4Encrypt
import uniffi.govshare_ffi.sm4ModeFromName

object CryptoVectors {
    private fun bytes(case: JsonObject, key: String): ByteArray = unhex(case.optStr(key) ?: "")

    private fun format(f: JsonObject): Sm2CiphertextFormat =
        Sm2CiphertextFormat(sm2CiphertextOrderFromName(f.str("order")), f.get("point_prefix").asBoolean)

    private fun sm2Key(case: JsonObject): Key =
        Key.fromRaw(algorithmFromName(case.str("key_algorithm")), bytes(case, "key_hex"), case.get("key_private").asBoolean)

    private fun run(case: JsonObject): JsonElement {
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
            for (field in listOf("key_hex", "iv_hex", "plaintext_hex", "ciphertext_hex")) {
                val value = case.optStr(field) ?: ""
                if (value.length >= 8) assertFalse(shown.contains(value.take(8))) { "$name: the error echoes $field" }
            }
        } else {
            val actual = run(case)
            assertTrue(jsonEquals(actual, case.get("expect"))) { "$name\n  actual: $actual\n  expect: ${case.get("expect")}" }
        }
    }
}
