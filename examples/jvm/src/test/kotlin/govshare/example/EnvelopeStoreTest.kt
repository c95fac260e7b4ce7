// Envelopes and the sealed store from Kotlin/Java (issue #13): seal → open,
// a device unwrapping the data key, a store written and read, a torn write,
// and disposal by the grant's method with a verifiable receipt.
package govshare.example

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.ApplicationState
import uniffi.govshare_core.DisposalMethod
import uniffi.govshare_core.DisposalRequest
import uniffi.govshare_core.EnvelopeContext
import uniffi.govshare_core.EnvelopeExpectation
import uniffi.govshare_core.Grant
import uniffi.govshare_core.Sm2CiphertextFormat
import uniffi.govshare_core.Sm2CiphertextOrder
import uniffi.govshare_ffi.EnvelopeOpening
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.StoreKey
import uniffi.govshare_ffi.StoreReader
import uniffi.govshare_ffi.StoreWriter
import uniffi.govshare_ffi.disposeStore
import uniffi.govshare_ffi.openEnvelope
import uniffi.govshare_ffi.sealEnvelope
import uniffi.govshare_ffi.sm2Decrypt
import uniffi.govshare_ffi.verifyDisposalReceipt
import uniffi.govshare_ffi.verifyStore

class EnvelopeStoreTest {
    private val digest = "sha256:" + "a".repeat(64)
    private val context = EnvelopeContext("11100000000000000A", "11100000000000001B", "grant-7/page-0", 1764900000L)

    @Test
    fun envelopeOpensForItsRecipientOnly() {
        val dept = Key.generate(Algorithm.SM2_SM3)
        val sealed = sealEnvelope("rows".toByteArray(), dept.publicKey(), context)
        val opened = openEnvelope(sealed, dept, EnvelopeExpectation("11100000000000000A", null, null))
        assertArrayEquals("rows".toByteArray(), opened.plaintext)
        assertEquals("grant-7/page-0", opened.info.context.about)
        val other = Key.generate(Algorithm.SM2_SM3)
        assertEquals("envelope_wrong_recipient", expectGovshareError("other key") { openEnvelope(sealed, other, null) }.code)
        val altered = String(sealed).replace("\"about\":\"grant-7/page-0\"", "\"about\":\"grant-7/page-1\"").toByteArray()
        assertEquals("tag_mismatch", expectGovshareError("altered about") { openEnvelope(altered, dept, null) }.code)
        // A key in a device: parse, the device unwraps, finish.
        val opening = EnvelopeOpening.parse(sealed)
        val dataKey = sm2Decrypt(dept, opening.wrappedKey(), Sm2CiphertextFormat(Sm2CiphertextOrder.C1C3C2, true))
        assertArrayEquals("rows".toByteArray(), opening.finish(dataKey))
    }

    @Test
    fun storeIsWrittenReadAndDisposedOfByTheGrantsMethod() {
        val dept = Key.generate(Algorithm.SM2_SM3)
        val me = StoreKey.sm2(dept)
        val writer = StoreWriter.create("app-1", "RES-1", 1764900000L, StoreKey.sm2(dept.publicKey()))
        val big = ByteArray(150_000) { (it % 251).toByte() }
        val bytes = writer.header() + writer.putPage(0uL, digest, "page zero".toByteArray()) + writer.putPage(1uL, digest, big)
        val summary = verifyStore(bytes)
        assertEquals(listOf(1u, 3u), summary.pages.map { it.chunks })
        assertArrayEquals(big, StoreReader.open(bytes, me).readPage(1uL))
        val torn = bytes.copyOf(bytes.size - 5)
        assertTrue(verifyStore(torn).tornTail)
        assertEquals("store_page_unavailable", expectGovshareError("torn page") { StoreReader.open(torn, me).readPage(1uL) }.code)

        val grant = Grant(
            "app-1", "11100000000000001B", "RES-1", listOf("name"), "2026-01-01", "2026-12-31",
            ApplicationState.DISPOSAL_DUE, DisposalMethod.DELETE,
        )
        val head = "3".repeat(64)
        val wrong = DisposalRequest(DisposalMethod.RETURN, "2027-01-05T10:00:00+08:00", "11100000000000001B")
        assertEquals(
            "disposal_method_mismatch",
            expectGovshareError("return, grant says delete") { disposeStore(bytes, grant, wrong, me, head, dept, dept.publicKey()) }.code,
        )
        val d = disposeStore(bytes, grant, wrong.copy(method = DisposalMethod.DELETE), me, head, dept, null)
        assertEquals(summary.digest, d.receipt.storeDigest)
        assertEquals("store_key_destroyed", expectGovshareError("deleted") { StoreReader.open(d.store, me) }.code)
        val receiptJson = com.google.gson.Gson().toJson(
            mapOf(
                "version" to d.receipt.version.toLong(), "application_id" to d.receipt.applicationId,
                "resource" to d.receipt.resource, "method" to "delete", "store_digest" to d.receipt.storeDigest,
                "key_id" to d.receipt.keyId, "disposed_at" to d.receipt.disposedAt, "actor" to d.receipt.actor,
                "log_head" to d.receipt.logHead, "hash" to d.receipt.hash,
                "sig" to mapOf("alg" to d.receipt.sig.alg, "key_id" to d.receipt.sig.keyId, "value" to d.receipt.sig.value),
            ),
        )
        assertEquals(DisposalMethod.DELETE, verifyDisposalReceipt(receiptJson.toByteArray(), dept.publicKey()).method)
    }
}
