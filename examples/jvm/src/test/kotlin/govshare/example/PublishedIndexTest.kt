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
import uniffi.govshare_ffi.LazyIndex
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

    /** The loop a JVM client runs: search, fetch the ranges asked for (here from a map), add them, again. */
    private fun lazySearch(index: LazyIndex, files: Map<String, ByteArray>, query: SearchQuery): uniffi.govshare_core.SearchResult {
        repeat(32) {
            val step = index.search(query)
            step.result?.let { return it }
            for (r in step.need) index.addRange(r.section, r.start, files.getValue(r.file).copyOfRange(r.start.toInt(), r.end.toInt()))
        }
        error("no answer after 32 rounds")
    }

    @Test
    fun `lazy search answers as the eager catalog and refuses a tampered range`() {
        val catalog = Catalog.sample()
        val key = Key.generate(Algorithm.ED25519)
        val published = catalog.publish(key, PublishOptions(blockSize = 4096u, hash = IndexHash.SHA256))
        val files = published.fileNames().associateWith { published.file(it)!! }
        val jwk = key.publicKey().toJwk(false)
        fun open(map: Map<String, ByteArray>) = LazyIndex(published.manifest(), published.signature(), jwk, null).also { ix ->
            for (section in ix.manifest().sections) ix.addBlockList(section.name, map.getValue(section.blockFile))
        }
        val lazy = open(files)
        for (query in listOf(
            SearchQuery(text = "统一社会信用代码", limit = 10u),
            SearchQuery(text = "", grade = 3u, limit = 5u, offset = 2u),
            SearchQuery(text = "企业 登记 未知词语", limit = 10u),
        )) {
            assertEquals(catalog.search(query), lazySearch(lazy, files, query))
        }
        val code = catalog.search(SearchQuery(text = "", limit = 100u)).hits[7].code
        var found: uniffi.govshare_core.LazyResource? = null
        repeat(200) {
            val step = lazy.resource(code)
            if (step.ready) { found = step; return@repeat }
            for (r in step.need) lazy.addRange(r.section, r.start, files.getValue(r.file).copyOfRange(r.start.toInt(), r.end.toInt()))
        }
        assertEquals(catalog.resource(code), found!!.resource)
        val stats = lazy.stats()
        assert(stats.bytesHeld in 1uL..stats.bytesTotal)
        val tampered = files.toMutableMap()
        tampered["texts.bin"] = files.getValue("texts.bin").copyOf().also { it[7] = (it[7].toInt() xor 1).toByte() }
        assertEquals("index_section_mismatch", code { lazySearch(open(tampered), tampered, SearchQuery(text = "统一社会信用代码", limit = 10u)) })
    }
}
