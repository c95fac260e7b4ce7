package govshare.example

import com.google.gson.JsonParser
import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import uniffi.govshare_core.SearchQuery
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.GovshareException

class FlowTest {
    private val repo = File(System.getProperty("govshare.repo", "../.."))
    private val sample = File(repo, "examples/data/sample-catalog.json")

    @Test
    fun `the whole flow on the bundled sample catalog`() {
        val report = runFlow(Catalog.fromJson(sample.readBytes()), 1_772_413_200L) {}
        assertTrue(report.hits > 0, "search finds unconditional 人口 resources")
        assertTrue(report.signatureValid)
        assertEquals("digest_mismatch", report.tamperedCode)
        assertTrue(report.auditValid)
        assertEquals(3L, report.auditEntries)
        assertTrue(report.ok)
    }

    @Test
    fun `the shared catalog search vectors give the same answer`() {
        // tests/vectors/catalog/search.json: every case over one catalog whose
        // query is text (+ limit) only; total and hit codes must match.
        val doc = JsonParser.parseString(File(repo, "tests/vectors/catalog/search.json").readText()).asJsonObject
        var ran = 0
        for (c in doc.getAsJsonArray("cases").map { it.asJsonObject }) {
            val catalogs = c.getAsJsonArray("catalogs") ?: continue
            val query = c.getAsJsonObject("query") ?: continue
            val expect = c.getAsJsonObject("expect") ?: continue
            if (c.get("op").asString != "search" || catalogs.size() != 1) continue
            if (query.keySet() != setOf("text", "limit") || !expect.has("codes")) continue
            val catalog = Catalog.fromJson(File(repo, "tests/vectors/catalog/" + catalogs[0].asString).readBytes())
            val result = catalog.search(SearchQuery(text = query.get("text").asString, limit = query.get("limit").asInt.toUInt()))
            val name = c.get("name").asString
            assertEquals(expect.get("total").asLong, result.total.toLong(), name)
            assertEquals(expect.getAsJsonArray("codes").map { it.asString }, result.hits.map { it.code }, name)
            ran++
        }
        assertTrue(ran >= 3, "ran $ran vector cases")
    }

    @Test
    fun `bad input is an exception with a stable code, not a crash`() {
        val e = assertThrows<GovshareException.Failed> { Catalog.fromJson("{\"resources\": [".toByteArray()) }
        assertEquals("malformed_json", e.code)
        assertNotNull(e.messageZh)
    }
}
