// Java's bridge to the unsigned numbers in govshare's records. govshare's
// records count with unsigned integers (a count is never negative); Kotlin
// maps them to UByte/UShort/UInt/ULong, which Java cannot create or read.
// The jar is compiled with -Xjvm-expose-boxed, so every record constructor,
// getter and setter that holds one has a Java-visible form taking the boxed
// kotlin.UInt etc.; these functions make and read those boxes. Out of range is
// an IllegalArgumentException, never a silent wrap.
package govshare.jvm

object Unsigned {
    /** A `UByte` (0–255), e.g. a grade in `SearchQuery.setGrade`. */
    @JvmStatic
    fun u8(value: Int): UByte {
        require(value in 0..0xFF) { "not an unsigned 8-bit value: out of range" }
        return value.toUByte()
    }

    /** A `UShort` (0–65535). */
    @JvmStatic
    fun u16(value: Int): UShort {
        require(value in 0..0xFFFF) { "not an unsigned 16-bit value: out of range" }
        return value.toUShort()
    }

    /** A `UInt` (0–4294967295), e.g. a page size or a search limit. */
    @JvmStatic
    fun u32(value: Long): UInt {
        require(value in 0L..0xFFFF_FFFFL) { "not an unsigned 32-bit value: out of range" }
        return value.toUInt()
    }

    /** A `ULong` from a non-negative `long`. */
    @JvmStatic
    fun u64(value: Long): ULong {
        require(value >= 0) { "not an unsigned 64-bit value: negative" }
        return value.toULong()
    }

    /** The value of a `UByte` (e.g. `hit.getGrade()`). */
    @JvmStatic
    fun value(boxed: UByte): Int = boxed.toInt()

    /** The value of a `UShort`. */
    @JvmStatic
    fun value(boxed: UShort): Int = boxed.toInt()

    /** The value of a `UInt`. */
    @JvmStatic
    fun value(boxed: UInt): Long = boxed.toLong()

    /**
     * The value of a `ULong` (e.g. `page.getRowCount()`); above
     * `Long.MAX_VALUE` is an error rather than a negative number.
     */
    @JvmStatic
    fun value(boxed: ULong): Long {
        require(boxed <= Long.MAX_VALUE.toULong()) { "unsigned 64-bit value above Long.MAX_VALUE" }
        return boxed.toLong()
    }
}
