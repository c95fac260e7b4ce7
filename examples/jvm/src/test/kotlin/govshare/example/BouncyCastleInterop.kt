// SM4 and SM2 encryption interop with BouncyCastle (bcprov-jdk18on, a
// test-scope dependency in pom.xml), both ways, on random keys, IVs and data:
// what govshare encrypts (uniffi Kotlin API) BouncyCastle decrypts, and what
// BouncyCastle encrypts govshare decrypts — byte for byte where the output is
// deterministic (SM4), by round trip where it is randomized (SM2). Plus one
// tampered ciphertext per mode, which govshare must refuse with its coded
// error (CTR has no integrity: there the flip must come through as exactly
// that flip, in both libraries). docs/crypto.md "BouncyCastle (JVM)" sums up
// what is proven here.
//
// The class is BouncyCastleInteropTest (surefire runs *Test classes); the
// file keeps the name the issue gives it.
package govshare.example

import java.math.BigInteger
import java.security.SecureRandom
import java.util.Random
import javax.crypto.Cipher
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.IvParameterSpec
import javax.crypto.spec.SecretKeySpec
import org.bouncycastle.asn1.ASN1EncodableVector
import org.bouncycastle.asn1.ASN1Encoding
import org.bouncycastle.asn1.ASN1Integer
import org.bouncycastle.asn1.ASN1OctetString
import org.bouncycastle.asn1.ASN1Primitive
import org.bouncycastle.asn1.ASN1Sequence
import org.bouncycastle.asn1.DEROctetString
import org.bouncycastle.asn1.DERSequence
import org.bouncycastle.asn1.gm.GMNamedCurves
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo
import org.bouncycastle.asn1.sec.ECPrivateKey
import org.bouncycastle.crypto.InvalidCipherTextException
import org.bouncycastle.crypto.engines.SM2Engine
import org.bouncycastle.crypto.generators.ECKeyPairGenerator
import org.bouncycastle.crypto.params.ECDomainParameters
import org.bouncycastle.crypto.params.ECKeyGenerationParameters
import org.bouncycastle.crypto.params.ECPrivateKeyParameters
import org.bouncycastle.crypto.params.ECPublicKeyParameters
import org.bouncycastle.crypto.params.ParametersWithRandom
import org.bouncycastle.jce.provider.BouncyCastleProvider
import org.bouncycastle.util.BigIntegers
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import uniffi.govshare_core.Algorithm
import uniffi.govshare_core.Sm2CiphertextFormat
import uniffi.govshare_core.Sm2CiphertextOrder
import uniffi.govshare_core.Sm4Mode
import uniffi.govshare_ffi.Key
import uniffi.govshare_ffi.sm2ConvertCiphertext
import uniffi.govshare_ffi.sm2Decrypt
import uniffi.govshare_ffi.sm2Encrypt
import uniffi.govshare_ffi.sm4Decrypt
import uniffi.govshare_ffi.sm4Encrypt

class BouncyCastleInteropTest {
    private val bc = BouncyCastleProvider()
    private val secure = SecureRandom()
    private val seed = System.nanoTime()
    private val rng = Random(seed)

    private val lengths = listOf(0, 1, 15, 16, 17, 31, 32, 33, 100, 1000)
    private val rounds = 3

    private fun random(n: Int): ByteArray = ByteArray(n).also { rng.nextBytes(it) }
    private fun what(mode: String, n: Int) = "$mode, $n bytes (seed $seed)"
    private fun flipped(b: ByteArray, at: Int, mask: Int = 0x01): ByteArray =
        b.copyOf().also { it[at] = (it[at].toInt() xor mask).toByte() }

    // ------------------------------------------------------------------ SM4

    /** BouncyCastle through JCA ("SM4/<mode>/<padding>"), its own provider instance. */
    private fun bcSm4(op: Int, transformation: String, key: ByteArray, iv: ByteArray, data: ByteArray, aad: ByteArray? = null): ByteArray {
        val c = Cipher.getInstance(transformation, bc)
        val k = SecretKeySpec(key, "SM4")
        when {
            transformation.startsWith("SM4/ECB") -> c.init(op, k)
            transformation.startsWith("SM4/GCM") -> c.init(op, k, GCMParameterSpec(128, iv))
            else -> c.init(op, k, IvParameterSpec(iv))
        }
        if (aad != null) c.updateAAD(aad)
        return c.doFinal(data)
    }

    /** Both ways, byte for byte: govshare's ciphertext is BC's, and each side decrypts the other's. */
    private fun sm4BothWays(mode: Sm4Mode, transformation: String, ivLen: Int, withAad: Boolean) {
        repeat(rounds) {
            for (n in lengths) {
                val key = random(16)
                val iv = random(ivLen)
                val pt = random(n)
                val aad = if (withAad) random(rng.nextInt(40)) else null
                val w = what(transformation, n)
                val ours = sm4Encrypt(mode, key, iv, pt, aad)
                val theirs = bcSm4(Cipher.ENCRYPT_MODE, transformation, key, iv, pt, aad)
                assertEquals(hex(theirs), hex(ours), "$w: ciphertexts differ")
                assertArrayEquals(pt, bcSm4(Cipher.DECRYPT_MODE, transformation, key, iv, ours, aad), "$w: govshare → BC")
                assertArrayEquals(pt, sm4Decrypt(mode, key, iv, theirs, aad), "$w: BC → govshare")
            }
        }
    }

    @Test
    fun `SM4-CBC PKCS7 both ways, and a flipped byte is bad_padding`() {
        sm4BothWays(Sm4Mode.CBC, "SM4/CBC/PKCS7Padding", 16, withAad = false)
        for (n in lengths) {
            val (key, iv, pt) = Triple(random(16), random(16), random(n))
            val ct = bcSm4(Cipher.ENCRYPT_MODE, "SM4/CBC/PKCS7Padding", key, iv, pt)
            // The high bit of the padding's last byte, through the block (or
            // IV) before it: the pad byte becomes ≥ 0x81, invalid whatever the
            // data — refused by both, deterministically.
            val e = if (ct.size >= 32) {
                val bad = flipped(ct, ct.size - 17, 0x80)
                assertThrows(Exception::class.java) { bcSm4(Cipher.DECRYPT_MODE, "SM4/CBC/PKCS7Padding", key, iv, bad) }
                expectGovshareError(what("cbc tampered", n)) { sm4Decrypt(Sm4Mode.CBC, key, iv, bad, null) }
            } else {
                expectGovshareError(what("cbc tampered IV", n)) { sm4Decrypt(Sm4Mode.CBC, key, flipped(iv, 15, 0x80), ct, null) }
            }
            assertEquals("bad_padding", e.code, what("cbc tampered", n))
        }
        // A flipped byte anywhere else: govshare and BC agree — the same
        // plaintext, or both refuse (CBC has no integrity; mostly refused
        // when the last block is hit).
        cbcEcbAgreeUnderTampering(Sm4Mode.CBC, "SM4/CBC/PKCS7Padding", 16)
    }

    @Test
    fun `SM4-ECB PKCS7 both ways (legacy), and BC agrees on tampered input`() {
        sm4BothWays(Sm4Mode.ECB, "SM4/ECB/PKCS7Padding", 0, withAad = false)
        cbcEcbAgreeUnderTampering(Sm4Mode.ECB, "SM4/ECB/PKCS7Padding", 0)
    }

    private fun cbcEcbAgreeUnderTampering(mode: Sm4Mode, transformation: String, ivLen: Int) {
        repeat(200) {
            val n = lengths[rng.nextInt(lengths.size)]
            val (key, iv, pt) = Triple(random(16), random(ivLen), random(n))
            val ct = sm4Encrypt(mode, key, iv, pt, null)
            val bad = flipped(ct, rng.nextInt(ct.size), 1 shl rng.nextInt(8))
            val theirs = try { bcSm4(Cipher.DECRYPT_MODE, transformation, key, iv, bad) } catch (e: Exception) { null }
            if (theirs == null) {
                assertEquals("bad_padding", expectGovshareError(what("$transformation tampered", n)) { sm4Decrypt(mode, key, iv, bad, null) }.code)
            } else {
                assertArrayEquals(theirs, sm4Decrypt(mode, key, iv, bad, null), what("$transformation tampered", n))
            }
        }
    }

    @Test
    fun `SM4-CTR both ways (no padding, 128-bit big-endian counter)`() {
        sm4BothWays(Sm4Mode.CTR, "SM4/CTR/NoPadding", 16, withAad = false)
        // The counter carries across all 16 bytes, as BC's SIC does: an IV
        // whose low 64 bits are all ones, over several blocks.
        val key = random(16)
        val iv = ByteArray(8) { rng.nextInt(256).toByte() } + ByteArray(8) { -1 }
        val pt = random(100)
        assertEquals(hex(bcSm4(Cipher.ENCRYPT_MODE, "SM4/CTR/NoPadding", key, iv, pt)), hex(sm4Encrypt(Sm4Mode.CTR, key, iv, pt, null)), "ctr carry")
        // CTR has no integrity: nothing can refuse a flipped byte. It comes
        // through as exactly that flip, in govshare and BC alike.
        for (n in lengths.filter { it > 0 }) {
            val (k, v, p) = Triple(random(16), random(16), random(n))
            val at = rng.nextInt(n)
            val bad = flipped(sm4Encrypt(Sm4Mode.CTR, k, v, p, null), at)
            assertArrayEquals(flipped(p, at), sm4Decrypt(Sm4Mode.CTR, k, v, bad, null), what("ctr tampered", n))
            assertArrayEquals(flipped(p, at), bcSm4(Cipher.DECRYPT_MODE, "SM4/CTR/NoPadding", k, v, bad), what("ctr tampered, BC", n))
        }
        // What govshare does refuse in CTR: an IV that is not 16 bytes.
        val e = expectGovshareError("ctr 12-byte IV") { sm4Decrypt(Sm4Mode.CTR, key, random(12), pt, null) }
        assertEquals("iv_length", e.code)
    }

    @Test
    fun `SM4-GCM with AAD both ways (16-byte tag appended), and tampering is tag_mismatch`() {
        sm4BothWays(Sm4Mode.GCM, "SM4/GCM/NoPadding", 12, withAad = true)
        for (n in lengths) {
            val (key, nonce, pt) = Triple(random(16), random(12), random(n))
            val aad = random(1 + rng.nextInt(40))
            val ct = bcSm4(Cipher.ENCRYPT_MODE, "SM4/GCM/NoPadding", key, nonce, pt, aad)
            assertEquals(n + 16, ct.size)
            for (bad in listOf(flipped(ct, rng.nextInt(ct.size)), flipped(ct, ct.size - 1))) {
                val e = expectGovshareError(what("gcm tampered", n)) { sm4Decrypt(Sm4Mode.GCM, key, nonce, bad, aad) }
                assertEquals("tag_mismatch", e.code, what("gcm tampered", n))
            }
            val e = expectGovshareError(what("gcm other aad", n)) { sm4Decrypt(Sm4Mode.GCM, key, nonce, ct, flipped(aad, 0)) }
            assertEquals("tag_mismatch", e.code, what("gcm other aad", n))
            // and BC refuses govshare's tampered output the same way
            val ours = sm4Encrypt(Sm4Mode.GCM, key, nonce, pt, aad)
            assertThrows(Exception::class.java) { bcSm4(Cipher.DECRYPT_MODE, "SM4/GCM/NoPadding", key, nonce, flipped(ours, 0), aad) }
        }
    }

    // ------------------------------------------------------------------ SM2

    private val curve = GMNamedCurves.getByName("sm2p256v1")
    private val domain = ECDomainParameters(curve.curve, curve.g, curve.n, curve.h)
    private val sm2Lengths = listOf(1, 15, 16, 17, 32, 100, 1000)

    private class Pair2(val ours: Key, val oursPublic: Key, val bcPublic: ECPublicKeyParameters, val bcPrivate: ECPrivateKeyParameters)

    /** A key pair made by BouncyCastle, handed to govshare as raw d and 04‖x‖y. */
    private fun bcKeyPair(): Pair2 {
        val g = ECKeyPairGenerator().apply { init(ECKeyGenerationParameters(domain, secure)) }
        val kp = g.generateKeyPair()
        val pub = kp.public as ECPublicKeyParameters
        val priv = kp.private as ECPrivateKeyParameters
        val ours = Key.fromRaw(Algorithm.SM2_SM3, BigIntegers.asUnsignedByteArray(32, priv.d), true)
        val oursPublic = Key.fromRaw(Algorithm.SM2_SM3, pub.q.getEncoded(false), false)
        assertEquals(hex(pub.q.getEncoded(false)), hex(ours.publicKeyBytes()), "govshare derives BC's public key")
        return Pair2(ours, oursPublic, pub, priv)
    }

    /** A key pair made by govshare, handed to BouncyCastle as PKCS#8 (parsed by BC) and the SEC1 point. */
    private fun govshareKeyPair(): Pair2 {
        val ours = Key.generate(Algorithm.SM2_SM3)
        val d = ECPrivateKey.getInstance(PrivateKeyInfo.getInstance(ours.toPkcs8Der()).parsePrivateKey()).key
        val q = domain.curve.decodePoint(ours.publicKeyBytes())
        assertEquals(q, domain.g.multiply(d).normalize(), "BC derives govshare's public key")
        return Pair2(ours, ours.publicKey(), ECPublicKeyParameters(q, domain), ECPrivateKeyParameters(d, domain))
    }

    private fun bcSm2Encrypt(mode: SM2Engine.Mode, pub: ECPublicKeyParameters, pt: ByteArray): ByteArray =
        SM2Engine(mode).apply { init(true, ParametersWithRandom(pub, secure)) }.processBlock(pt, 0, pt.size)

    private fun bcSm2Decrypt(mode: SM2Engine.Mode, priv: ECPrivateKeyParameters, ct: ByteArray): ByteArray =
        SM2Engine(mode).apply { init(false, priv) }.processBlock(ct, 0, ct.size)

    /**
     * GM/T 0009 `SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }`
     * from BC's raw C1C3C2 (04 ‖ x ‖ y ‖ C3 ‖ C2), DER-encoded by BC's ASN.1 classes.
     */
    private fun bcRawToDer(raw: ByteArray): ByteArray {
        val v = ASN1EncodableVector()
        v.add(ASN1Integer(BigInteger(1, raw.copyOfRange(1, 33))))
        v.add(ASN1Integer(BigInteger(1, raw.copyOfRange(33, 65))))
        v.add(DEROctetString(raw.copyOfRange(65, 97)))
        v.add(DEROctetString(raw.copyOfRange(97, raw.size)))
        return DERSequence(v).getEncoded(ASN1Encoding.DER)
    }

    /** The reverse, parsed by BC's ASN.1 classes: raw C1C3C2 with 04 for SM2Engine. */
    private fun bcDerToRaw(der: ByteArray): ByteArray {
        val seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der))
        assertEquals(4, seq.size())
        val x = ASN1Integer.getInstance(seq.getObjectAt(0)).positiveValue
        val y = ASN1Integer.getInstance(seq.getObjectAt(1)).positiveValue
        val c3 = ASN1OctetString.getInstance(seq.getObjectAt(2)).octets
        val c2 = ASN1OctetString.getInstance(seq.getObjectAt(3)).octets
        assertEquals(32, c3.size)
        return byteArrayOf(4) + BigIntegers.asUnsignedByteArray(32, x) + BigIntegers.asUnsignedByteArray(32, y) + c3 + c2
    }

    private fun fmt(order: Sm2CiphertextOrder, prefix: Boolean = true) = Sm2CiphertextFormat(order, prefix)

    private fun keyPairs() = listOf("BC key" to bcKeyPair(), "govshare key" to govshareKeyPair())

    @Test
    fun `SM2 raw C1C3C2 and C1C2C3 both ways, with and without 04`() {
        for ((keyName, kp) in keyPairs()) {
            for ((bcMode, order) in listOf(SM2Engine.Mode.C1C3C2 to Sm2CiphertextOrder.C1C3C2, SM2Engine.Mode.C1C2C3 to Sm2CiphertextOrder.C1C2C3)) {
                for (n in sm2Lengths) {
                    val w = what("sm2 $order, $keyName", n)
                    val pt = random(n)
                    // BC → govshare: as BC writes it (04), and without 04 (sm-crypto's form)
                    val theirs = bcSm2Encrypt(bcMode, kp.bcPublic, pt)
                    assertEquals(97 + n, theirs.size, w)
                    assertArrayEquals(pt, sm2Decrypt(kp.ours, theirs, fmt(order)), "$w: BC → govshare")
                    assertArrayEquals(pt, sm2Decrypt(kp.ours, theirs.copyOfRange(1, theirs.size), fmt(order, false)), "$w: BC without 04 → govshare")
                    // govshare → BC (encrypting to the public key only)
                    val ours = sm2Encrypt(kp.oursPublic, pt, fmt(order))
                    assertEquals(97 + n, ours.size, w)
                    assertArrayEquals(pt, bcSm2Decrypt(bcMode, kp.bcPrivate, ours), "$w: govshare → BC")
                    val bare = sm2Encrypt(kp.oursPublic, pt, fmt(order, false))
                    assertArrayEquals(pt, bcSm2Decrypt(bcMode, kp.bcPrivate, byteArrayOf(4) + bare), "$w: govshare without 04 → BC")
                    // the other order is refused, never misread
                    val other = if (order == Sm2CiphertextOrder.C1C3C2) Sm2CiphertextOrder.C1C2C3 else Sm2CiphertextOrder.C1C3C2
                    assertEquals("decryption_failed", expectGovshareError("$w, read as $other") { sm2Decrypt(kp.ours, theirs, fmt(other)) }.code)
                }
            }
        }
    }

    @Test
    fun `SM2 ASN1 (GM-T 0009, DER by BC's ASN1 classes) both ways`() {
        val asn1 = fmt(Sm2CiphertextOrder.ASN1)
        for ((keyName, kp) in keyPairs()) {
            for (n in sm2Lengths) {
                val w = what("sm2 asn1, $keyName", n)
                val pt = random(n)
                // BC → govshare: BC's SM2Engine output, DER-encoded by BC
                val raw = bcSm2Encrypt(SM2Engine.Mode.C1C3C2, kp.bcPublic, pt)
                val der = bcRawToDer(raw)
                assertArrayEquals(pt, sm2Decrypt(kp.ours, der, asn1), "$w: BC DER → govshare")
                // the same DER bytes as govshare's own conversion, and back
                assertEquals(hex(der), hex(sm2ConvertCiphertext(raw, fmt(Sm2CiphertextOrder.C1C3C2), asn1)), "$w: DER encodings differ")
                assertEquals(hex(raw), hex(sm2ConvertCiphertext(der, asn1, fmt(Sm2CiphertextOrder.C1C3C2))), "$w: DER → raw")
                // govshare → BC: govshare's DER, parsed by BC, decrypted by SM2Engine
                val ours = sm2Encrypt(kp.oursPublic, pt, asn1)
                assertEquals(hex(ours), hex(ASN1Primitive.fromByteArray(ours).getEncoded(ASN1Encoding.DER)), "$w: govshare's DER is BC's DER")
                assertArrayEquals(pt, bcSm2Decrypt(SM2Engine.Mode.C1C3C2, kp.bcPrivate, bcDerToRaw(ours)), "$w: govshare DER → BC")
            }
        }
    }

    @Test
    fun `SM2 tampered ciphertexts are refused with coded errors`() {
        val kp = bcKeyPair()
        val c1c3c2 = fmt(Sm2CiphertextOrder.C1C3C2)
        val asn1 = fmt(Sm2CiphertextOrder.ASN1)
        for (n in sm2Lengths) {
            val w = what("sm2 tampered", n)
            val pt = random(n)
            val raw = bcSm2Encrypt(SM2Engine.Mode.C1C3C2, kp.bcPublic, pt)
            // a flipped byte of C3 or C2: the hash check fails
            for (at in listOf(65 + rng.nextInt(32), 97 + rng.nextInt(n))) {
                val bad = flipped(raw, at)
                assertEquals("decryption_failed", expectGovshareError("$w at $at") { sm2Decrypt(kp.ours, bad, c1c3c2) }.code, "$w at $at")
                assertThrows(InvalidCipherTextException::class.java) { bcSm2Decrypt(SM2Engine.Mode.C1C3C2, kp.bcPrivate, bad) }
            }
            // a flipped 04
            assertEquals("ciphertext_malformed", expectGovshareError("$w 04") { sm2Decrypt(kp.ours, flipped(raw, 0), c1c3c2) }.code)
            // a flipped byte of C1's y: no longer on the curve (the lowest bit
            // of y, so that x still names a point, just not this one)
            assertEquals("point_not_on_curve", expectGovshareError("$w C1") { sm2Decrypt(kp.ours, flipped(raw, 64), c1c3c2) }.code)
            // BC's DER with the last byte of C2 flipped
            val der = bcRawToDer(raw)
            assertEquals("decryption_failed", expectGovshareError("$w der") { sm2Decrypt(kp.ours, flipped(der, der.size - 1), asn1) }.code)
            // and govshare's own ciphertext, tampered, is refused by BC
            val ours = sm2Encrypt(kp.oursPublic, pt, c1c3c2)
            assertThrows(InvalidCipherTextException::class.java) { bcSm2Decrypt(SM2Engine.Mode.C1C3C2, kp.bcPrivate, flipped(ours, ours.size - 1)) }
        }
        // an empty plaintext cannot be encrypted (GB/T 32918.4: t must not be all zero)
        assertEquals("invalid_argument", expectGovshareError("sm2 empty") { sm2Encrypt(kp.oursPublic, ByteArray(0), c1c3c2) }.code)
    }
}
