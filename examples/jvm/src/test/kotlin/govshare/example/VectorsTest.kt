// The vector contract from the JVM (issue #12): every case of every file of
// tests/vectors runs through the uniffi Kotlin API, with the operations,
// expectations and error-code checks of the Python runners
// (python/tests/test_*_vectors.py), one named dynamic test per case
// ("file.json:case name"); then the manifest test checks that the files
// and case counts run are exactly tests/vectors/MANIFEST.json's.
//
// The runners of each folder are in <Family>Vectors.kt beside this file;
// the shared conversions (records from JSON, results as JSON, Python's
// json.dumps) in VectorSupport.kt.
package govshare.example

import java.io.File
import java.util.stream.Stream
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestMethodOrder

@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class VectorsTest {
    @TestFactory @Order(1) @DisplayName("tests/vectors/sample")
    fun sample(): Stream<DynamicTest> = vectorTests("sample", SampleVectors::check)

    @TestFactory @Order(2) @DisplayName("tests/vectors/jcs")
    fun jcs(): Stream<DynamicTest> = vectorTests("jcs", JcsVectors::check)

    @TestFactory @Order(3) @DisplayName("tests/vectors/audit")
    fun audit(): Stream<DynamicTest> = vectorTests("audit", AuditVectors::check)

    @TestFactory @Order(4) @DisplayName("tests/vectors/catalog")
    fun catalog(): Stream<DynamicTest> = vectorTests("catalog", CatalogVectors::check)

    @TestFactory @Order(5) @DisplayName("tests/vectors/mask")
    fun mask(): Stream<DynamicTest> = vectorTests("mask", MaskVectors::check)

    @TestFactory @Order(6) @DisplayName("tests/vectors/request")
    fun request(): Stream<DynamicTest> = vectorTests("request", RequestVectors::check)

    @TestFactory @Order(7) @DisplayName("tests/vectors/sign")
    fun sign(): Stream<DynamicTest> = vectorTests("sign", SignVectors::check)

    @TestFactory @Order(8) @DisplayName("tests/vectors/platform")
    fun platform(): Stream<DynamicTest> = vectorTests("platform", PlatformVectors::check)

    @TestFactory @Order(9) @DisplayName("tests/vectors/crypto")
    fun crypto(): Stream<DynamicTest> = vectorTests("crypto", CryptoVectors::check)

    /**
     * Runs last (the factories above fill VectorLedger as their cases run):
     * the files and case counts collected, and those run plus those listed
     * in NOT_RUNNABLE_IN_KOTLIN, must both equal MANIFEST.json's exactly.
     * A folder of tests/vectors without a factory above, a file left out or
     * a case not run fails here.
     */
    @Test @Order(100)
    fun `every vector file of the manifest runs every case`() {
        val manifest = parseJson(File(Repo.vectors, "MANIFEST.json").readText()).asJsonObject
            .getAsJsonObject("files").entrySet().associate { (k, v) -> k to v.asInt }.toSortedMap()
        val collected = VectorLedger.collected.toSortedMap()
        val notRunnable = VectorLedger.notRunnable.groupingBy { it.substringBefore(": ") }.eachCount()
        val accounted = (VectorLedger.ran.keys + notRunnable.keys)
            .associateWith { (VectorLedger.ran[it]?.get() ?: 0) + (notRunnable[it] ?: 0) }
            .filterValues { it > 0 }
            .toSortedMap()
        println("[vectors] not runnable in Kotlin: ${VectorLedger.notRunnable.size} case(s)")
        VectorLedger.notRunnable.forEach { println("[vectors]   $it") }
        println("[vectors] ran: " + VectorLedger.ran.toSortedMap().entries.joinToString { "${it.key}=${it.value}" })
        assertTrue(collected == manifest) { "collected ≠ MANIFEST.json:\n${diff(manifest, collected)}" }
        assertTrue(accounted == manifest) {
            "ran + not runnable ≠ MANIFEST.json (run the whole VectorsTest class):\n${diff(manifest, accounted)}"
        }
    }

    private fun diff(manifest: Map<String, Int>, got: Map<String, Int>): String {
        val families = VectorLedger.collected.keys.map { it.substringBefore('/') }.toSet()
        return (manifest.keys + got.keys).toSortedSet().filter { manifest[it] != got[it] }.joinToString("\n") {
            val family = it.substringBefore('/')
            val hint = if (family !in families) " (no factory for tests/vectors/$family in VectorsTest)" else ""
            "  $it: MANIFEST ${manifest[it] ?: "-"}, here ${got[it] ?: "-"}$hint"
        }
    }
}

