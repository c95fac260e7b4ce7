package govshare.example

import com.google.gson.JsonParser
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.IndexExpectation
import uniffi.govshare_core.IndexHash
import uniffi.govshare_core.PublishOptions
import uniffi.govshare_core.SearchQuery
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.PublishedIndex
import uniffi.govshare_ffi.PublishedIndexLoader
import uniffi.govshare_ffi.SnapshotLoader

/** The published catalog index from the JVM: a platform publishes, a client loads it verified. */
class PublishedIndexTest {
    private fun load(index: PublishedIndex, files: Map<String, ByteArray>, jwk: String, expect: IndexExpectation? = null): Catalog {
        val loader = PublishedIndexLoader(index.manifest(), index.signature(), jwk, expect)
        for (section in loader.sections()) loader.addBlockList(section.name, files.getValue(section.blockFile))
        for (section in loader.sections()) {
            val bytes = files.getValue(section.file)
            // In 1000-byte pieces, as a stream would deliver them.
            for (at in bytes.indices step 1000) loader.push(bytes.copyOfRange(at, minOf(at + 1000, bytes.size)))
        }
        return loader.finish()
    }

    private fun code(f: () -> Unit): String = assertThrows<GovshareException> { f() }.code

    @Test
    fun `a published index loads the published catalog, and tampering is refused`() {
        val catalog = Catalog.sample()
        val query = SearchQuery(text = "统一社会信用代码", limit = 10u)
        for ((alg, hash) in listOf(Algorithm.ED25519 to IndexHash.SHA256, Algorithm.SM2_SM3 to IndexHash.SM3)) {
            val key = Key.generate(alg)
            val index = catalog.publish(key, PublishOptions(blockSize = 4096u, hash = hash))
            val files = index.fileNames().associateWith { index.file(it)!! }
            val jwk = key.publicKey().toJwk(false)
            val loaded = load(index, files, jwk, IndexExpectation(catalogId = catalog.info().id, minVersion = catalog.info().version))
            assertEquals(catalog.search(query), loaded.search(query))
            assertEquals(catalog.toSnapshot().toList(), loaded.toSnapshot().toList())

            val tampered = files.toMutableMap()
            tampered["items.bin"] = files.getValue("items.bin").copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
            assertEquals("index_section_mismatch", code { load(index, tampered, jwk) })
            val cut = files.toMutableMap()
            cut["index.bin"] = files.getValue("index.bin").copyOf(files.getValue("index.bin").size - 1)
            assertEquals("index_section_mismatch", code { load(index, cut, jwk) })
            val other = Key.generate(alg).publicKey().toJwk(false)
            assertEquals("signature_invalid", code { load(index, files, other) })
            assertEquals("index_catalog_mismatch", code { load(index, files, jwk, IndexExpectation(catalogId = "zhejiang", minVersion = null)) })
            assertEquals("invalid_key", code { load(index, files, key.toJwk(true)) })
            val manifest = JsonParser.parseString(String(index.manifest())).asJsonObject
            assertEquals("govshare-catalog-index", manifest["format"].asString)
        }
    }

    @Test
    fun `snapshots stream into place`() {
        val snapshot = Catalog.sample().toSnapshot()
        val loader = SnapshotLoader()
        for (at in snapshot.indices step 333) loader.push(snapshot.copyOfRange(at, minOf(at + 333, snapshot.size)))
        assertEquals(snapshot.toList(), loader.finish().toSnapshot().toList())
        val truncated = SnapshotLoader()
        truncated.push(snapshot.copyOf(snapshot.size - 1))
        assertEquals("snapshot_invalid", code { truncated.finish() })
    }
}
