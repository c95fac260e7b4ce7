// govshare from Kotlin: search the catalog, sign a request to the platform,
// verify it (and catch a tampered copy), and keep an audit trail of each step.
// Everything here is a call into govshare's core through the uniffi bindings.
package govshare.example

import java.io.File
import kotlin.system.exitProcess
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.AuditAction
import uniffi.govshare_core.AuditEvent
import uniffi.govshare_core.DigestAlgorithm
import uniffi.govshare_core.SearchQuery
import uniffi.govshare_core.SharingType
import uniffi.govshare_core.SignatureParams
import uniffi.govshare_core.VerificationPolicy
import uniffi.govshare_ffi.AuditLog
import uniffi.govshare_ffi.AuditVerifier
import uniffi.govshare_ffi.Catalog
import uniffi.govshare_ffi.GovshareException
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.auditDigest
import uniffi.govshare_ffi.signMessage
import uniffi.govshare_ffi.verifyMessage

/** What one run found; `ok` when every verdict is the expected one. */
data class FlowReport(
    val hits: Long,
    val firstResource: String,
    val providers: Int,
    val signatureValid: Boolean,
    val tamperedCode: String?,
    val auditValid: Boolean,
    val auditEntries: Long,
) {
    val ok: Boolean
        get() = hits > 0 && signatureValid && tamperedCode != null && auditValid
}

/** The department that applies (a sample 统一社会信用代码). */
const val DEPARTMENT = "11330000MB0000000X"

/** JSON string literal of `s`. */
fun jsonString(s: String): String =
    "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\""

/** RFC 3339 in China Standard Time for Unix seconds. */
fun rfc3339(unixSeconds: Long): String =
    java.time.Instant.ofEpochSecond(unixSeconds).atOffset(java.time.ZoneOffset.ofHours(8))
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"))

fun runFlow(catalog: Catalog, now: Long, log: (String) -> Unit = ::println): FlowReport {
    // 1. Search: unconditionally shared resources about 人口 (population), with facets.
    val result = catalog.search(SearchQuery(text = "人口", sharing = SharingType.UNCONDITIONAL, limit = 5u))
    log("search 人口 (unconditional): ${result.total} hits")
    for (hit in result.hits) log("  ${hit.code} ${hit.name} — ${hit.provider}")
    log("  providers: " + result.facets.provider.joinToString { "${it.value}=${it.count}" })
    val first = result.hits.firstOrNull() ?: return FlowReport(0, "", 0, false, null, false, 0)

    // 2. Sign the application request (RFC 9421 + Content-Digest).
    val key = Key.generate(Algorithm.ED25519)
    key.setKeyId("dept-jvm-example")
    val body = """{"resource":${jsonString(first.code)},"requester":"$DEPARTMENT"}"""
    val request = """{"method":"POST","target":"https://platform.example/api/v1/applications",""" +
        """"headers":[["Content-Type","application/json"]],"body":${jsonString(body)}}"""
    val signed = signMessage(
        request,
        key,
        SignatureParams(
            components = listOf("@method", "@target-uri", "content-type", "content-digest"),
            created = now,
            keyid = key.keyId(),
            contentDigest = DigestAlgorithm.SHA256,
        ),
        null,
    )
    log("signed: ${signed.signatureInput}")
    val verified = verifyMessage(signed.message, key.publicKey(), VerificationPolicy(), now, null, null)
    log("verified: label ${verified.info.label}, content digest checked ${verified.contentDigestChecked}")

    // 3. A tampered copy (another resource in the body) must fail.
    val tampered = signed.message.replace(first.code, first.code + "X")
    val tamperedCode = try {
        verifyMessage(tampered, key.publicKey(), VerificationPolicy(), now, null, null)
        null
    } catch (e: GovshareException.Failed) {
        e.code
    }
    log("tampered copy: ${tamperedCode ?: "NOT DETECTED"}")

    // 4. Audit trail: each step, signed, then verified.
    val audit = AuditLog()
    val lines = StringBuilder()
    val time = rfc3339(now)
    for ((action, digest) in listOf(
        AuditAction.BUILD to auditDigest(body.toByteArray()),
        AuditAction.SIGN to auditDigest(signed.message.toByteArray()),
        AuditAction.VERIFY to auditDigest(signed.message.toByteArray()),
    )) {
        val event = AuditEvent(
            time = time,
            action = action,
            actor = DEPARTMENT,
            applicationId = "JVM-EXAMPLE-1",
            resources = listOf(first.code),
            requestDigest = digest,
            outcome = "ok",
        )
        lines.append(audit.append(event, key)).append('\n')
    }
    val verifier = AuditVerifier()
    verifier.addKey(key)
    verifier.requireSignatures(true)
    val verdict = verifier.verify(lines.toString().toByteArray())
    log("audit: ${verdict.entries} entries, valid ${verdict.valid}, head ${verdict.head.take(16)}…")

    return FlowReport(
        hits = result.total.toLong(),
        firstResource = first.code,
        providers = result.facets.provider.size,
        signatureValid = verified.info.label == "sig1",
        tamperedCode = tamperedCode,
        auditValid = verdict.valid,
        auditEntries = verdict.entries.toLong(),
    )
}

fun main(args: Array<String>) {
    val catalog = try {
        if (args.isEmpty()) Catalog.sample() else Catalog.fromJson(File(args[0]).readBytes())
    } catch (e: GovshareException.Failed) {
        System.err.println("cannot load the catalog [${e.code}]: ${e.messageEn}")
        exitProcess(2)
    }
    val report = runFlow(catalog, System.currentTimeMillis() / 1000)
    println(if (report.ok) "ok" else "FAILED: $report")
    exitProcess(if (report.ok) 0 else 1)
}
