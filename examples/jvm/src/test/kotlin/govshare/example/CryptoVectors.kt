// tests/vectors/crypto through the uniffi Kotlin API, as
// python/tests/test_crypto_vectors.py: SM4 in every mode (sm4Encrypt /
// sm4Decrypt on ByteArray), the hex of the output or the error code.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_ffi.sm4Decrypt
import uniffi.govshare_ffi.sm4Encrypt
import uniffi.govshare_ffi.sm4ModeFromName

object CryptoVectors {
    private fun bytes(case: JsonObject, key: String): ByteArray = unhex(case.optStr(key) ?: "")

    private fun run(case: JsonObject): JsonElement {
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
