// Shared machinery of the Kotlin vector runner (VectorsTest.kt): where the
// vectors are, which cases were collected and run, and the conversions the
// Python runner gets from python/tests/{conftest,plain,records}.py:
//   - record(): a uniffi record (or enum, or the tagged `Event`) built from the
//     vectors' JSON by its constructor's parameter names and defaults;
//   - plain()/norm(): a result (records, enums, lists) as JSON, enum values in
//     snake_case, as the vectors describe results;
//   - pyDumps(): Python's json.dumps, where the Python runner hands JSON text
//     (a dict it serialized) to the library.
package govshare.example

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.google.gson.JsonPrimitive
import java.io.File
import java.math.BigInteger
import java.nio.ByteBuffer
import java.nio.CharBuffer
import java.nio.charset.CodingErrorAction
import java.security.MessageDigest
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import java.util.stream.Stream
import kotlin.reflect.KClass
import kotlin.reflect.KParameter
import kotlin.reflect.KProperty1
import kotlin.reflect.KType
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.typeOf
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.DynamicTest
import uniffi.govshare_ffi.GovshareException

// ------------------------------------------------------------------ the vectors

/** The repository (surefire sets `govshare.repo`, see pom.xml) and its vectors. */
object Repo {
    val root: File = File(System.getProperty("govshare.repo", "../..")).canonicalFile
    val vectors: File = File(System.getenv("GOVSHARE_VECTORS") ?: File(root, "tests/vectors").path)
}

/** One vector file: `rel` is its path under tests/vectors ("mask/scan.json"). */
class VectorFile(val rel: String, val doc: JsonObject) {
    val name: String get() = rel.substringAfterLast('/')
    val dir: File get() = File(Repo.vectors, rel).parentFile
    val cases: List<JsonObject> = doc.getAsJsonArray("cases").map { it.asJsonObject }
}

/**
 * Vector operations that the uniffi Kotlin API cannot run, as
 * (file under tests/vectors, op) → why: an op whose Python runner relies on
 * a helper of python/govshare/__init__.py with no uniffi counterpart (logic
 * in the Python glue that belongs in core). Each such case is collected as
 * a skipped test, never run, printed by the manifest test and counted there
 * as "not runnable in Kotlin". Empty: every op of every file has its uniffi
 * counterpart and runs.
 */
val NOT_RUNNABLE_IN_KOTLIN: Map<Pair<String, String>, String> = mapOf()

/** What the factories collected and ran, checked against MANIFEST.json. */
object VectorLedger {
    /** file → cases collected (a test was made for each), like conftest.COLLECTED. */
    val collected = ConcurrentHashMap<String, Int>()

    /** file → cases whose runner was called (passed or failed). */
    val ran = ConcurrentHashMap<String, AtomicInteger>()

    /** "file: case (op): why" for every case of NOT_RUNNABLE_IN_KOTLIN. */
    val notRunnable = CopyOnWriteArrayList<String>()
}

/** Every vector file of tests/vectors/<family> (a document with a "cases" array), sorted. */
fun vectorFiles(family: String): List<VectorFile> {
    val dir = File(Repo.vectors, family)
    val files = (dir.listFiles() ?: emptyArray())
        .filter { it.isFile && it.name.endsWith(".json") && !it.name.startsWith("_") }
        .sortedBy { it.name }
        .mapNotNull { f ->
            val doc = JsonParser.parseString(f.readText(Charsets.UTF_8))
            if (doc.isJsonObject && doc.asJsonObject.get("cases")?.isJsonArray == true) {
                VectorFile("$family/${f.name}", doc.asJsonObject)
            } else {
                null
            }
        }
    check(files.isNotEmpty()) { "no vectors in $dir" }
    return files
}

/**
 * One dynamic test per case of every file of `family`, named as the Python
 * runner's ids ("scan.json:case name"), each calling `run(file, case)`;
 * records what was collected and run for the manifest test.
 */
fun vectorTests(family: String, run: (VectorFile, JsonObject) -> Unit): Stream<DynamicTest> =
    vectorFiles(family).flatMap { file ->
        VectorLedger.collected[file.rel] = file.cases.size
        val ran = VectorLedger.ran.computeIfAbsent(file.rel) { AtomicInteger() }
        file.cases.map { case ->
            val name = case.str("name")
            val op = case.optStr("op") ?: ""
            val why = NOT_RUNNABLE_IN_KOTLIN[file.rel to op]
            if (why != null) VectorLedger.notRunnable += "${file.rel}: $name ($op): $why"
            DynamicTest.dynamicTest("${file.name}:$name") {
                Assumptions.assumeTrue(why == null) { "not runnable in Kotlin: $why" }
                ran.incrementAndGet()
                run(file, case)
            }
        }
    }.stream()

// ------------------------------------------------------------------ errors

/** The coded error every uniffi function throws (`GovshareException.Failed`). */
val GovshareException.failed: GovshareException.Failed get() = this as GovshareException.Failed
val GovshareException.code: String get() = failed.code

/**
 * The vector's input cannot be built as the typed record the Kotlin API
 * takes (an unknown state, event or member): refused before any call, as
 * python/tests/test_request_vectors.py's `Unrepresentable`.
 */
class Unrepresentable(message: String, cause: Throwable? = null) : Exception(message, cause)

/** A record could not be built from the JSON (Python's record() raising). */
class RecordMismatch(message: String) : Exception(message)

/** Runs `block`; the GovshareException it throws (a failure when it returns). */
fun expectGovshareError(what: String, block: () -> Any?): GovshareException.Failed {
    val result = try {
        block()
    } catch (e: GovshareException) {
        return e.failed
    }
    throw AssertionError("$what: expected a GovshareException, got ${describe(result)}")
}

fun describe(v: Any?): String = when (v) {
    is JsonElement -> v.toString()
    else -> plainOrNull(v)?.toString() ?: v.toString()
}

private fun plainOrNull(v: Any?): JsonElement? = try {
    plain(v)
} catch (e: Exception) {
    null
}

// ------------------------------------------------------------------ JSON access

fun JsonObject.opt(key: String): JsonElement? = get(key)?.takeUnless { it.isJsonNull }
fun JsonObject.str(key: String): String = opt(key)?.asString ?: throw AssertionError("vector member $key missing")
fun JsonObject.optStr(key: String): String? = opt(key)?.asString
fun JsonObject.obj(key: String): JsonObject = opt(key)?.asJsonObject ?: throw AssertionError("vector member $key missing")
fun JsonObject.arr(key: String): JsonArray = opt(key)?.asJsonArray ?: throw AssertionError("vector member $key missing")
fun JsonObject.long(key: String): Long = opt(key)?.asBigDecimal?.longValueExact() ?: throw AssertionError("vector member $key missing")
fun JsonArray.strings(): List<String> = map { it.asString }

fun parseJson(text: String): JsonElement = JsonParser.parseString(text)

/** A JSON object of the given members (values through plain()). */
fun jsonObject(vararg members: Pair<String, Any?>): JsonObject =
    JsonObject().also { o -> members.forEach { (k, v) -> o.add(k, plain(v)) } }

// ------------------------------------------------------------------ bytes and text

/** UTF-8 of `s`, refusing unpaired surrogates (Python's str.encode()). */
fun utf8(s: String): ByteArray {
    val enc = Charsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
    val buf = enc.encode(CharBuffer.wrap(s))
    return ByteArray(buf.remaining()).also { buf.get(it) }
}

/** Text of UTF-8 `b`, refusing malformed bytes (Python's bytes.decode()). */
fun utf8(b: ByteArray): String =
    Charsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b))
        .toString()

fun hex(b: ByteArray): String = b.joinToString("") { "%02x".format(it.toInt() and 0xff) }

fun unhex(s: String): ByteArray {
    require(s.length % 2 == 0) { "odd hex length" }
    return ByteArray(s.length / 2) { i -> s.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
}

fun sha256Hex(b: ByteArray): String = hex(MessageDigest.getInstance("SHA-256").digest(b))

/** Python's str.splitlines() (no line ends kept). */
fun splitlines(s: String): List<String> {
    val out = mutableListOf<String>()
    var start = 0
    var i = 0
    while (i < s.length) {
        val c = s[i]
        if (c in "\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029") {
            out += s.substring(start, i)
            if (c == '\r' && i + 1 < s.length && s[i + 1] == '\n') i++
            start = i + 1
        }
        i++
    }
    if (start < s.length) out += s.substring(start)
    return out
}

/**
 * Python's json.dumps(v, ensure_ascii=False) (or with sort_keys and
 * ensure_ascii, as the request runner's sort key): separators ", " and ": ".
 * Numbers keep their text in the vector file.
 */
fun pyDumps(v: JsonElement, sortKeys: Boolean = false, ensureAscii: Boolean = false): String {
    val sb = StringBuilder()
    fun str(s: String) {
        sb.append('"')
        for (c in s) {
            when {
                c == '"' -> sb.append("\\\"")
                c == '\\' -> sb.append("\\\\")
                c == '\n' -> sb.append("\\n")
                c == '\r' -> sb.append("\\r")
                c == '\t' -> sb.append("\\t")
                c == '\b' -> sb.append("\\b")
                c == '\u000c' -> sb.append("\\f")
                c < ' ' || (ensureAscii && c.code > 0x7e) -> sb.append("\\u%04x".format(c.code))
                else -> sb.append(c)
            }
        }
        sb.append('"')
    }
    fun walk(e: JsonElement) {
        when {
            e.isJsonNull -> sb.append("null")
            e.isJsonPrimitive -> {
                val p = e.asJsonPrimitive
                when {
                    p.isString -> str(p.asString)
                    p.isBoolean -> sb.append(if (p.asBoolean) "true" else "false")
                    else -> sb.append(p.asString)
                }
            }
            e.isJsonArray -> {
                sb.append('[')
                e.asJsonArray.forEachIndexed { i, x ->
                    if (i > 0) sb.append(", ")
                    walk(x)
                }
                sb.append(']')
            }
            else -> {
                sb.append('{')
                val entries = e.asJsonObject.entrySet().toList().let { es -> if (sortKeys) es.sortedBy { it.key } else es }
                entries.forEachIndexed { i, (k, x) ->
                    if (i > 0) sb.append(", ")
                    str(k)
                    sb.append(": ")
                    walk(x)
                }
                sb.append('}')
            }
        }
    }
    walk(v)
    return sb.toString()
}

/** JSON text of a vector value: a string as it is, anything else as Python's json.dumps. */
fun jsonText(v: JsonElement): String = if (v.isJsonPrimitive && v.asJsonPrimitive.isString) v.asString else pyDumps(v)

// ------------------------------------------------------------------ comparison

/**
 * Python's `==` on JSON-like values: objects with the same members, arrays
 * element-wise, numbers by value (1 == 1.0); a boolean equals only a boolean.
 */
fun jsonEquals(a: JsonElement?, b: JsonElement?): Boolean {
    val x = a ?: JsonNull.INSTANCE
    val y = b ?: JsonNull.INSTANCE
    return when {
        x.isJsonNull || y.isJsonNull -> x.isJsonNull && y.isJsonNull
        x.isJsonPrimitive && y.isJsonPrimitive -> primitiveEquals(x.asJsonPrimitive, y.asJsonPrimitive)
        x.isJsonArray && y.isJsonArray -> {
            val p = x.asJsonArray
            val q = y.asJsonArray
            p.size() == q.size() && (0 until p.size()).all { jsonEquals(p[it], q[it]) }
        }
        x.isJsonObject && y.isJsonObject -> {
            val p = x.asJsonObject
            val q = y.asJsonObject
            p.keySet() == q.keySet() && p.keySet().all { jsonEquals(p[it], q[it]) }
        }
        else -> false
    }
}

fun primitiveEquals(p: JsonPrimitive, q: JsonPrimitive): Boolean = when {
    p.isNumber && q.isNumber -> p.asBigDecimal.compareTo(q.asBigDecimal) == 0
    p.isBoolean && q.isBoolean -> p.asBoolean == q.asBoolean
    p.isString && q.isString -> p.asString == q.asString
    else -> false
}

// ------------------------------------------------------------------ records from JSON

/** `value` as the uniffi type `T` (python/tests/records.py's record()). */
inline fun <reified T> record(value: JsonElement?): T = record(typeOf<T>(), value, "$") as T

/**
 * `value` as the Kotlin type `type`: records by their constructor's
 * parameter names (snake_case in JSON, camelCase in Kotlin) with the
 * record's defaults for absent members, enums by name (case-insensitive
 * like records.py's `ann[value.upper()]`), `Event`-like sealed classes by
 * their tag member `event`. Unknown members, variants or enum values, and
 * values of the wrong JSON type, are a RecordMismatch.
 */
fun record(type: KType, value: JsonElement?, path: String): Any? {
    if (value == null || value.isJsonNull) {
        if (!type.isMarkedNullable) throw RecordMismatch("$path: null for ${type}")
        return null
    }
    val k = type.classifier as? KClass<*> ?: throw RecordMismatch("$path: no class for $type")
    return when (k) {
        String::class -> prim(value, path) { it.isString }.asString
        Boolean::class -> prim(value, path) { it.isBoolean }.asBoolean
        Int::class -> int(value, path, Int.MIN_VALUE.toBigInteger(), Int.MAX_VALUE.toBigInteger()).toInt()
        Long::class -> int(value, path, Long.MIN_VALUE.toBigInteger(), Long.MAX_VALUE.toBigInteger()).toLong()
        Short::class -> int(value, path, Short.MIN_VALUE.toInt().toBigInteger(), Short.MAX_VALUE.toInt().toBigInteger()).toShort()
        Byte::class -> int(value, path, Byte.MIN_VALUE.toInt().toBigInteger(), Byte.MAX_VALUE.toInt().toBigInteger()).toByte()
        UByte::class -> int(value, path, BigInteger.ZERO, 0xFF.toBigInteger()).toInt().toUByte()
        UShort::class -> int(value, path, BigInteger.ZERO, 0xFFFF.toBigInteger()).toInt().toUShort()
        UInt::class -> int(value, path, BigInteger.ZERO, 0xFFFF_FFFFL.toBigInteger()).toLong().toUInt()
        ULong::class -> int(value, path, BigInteger.ZERO, BigInteger.ONE.shiftLeft(64) - BigInteger.ONE).toString().toULong()
        Double::class -> prim(value, path) { it.isNumber }.asDouble
        Float::class -> prim(value, path) { it.isNumber }.asFloat
        List::class -> {
            if (!value.isJsonArray) throw RecordMismatch("$path: not an array")
            val t = type.arguments[0].type!!
            value.asJsonArray.mapIndexed { i, x -> record(t, x, "$path[$i]") }
        }
        Map::class -> {
            if (!value.isJsonObject) throw RecordMismatch("$path: not an object")
            val t = type.arguments[1].type!!
            value.asJsonObject.entrySet().associate { (key, x) -> key to record(t, x, "$path.$key") }
        }
        else -> when {
            k.java.isEnum -> {
                val name = prim(value, path) { it.isString }.asString
                k.java.enumConstants.firstOrNull { (it as Enum<*>).name == name.uppercase() }
                    ?: throw RecordMismatch("$path: ${k.simpleName} has no value $name")
            }
            k.isSealed -> sealedRecord(k, value, path)
            k.isData || k.objectInstance != null -> dataRecord(k, value, path)
            else -> throw RecordMismatch("$path: cannot build ${k.qualifiedName} from JSON")
        }
    }
}

private fun prim(v: JsonElement, path: String, ok: (JsonPrimitive) -> Boolean): JsonPrimitive {
    if (!v.isJsonPrimitive || !ok(v.asJsonPrimitive)) throw RecordMismatch("$path: wrong JSON type")
    return v.asJsonPrimitive
}

private fun int(v: JsonElement, path: String, min: BigInteger, max: BigInteger): BigInteger {
    val n = try {
        prim(v, path) { it.isNumber }.asBigDecimal.toBigIntegerExact()
    } catch (e: ArithmeticException) {
        throw RecordMismatch("$path: not an integer")
    }
    if (n < min || n > max) throw RecordMismatch("$path: out of range")
    return n
}

/** A sealed class (uniffi enum with fields) from its tagged JSON `{"event": "refuse", ...}`. */
private fun sealedRecord(k: KClass<*>, value: JsonElement, path: String): Any {
    if (!value.isJsonObject) throw RecordMismatch("$path: not an object")
    val tag = value.asJsonObject.get("event")?.takeIf { it.isJsonPrimitive && it.asJsonPrimitive.isString }?.asString
        ?: throw RecordMismatch("$path: ${k.simpleName} without its tag `event`")
    val variant = k.sealedSubclasses.firstOrNull { snake(it.simpleName!!) == tag }
        ?: throw RecordMismatch("$path: ${k.simpleName}: unknown variant $tag")
    val rest = JsonObject().also { o -> value.asJsonObject.entrySet().filter { it.key != "event" }.forEach { o.add(it.key, it.value) } }
    return dataRecord(variant, rest, path)
}

private fun dataRecord(k: KClass<*>, value: JsonElement, path: String): Any {
    if (!value.isJsonObject) throw RecordMismatch("$path: ${k.simpleName}: not an object")
    val members = value.asJsonObject
    k.objectInstance?.let {
        if (members.size() > 0) throw RecordMismatch("$path: ${k.simpleName}: unknown fields ${members.keySet()}")
        return it
    }
    val ctor = k.primaryConstructor ?: throw RecordMismatch("$path: ${k.simpleName}: no constructor")
    val params = ctor.parameters.associateBy { it.name!! }
    val unknown = members.keySet().filter { camel(it) !in params }
    if (unknown.isNotEmpty()) throw RecordMismatch("$path: ${k.simpleName}: unknown fields $unknown")
    val args = HashMap<KParameter, Any?>()
    for ((key, x) in members.entrySet()) {
        val p = params.getValue(camel(key))
        args[p] = record(p.type, x, "$path.$key")
    }
    val missing = ctor.parameters.filter { !it.isOptional && it !in args }.map { it.name }
    if (missing.isNotEmpty()) throw RecordMismatch("$path: ${k.simpleName}: missing fields $missing")
    return ctor.callBy(args)
}

/** snake_case → camelCase, as uniffi names Kotlin members ("x_tif" → "xTif"). */
fun camel(s: String): String = s.split('_').mapIndexed { i, w -> if (i == 0) w else w.replaceFirstChar { it.uppercaseChar() } }.joinToString("")

/** camelCase or PascalCase → snake_case ("xTif" → "x_tif", "ApproveInternally" → "approve_internally"). */
fun snake(s: String): String = buildString {
    s.forEachIndexed { i, c ->
        if (c.isUpperCase()) {
            if (i > 0) append('_')
            append(c.lowercaseChar())
        } else {
            append(c)
        }
    }
}

// ------------------------------------------------------------------ results as JSON

private val recordMembers = ConcurrentHashMap<KClass<*>, List<Pair<String, KProperty1<Any, *>>>>()

@Suppress("UNCHECKED_CAST")
private fun membersOf(k: KClass<*>): List<Pair<String, KProperty1<Any, *>>> = recordMembers.computeIfAbsent(k) {
    val props = k.memberProperties.associateBy { it.name }
    val order = k.primaryConstructor?.parameters?.map { it.name!! } ?: props.keys.toList()
    order.map { snake(it) to (props.getValue(it) as KProperty1<Any, *>) }
}

/**
 * A result as JSON (python/tests/plain.py's plain()): records as objects
 * with their snake_case member names, enums as their lower-case name,
 * unsigned numbers as numbers. JSON values are taken as they are.
 */
fun plain(v: Any?): JsonElement = when (v) {
    null -> JsonNull.INSTANCE
    is JsonElement -> v
    is String -> JsonPrimitive(v)
    is Boolean -> JsonPrimitive(v)
    is Number -> JsonPrimitive(v)
    is UByte -> JsonPrimitive(v.toInt())
    is UShort -> JsonPrimitive(v.toInt())
    is UInt -> JsonPrimitive(v.toLong())
    is ULong -> JsonPrimitive(BigInteger(v.toString()))
    is Enum<*> -> JsonPrimitive(v.name.lowercase())
    is ByteArray -> throw IllegalArgumentException("bytes in a result: convert them where they are read")
    is Iterable<*> -> JsonArray().also { a -> v.forEach { a.add(plain(it)) } }
    is Map<*, *> -> JsonObject().also { o -> v.forEach { (k, x) -> o.add(k.toString(), plain(x)) } }
    else -> {
        val k = v::class
        if (!k.isData && k.objectInstance == null) throw IllegalArgumentException("not a record: ${k.qualifiedName}")
        JsonObject().also { o -> membersOf(k).forEach { (name, p) -> o.add(name, plain(p.get(v))) } }
    }
}

/**
 * python/tests/records.py's norm(): object members that are null or an
 * empty array dropped (Rust leaves out empty lists where a uniffi record
 * always has the member: an empty list equals an absent one).
 */
fun norm(v: JsonElement?): JsonElement = when {
    v == null || v.isJsonNull -> JsonNull.INSTANCE
    v.isJsonArray -> JsonArray().also { a -> v.asJsonArray.forEach { a.add(norm(it)) } }
    v.isJsonObject -> JsonObject().also { o ->
        for ((k, x) in v.asJsonObject.entrySet()) {
            if (x.isJsonNull || (x.isJsonArray && x.asJsonArray.isEmpty)) continue
            o.add(k, norm(x))
        }
    }
    else -> v
}
