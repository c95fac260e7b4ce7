//! SHA-256 (FIPS 180-4) of four messages of one length at once, one message
//! per 32-bit lane.
//!
//! A published index is checked block by block, each block against its own
//! digest, so its blocks can be hashed side by side. WebAssembly's 128-bit
//! SIMD does four 32-bit lanes per instruction where the scalar SHA-256
//! (ring's, in WebAssembly) does one: the 1M index loads in about 3 s
//! instead of 5 there (BENCHMARKS.md). Natively ring uses the CPU's SHA
//! extensions and is faster, so the lanes are used only in WebAssembly
//! built with `simd128`.
//! The algorithm is written once over a lane type; the tests run it with
//! plain arrays against ring.

/// Four 32-bit lanes.
pub(crate) trait Lanes: Copy {
    fn splat(x: u32) -> Self;
    fn from_lanes(x: [u32; 4]) -> Self;
    fn to_lanes(self) -> [u32; 4];
    fn add(self, o: Self) -> Self;
    fn xor(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    /// `self & !o`.
    fn and_not(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    fn shr<const N: u32>(self) -> Self;
    fn shl<const N: u32>(self) -> Self;
}

/// Plain arrays: the lanes of every target (the tests' reference).
impl Lanes for [u32; 4] {
    fn splat(x: u32) -> Self {
        [x; 4]
    }
    fn from_lanes(x: [u32; 4]) -> Self {
        x
    }
    fn to_lanes(self) -> [u32; 4] {
        self
    }
    fn add(self, o: Self) -> Self {
        [0, 1, 2, 3].map(|i| self[i].wrapping_add(o[i]))
    }
    fn xor(self, o: Self) -> Self {
        [0, 1, 2, 3].map(|i| self[i] ^ o[i])
    }
    fn and(self, o: Self) -> Self {
        [0, 1, 2, 3].map(|i| self[i] & o[i])
    }
    fn and_not(self, o: Self) -> Self {
        [0, 1, 2, 3].map(|i| self[i] & !o[i])
    }
    fn or(self, o: Self) -> Self {
        [0, 1, 2, 3].map(|i| self[i] | o[i])
    }
    fn shr<const N: u32>(self) -> Self {
        self.map(|x| x >> N)
    }
    fn shl<const N: u32>(self) -> Self {
        self.map(|x| x << N)
    }
}

/// WebAssembly's `v128`, one instruction per operation.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Lanes for core::arch::wasm32::v128 {
    fn splat(x: u32) -> Self {
        core::arch::wasm32::u32x4_splat(x)
    }
    fn from_lanes(x: [u32; 4]) -> Self {
        core::arch::wasm32::u32x4(x[0], x[1], x[2], x[3])
    }
    fn to_lanes(self) -> [u32; 4] {
        use core::arch::wasm32::u32x4_extract_lane as lane;
        [lane::<0>(self), lane::<1>(self), lane::<2>(self), lane::<3>(self)]
    }
    fn add(self, o: Self) -> Self {
        core::arch::wasm32::u32x4_add(self, o)
    }
    fn xor(self, o: Self) -> Self {
        core::arch::wasm32::v128_xor(self, o)
    }
    fn and(self, o: Self) -> Self {
        core::arch::wasm32::v128_and(self, o)
    }
    fn and_not(self, o: Self) -> Self {
        core::arch::wasm32::v128_andnot(self, o)
    }
    fn or(self, o: Self) -> Self {
        core::arch::wasm32::v128_or(self, o)
    }
    fn shr<const N: u32>(self) -> Self {
        core::arch::wasm32::u32x4_shr(self, N)
    }
    fn shl<const N: u32>(self) -> Self {
        core::arch::wasm32::u32x4_shl(self, N)
    }
}

/// Whether this build hashes four blocks at once (WebAssembly with simd128).
pub(crate) const FASTER_THAN_ONE_BY_ONE: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// The SHA-256 digests of four messages of the same length (`None` when
/// their lengths differ), with this target's fastest lanes.
pub(crate) fn digest4(messages: [&[u8]; 4]) -> Option<[[u8; 32]; 4]> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return digest4_with::<core::arch::wasm32::v128>(messages);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    return digest4_with::<[u32; 4]>(messages);
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

fn rotr<L: Lanes, const N: u32, const M: u32>(x: L) -> L {
    // M = 32 − N: const generics cannot compute it.
    x.shr::<N>().or(x.shl::<M>())
}

/// Compresses one 64-byte block of each lane's message into `state`.
fn compress<L: Lanes>(state: &mut [L; 8], blocks: [&[u8]; 4]) {
    let mut w = [L::splat(0); 16];
    for (t, word) in w.iter_mut().enumerate() {
        let lane = |b: &[u8]| {
            let at = t * 4;
            match b.get(at..at + 4) {
                Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
                _ => 0,
            }
        };
        *word = L::from_lanes([lane(blocks[0]), lane(blocks[1]), lane(blocks[2]), lane(blocks[3])]);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (t, &k) in K.iter().enumerate() {
        let wt = if t < 16 {
            w[t & 15]
        } else {
            let w15 = w[(t + 1) & 15];
            let w2 = w[(t + 14) & 15];
            let s0 = rotr::<L, 7, 25>(w15).xor(rotr::<L, 18, 14>(w15)).xor(w15.shr::<3>());
            let s1 = rotr::<L, 17, 15>(w2).xor(rotr::<L, 19, 13>(w2)).xor(w2.shr::<10>());
            let next = w[t & 15].add(s0).add(w[(t + 9) & 15]).add(s1);
            w[t & 15] = next;
            next
        };
        let big_s1 = rotr::<L, 6, 26>(e).xor(rotr::<L, 11, 21>(e)).xor(rotr::<L, 25, 7>(e));
        let ch = e.and(f).xor(g.and_not(e));
        let t1 = h.add(big_s1).add(ch).add(L::splat(k)).add(wt);
        let big_s0 = rotr::<L, 2, 30>(a).xor(rotr::<L, 13, 19>(a)).xor(rotr::<L, 22, 10>(a));
        let maj = a.and(b).xor(a.and(c)).xor(b.and(c));
        let t2 = big_s0.add(maj);
        h = g;
        g = f;
        f = e;
        e = d.add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add(v);
    }
}

/// [`digest4`] with the lanes `L`.
pub(crate) fn digest4_with<L: Lanes>(messages: [&[u8]; 4]) -> Option<[[u8; 32]; 4]> {
    let len = messages[0].len();
    if messages.iter().any(|m| m.len() != len) {
        return None;
    }
    let mut state = H0.map(L::splat);
    let whole = len / 64 * 64;
    for at in (0..whole).step_by(64) {
        compress(&mut state, messages.map(|m| m.get(at..at + 64).unwrap_or(&[])));
    }
    // The padding: the tail, 0x80, zeros, the length in bits (big-endian),
    // in one block or two. The same length for every lane.
    let tail = len - whole;
    let blocks = if tail < 56 { 1 } else { 2 };
    let mut padded = [[0u8; 128]; 4];
    for (p, m) in padded.iter_mut().zip(messages) {
        if let (Some(dst), Some(src)) = (p.get_mut(..tail), m.get(whole..)) {
            dst.copy_from_slice(src);
        }
        if let Some(byte) = p.get_mut(tail) {
            *byte = 0x80;
        }
        if let Some(end) = p.get_mut(blocks * 64 - 8..blocks * 64) {
            end.copy_from_slice(&((len as u64) * 8).to_be_bytes());
        }
    }
    for block in 0..blocks {
        let range = block * 64..block * 64 + 64;
        compress(&mut state, [0, 1, 2, 3].map(|i| padded[i].get(range.clone()).unwrap_or(&[])));
    }
    let mut out = [[0u8; 32]; 4];
    for (word, s) in state.iter().enumerate() {
        for (lane, value) in s.to_lanes().into_iter().enumerate() {
            if let Some(dst) = out[lane].get_mut(word * 4..word * 4 + 4) {
                dst.copy_from_slice(&value.to_be_bytes());
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(m: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, m).as_ref());
        out
    }

    #[test]
    fn four_lanes_give_ring_s_digests_at_every_padding_length() {
        // Lengths around every padding case (55/56/63/64 bytes past a block)
        // and the index's block sizes.
        let mut seed = 0x9e37_79b9_u32;
        let mut byte = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as u8
        };
        for len in (0..200).chain([447, 448, 511, 512, 4095, 4096, 65_536]) {
            let messages: Vec<Vec<u8>> = (0..4).map(|_| (0..len).map(|_| byte()).collect()).collect();
            let got =
                digest4_with::<[u32; 4]>([&messages[0], &messages[1], &messages[2], &messages[3]]).unwrap();
            for (lane, m) in messages.iter().enumerate() {
                assert_eq!(got[lane], ring(m), "length {len}, lane {lane}");
            }
        }
    }

    #[test]
    fn the_fips_180_4_example_and_a_one_bit_change() {
        // FIPS 180-4 / NIST CSHS example "abc".
        let abc = digest4([b"abc", b"abc", b"abd", b"abc"]).unwrap();
        let want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(crate::encoding::hex(&abc[0]), want);
        assert_eq!(abc[0], abc[1]);
        assert_ne!(abc[2], abc[0], "a changed lane changes only its digest");
        assert_eq!(abc[3], abc[0]);
    }

    #[test]
    fn lengths_that_differ_are_refused() {
        assert_eq!(digest4([b"a", b"a", b"a", b"ab"]), None);
    }
}
