// tests/vectors/catalog through the uniffi Kotlin API, as
// python/tests/test_catalog_vectors.py: the same summaries and subset
// comparison as core/tests/vectors_catalog.rs.
package govshare.example

import com.google.gson.JsonElement
import com.google.gson.JsonObject
import java.io.File
import java.util.Base64
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import uniffi.govshare_core.IndexExpectation
import uniffi.govshare_core.LoadOptions
import uniffi.govshare_core.SearchQuery
import uniffi.govshare_core.SearchResult
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.CatalogSet
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.LazyIndex
import uniffi.govshare_ffi.PublishedIndexLoader

object CatalogVectors {
    private fun dataOf(dir: File, v: JsonElement): ByteArray {
        if (v.isJsonObject) {
            val o = v.asJsonObject
            o.optStr("file")?.let { return File(dir, it).readBytes() }
            o.optStr("base64")?.let { return Base64.getDecoder().decode(it) }
            o.optStr("text")?.let { return utf8(it) }
        }
        return utf8(pyDumps(v))
    }

    private fun query(q: JsonElement): SearchQuery = record(q)

    private fun load(dir: File, name: String): Catalog = Catalog.fromJson(File(dir, name).readBytes())

    private fun catalogSet(dir: File, names: List<String>): CatalogSet = CatalogSet().also { s -> names.forEach { s.add(load(dir, it)) } }

    private interface Target {
        fun search(q: SearchQuery): SearchResult
        fun item(name: String): uniffi.govshare_core.ItemQueryResult
    }

    private fun target(dir: File, names: List<String>): Target =
        if (names.size == 1) {
            val c = load(dir, names[0])
            object : Target {
                override fun search(q: SearchQuery) = c.search(q)
                override fun item(name: String) = c.item(name)
            }
        } else {
            val s = catalogSet(dir, names)
            object : Target {
                override fun search(q: SearchQuery) = s.search(q)
                override fun item(name: String) = s.item(name)
            }
        }

    private fun searchSummary(r: SearchResult): JsonObject {
        val matched = LinkedHashMap<String, List<String>>()
        for (h in r.hits) if (h.matchedItems.isNotEmpty()) matched[h.code] = h.matchedItems
        return jsonObject(
            "total" to r.total,
            "codes" to r.hits.map { it.code },
            "catalogs" to r.hits.map { it.catalog },
            "scores" to r.hits.map { it.score },
            "relaxed" to r.relaxed,
            "facets" to r.facets,
            "matched_items" to matched,
        )
    }

    private fun errorOf(e: GovshareException): JsonObject {
        val loc = e.failed.location
        return jsonObject("error" to e.code, "path" to loc?.path, "line" to loc?.line)
    }

    private fun run(dir: File, c: JsonObject): JsonElement {
        val op = c.str("op")
        try {
            when (op) {
                "load" -> {
                    val data = dataOf(dir, c.get("input"))
                    val cat = c.opt("options")?.let { Catalog.fromJsonWith(data, record<LoadOptions>(it)) } ?: Catalog.fromJson(data)
                    val info = cat.info()
                    return jsonObject("id" to info.id, "version" to info.version, "resources" to cat.size())
                }
                "search" -> return searchSummary(target(dir, c.arr("catalogs").strings()).search(query(c.get("query"))))
                "item" -> {
                    val r = target(dir, c.arr("catalogs").strings()).item(c.str("name"))
                    return jsonObject(
                        "exact" to r.occurrences.filter { it.exact }.map { "${it.catalog}:${it.code}" },
                        "near" to r.occurrences.filter { !it.exact }.map { jsonObject("resource" to "${it.catalog}:${it.code}", "item_name" to it.itemName) },
                        "authoritative" to r.authoritative.map { it.providerCode },
                        "conflict" to r.conflict,
                    )
                }
                "lint" -> {
                    val findings = Catalog.fromJson(dataOf(dir, c.get("input"))).lint()
                    return jsonObject("findings" to findings.map {
                        jsonObject("resource" to it.resource, "code" to it.code, "severity" to it.severity, "path" to it.path,
                                   "article" to it.article, "standard" to it.standard)
                    })
                }
                "apply_delta" -> {
                    val cat = load(dir, c.str("catalog"))
                    val before = cat.toSnapshot()
                    val outcome = try {
                        cat.applyDelta(dataOf(dir, c.get("delta")))
                    } catch (e: GovshareException) {
                        assertArrayEquals(before, cat.toSnapshot(), "a refused delta changed the catalog")
                        return jsonObject("error" to e.code, "version" to cat.info().version)
                    }
                    val v = jsonObject("outcome" to outcome, "version" to cat.info().version)
                    c.opt("then_search")?.let { v.add("search", searchSummary(cat.search(query(it)))) }
                    assertArrayEquals(cat.toSnapshot(), Catalog.fromJson(cat.toJson()).toSnapshot())
                    return v
                }
                "conflicts" -> return plain(catalogSet(dir, c.arr("catalogs").strings()).conflicts())
                "catalog_set" -> return jsonObject("ids" to catalogSet(dir, c.arr("catalogs").strings()).ids())
                "snapshot_roundtrip" -> {
                    val cat = Catalog.fromSnapshot(load(dir, c.str("catalog")).toSnapshot())
                    return searchSummary(cat.search(query(c.get("query"))))
                }
                "snapshot_digest" -> {
                    val snap = load(dir, c.str("catalog")).toSnapshot()
                    return jsonObject("bytes" to snap.size, "sha256" to sha256Hex(snap))
                }
                "from_snapshot" -> {
                    val cat = Catalog.fromSnapshot(dataOf(dir, c.get("input")))
                    return jsonObject("id" to cat.info().id, "resources" to cat.size())
                }
                "published_load" -> return publishedLoad(dir, c)
                "published_lazy_search" -> return publishedLazySearch(dir, c)
            }
        } catch (e: GovshareException) {
            return errorOf(e)
        }
        throw AssertionError("no runner for catalog op $op")
    }

    /** A published index case's files: the fixture's sections, replaced by the case's files. */
    private fun publishedFiles(dir: File, c: JsonObject): Map<String, ByteArray> {
        val fixture = com.google.gson.JsonParser.parseString(File(dir, c.str("sections")).readText()).asJsonObject
        val files = LinkedHashMap<String, ByteArray>()
        for ((n, b) in fixture.getAsJsonObject("sections").entrySet()) files["$n.bin"] = Base64.getDecoder().decode(b.asString)
        for ((n, v) in c.getAsJsonObject("files").entrySet()) files[n] = dataOf(dir, v)
        return files
    }

    /** The fixture's sections, replaced by the case's files, through PublishedIndexLoader. */
    private fun publishedLoad(dir: File, c: JsonObject): JsonObject {
        val files = publishedFiles(dir, c)
        val e = c.opt("expect_index")?.asJsonObject
        val expect = IndexExpectation(
            catalogId = e?.optStr("catalog_id"),
            minVersion = e?.get("min_version")?.asLong?.toULong(),
        )
        val loader = PublishedIndexLoader(files.getValue("manifest.json"), String(files.getValue("manifest.sig")), c.str("platform_key"), expect)
        for (section in loader.sections()) files[section.blockFile]?.let { loader.addBlockList(section.name, it) }
        val chunk = c.get("chunk").asInt
        for (section in loader.sections()) {
            val bytes = files[section.file] ?: ByteArray(0)
            for (at in bytes.indices step chunk) loader.push(bytes.copyOfRange(at, minOf(at + chunk, bytes.size)))
        }
        val cat = loader.finish()
        val r = cat.search(query(c.get("query")))
        return jsonObject(
            "id" to cat.info().id, "version" to cat.info().version, "resources" to cat.size(),
            "total" to r.total, "codes" to r.hits.map { it.code },
        )
    }

    /** The same files searched lazily: the ranges the index asks for are added until it answers. */
    private fun publishedLazySearch(dir: File, c: JsonObject): JsonObject {
        val files = publishedFiles(dir, c)
        val index = LazyIndex(files.getValue("manifest.json"), String(files.getValue("manifest.sig")), c.str("platform_key"), null)
        for (section in index.manifest().sections) files[section.blockFile]?.let { index.addBlockList(section.name, it) }
        val q = query(c.get("query"))
        repeat(32) {
            val step = index.search(q)
            step.result?.let { return searchSummary(it) }
            for (r in step.need) {
                val bytes = files[r.file] ?: ByteArray(0)
                index.addRange(r.section, r.start, bytes.copyOfRange(minOf(r.start.toInt(), bytes.size), minOf(r.end.toInt(), bytes.size)))
            }
        }
        throw AssertionError("no answer after 32 rounds")
    }

    private val NESTED = setOf("facets", "matched_items", "search", "outcome")

    /** Keys of `expect` must equal `actual`'s (recursing into NESTED keys): python/tests/plain.py's subset_failures. */
    private fun subsetFailures(name: String, expect: JsonElement?, actual: JsonElement?): List<String> {
        val fails = mutableListOf<String>()
        if (expect != null && expect.isJsonObject) {
            for ((k, v) in expect.asJsonObject.entrySet()) {
                val a = if (actual != null && actual.isJsonObject) actual.asJsonObject.get(k) else null
                if (k in NESTED) {
                    fails += subsetFailures("$name.$k", v, a)
                } else if (!jsonEquals(a, v)) {
                    fails += "$name: `$k` is $a, expected $v"
                }
            }
        } else if (!jsonEquals(actual, expect)) {
            fails += "$name: got $actual, expected $expect"
        }
        return fails
    }

    fun check(file: VectorFile, case: JsonObject) {
        val name = case.str("name")
        val actual = run(file.dir, case)
        val code = case.optStr("expect_error")
        val fails = if (code != null) {
            val want = jsonObject("error" to code)
            for ((key, field) in listOf("expect_path" to "path", "expect_version" to "version")) {
                if (case.has(key)) want.add(field, case.get(key))
            }
            subsetFailures(name, want, actual)
        } else {
            assertFalse(actual.isJsonObject && actual.asJsonObject.has("error")) { "unexpected error $actual" }
            subsetFailures(name, case.get("expect"), actual)
        }
        assertTrue(fails.isEmpty()) { fails.joinToString("\n") }
    }
}
