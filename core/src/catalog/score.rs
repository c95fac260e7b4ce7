//! BM25 in fixed point (docs/catalog-format.md §5, "Scores are integers").
//!
//! Every score is an integer in units of 2⁻⁴⁰, computed with integer
//! arithmetic only, so every platform (native, WebAssembly, the bindings)
//! and every path (text scorer, block scorer, lazy mode) gets the same bits
//! whatever the order of its sums, and a block's bound — a sum of maxima —
//! is exactly an upper bound. Nothing here reads a float.

/// A score, in units of 2⁻⁴⁰.
pub(crate) type Score = u64;

/// Field weights: name, abstract, items.
pub(crate) const WEIGHTS: [u64; 3] = [3, 1, 2];

/// A term's `w_f · idf_q` per field (units of 2⁻²⁴): below 2³² (an idf_q
/// is below 2³⁰, a weight at most 3).
pub(crate) type Weights = [u32; 3];

/// The largest saturation `sat_q` gives: 2.2 in units of 2⁻¹⁶.
const MAX_SAT: u64 = (22 << 16) / 10;

/// ⌊ln 2 · 2³²⌋.
const LN2_Q32: u128 = 2_977_044_471;
/// Largest term frequency and field length the arithmetic takes (larger
/// values count as these, so no product can overflow).
const MAX_TF: u64 = 65_535;
const MAX_LEN: u64 = (1 << 24) - 1;

/// log₂ x in units of 2⁻³², for x ≥ 1 (0 for x = 0): the integer part from
/// the bit length, 32 fraction bits by repeated squaring of the mantissa.
pub(crate) fn log2_q32(x: u64) -> u64 {
    if x == 0 {
        return 0;
    }
    let k = 63 - x.leading_zeros();
    let mut m = u128::from(x) << (63 - k);
    let mut fraction = 0u64;
    for bit in (0..32).rev() {
        m = (m * m) >> 63;
        if m >= 1 << 64 {
            m >>= 1;
            fraction |= 1 << bit;
        }
    }
    (u64::from(k) << 32) | fraction
}

/// BM25's idf, `ln((2N + 2) / (2·df + 1))`, in units of 2⁻²⁴; 0 when the
/// ratio is below 1 (a document frequency above the catalog's size).
pub(crate) fn idf_q(n: usize, df: usize) -> u64 {
    let n = (n as u64).saturating_mul(2).saturating_add(2);
    let df = (df as u64).saturating_mul(2).saturating_add(1);
    let diff = log2_q32(n).saturating_sub(log2_q32(df));
    u64::try_from((u128::from(diff) * LN2_Q32) >> 40).unwrap_or(u64::MAX)
}

/// A field's mean length in units of 2⁻⁸, between 1 and 65 535, from the
/// sum of its lengths over `n` resources.
pub(crate) fn mean_q(sum: u64, n: usize) -> u64 {
    let mean = (u128::from(sum) << 8) / (n.max(1) as u128);
    u64::try_from(mean).unwrap_or(u64::MAX).clamp(1 << 8, MAX_TF << 8)
}

/// BM25's saturation `tf·(k1+1) / (tf + k1·(1 − b + b·len/mean))` with
/// k1 = 6/5 and b = 3/4, in units of 2⁻¹⁶; `mean` from [`mean_q`].
pub(crate) fn sat_q(tf: u64, len: u64, mean: u64) -> u64 {
    let tf = tf.min(MAX_TF);
    let len = len.min(MAX_LEN);
    let mean = mean.clamp(1 << 8, MAX_TF << 8);
    // tf < 2¹⁶, mean < 2²⁴: the numerator stays below 2⁶¹.
    ((22 * tf * mean) << 16) / (10 * tf * mean + 3 * mean + ((9 * len) << 8))
}

/// Lengths below this have their saturation at tf = 1 tabulated.
const TABLE_LENS: usize = 1024;

/// The saturations of one catalog: its fields' mean lengths ([`mean_q`]),
/// and [`sat_q`] at tf = 1 — by far the commonest frequency — for every
/// length below `TABLE_LENS`, so most parts cost a load instead of a
/// division. A table of the same function: the values are `sat_q`'s.
#[derive(Debug, Clone, Default)]
pub(crate) struct Saturation {
    means: [u64; 3],
    tf1: Box<[u32]>,
}

impl Saturation {
    /// From the name and abstract lengths of `resources` resources and
    /// their item count (`items` in all).
    pub(crate) fn of(resources: usize, name_len: &[u16], abstract_len: &[u16], items: usize) -> Saturation {
        let sum = |v: &[u16]| v.iter().map(|&x| u64::from(x)).sum::<u64>();
        let means = [
            mean_q(sum(name_len), resources),
            mean_q(sum(abstract_len), resources),
            mean_q(items as u64, resources),
        ];
        let tf1 = means
            .iter()
            .flat_map(|&mean| (0..TABLE_LENS as u64).map(move |len| sat_q(1, len, mean)))
            .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
            .collect();
        Saturation { means, tf1 }
    }

    /// `sat_q(tf, len, mean of field)`; `field`: 0 name, 1 abstract, 2 items.
    #[inline]
    pub(crate) fn get(&self, field: usize, tf: u64, len: u64) -> u64 {
        if tf == 1 && len < TABLE_LENS as u64 {
            if let Some(&v) = self.tf1.get(field * TABLE_LENS + len as usize) {
                return u64::from(v);
            }
        }
        sat_q(tf, len, self.means.get(field).copied().unwrap_or(0))
    }
}

/// One term's weights in one catalog: `w_f · idf_q(N, df_f)` per field
/// (units of 2⁻²⁴) — the per-query table a score is read from.
pub(crate) fn term_weights(n: usize, dfs: [usize; 3]) -> Weights {
    [0, 1, 2].map(|f| u32::try_from(WEIGHTS[f] * idf_q(n, dfs[f])).unwrap_or(u32::MAX))
}

/// One field's part of a score, `weight · sat`: below 2⁵⁰, so a plain
/// multiplication (a checked one is a 128-bit multiply call in
/// WebAssembly, and this runs for every posting scored).
#[inline]
pub(crate) fn part(weight: u32, sat: u64) -> Score {
    u64::from(weight) * sat.min(MAX_SAT)
}

/// A term's whole contribution to a resource's score: the fields whose
/// frequency is above 0.
pub(crate) fn term_score(weights: Weights, tfs: [u32; 3], lens: [u64; 3], sat: &Saturation) -> Score {
    let mut score: Score = 0;
    for field in 0..3 {
        if tfs[field] > 0 {
            let sat = sat.get(field, u64::from(tfs[field]), lens[field]);
            score = score.saturating_add(part(weights[field], sat));
        }
    }
    score
}

/// The score a hit shows: `score / 2⁴⁰` rounded to 6 decimals, half away
/// from zero.
pub(crate) fn displayed(score: Score) -> f64 {
    let x = score as f64 / (1u64 << 40) as f64;
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_is_exact_at_powers_of_two_and_close_elsewhere() {
        for k in 0..64 {
            assert_eq!(log2_q32(1 << k), k << 32);
        }
        for x in [3u64, 5, 7, 10, 1000, 123_456_789, u64::MAX] {
            let want = (x as f64).log2() * 4_294_967_296.0;
            let got = log2_q32(x) as f64;
            assert!((got - want).abs() < 64.0 + want * 1e-15, "{x}: {got} against {want}");
            // Truncation: never above the true value by more than rounding.
            assert!(got <= want + 2.0, "{x}");
        }
    }

    #[test]
    fn idf_follows_bm25_within_its_units() {
        for (n, df) in [(20usize, 1usize), (20, 20), (1_000_000, 3), (1_000_000, 999_999), (1, 0)] {
            let want = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
            let got = idf_q(n, df) as f64 / f64::from(1u32 << 24);
            assert!((got - want).abs() < 1e-6, "{n} {df}: {got} against {want}");
        }
        // A frequency above the catalog's size counts as nothing, not as
        // a negative weight.
        assert_eq!(idf_q(10, 50), 0);
    }

    #[test]
    fn saturation_follows_bm25_within_its_units() {
        for (tf, len, mean) in
            [(1u64, 4u64, 5.5f64), (3, 40, 12.25), (1, 1, 1.0), (7, 300, 2.0), (65_535, 65_535, 9.0)]
        {
            let mean_q = (mean * 256.0) as u64;
            let want = tf as f64 * 2.2 / (tf as f64 + 1.2 * (0.25 + 0.75 * len as f64 / mean));
            let got = sat_q(tf, len, mean_q) as f64 / 65536.0;
            assert!((got - want).abs() < 1e-4, "{tf} {len} {mean}: {got} against {want}");
        }
    }

    #[test]
    fn extreme_inputs_saturate_instead_of_overflowing() {
        assert!(sat_q(u64::MAX, 0, u64::MAX) <= (22 << 16) / 10);
        assert_eq!(sat_q(1, u64::MAX, 1 << 8), (22 << 24) / (10 * 256 + 3 * 256 + ((9 * MAX_LEN) << 8)));
        assert_eq!(mean_q(u64::MAX, 1), MAX_TF << 8);
        assert_eq!(mean_q(0, 0), 1 << 8);
        // The largest weights and frequencies: every part at its bound,
        // far from overflowing.
        let heavy = term_score([u32::MAX; 3], [u32::MAX; 3], [0; 3], &Saturation::default());
        assert!(heavy < 3 << 50, "{heavy}");
        assert_eq!(part(u32::MAX, u64::MAX), u64::from(u32::MAX) * MAX_SAT);
        assert!(sat_q(u64::MAX, 0, u64::MAX) <= MAX_SAT && sat_q(1, 0, 1 << 8) <= MAX_SAT);
        assert!(term_weights(usize::MAX, [0; 3]).iter().all(|&w| w < u32::MAX));
    }

    #[test]
    fn the_table_is_the_function() {
        let names = [3u16, 9, 40, 7];
        let sat = Saturation::of(4, &names, &[120, 0, 300, 2000], 77);
        let means = [mean_q(59, 4), mean_q(2420, 4), mean_q(77, 4)];
        for (field, &mean) in means.iter().enumerate() {
            for tf in [1u64, 2, 5] {
                for len in (0..1100).chain([65_535, 1 << 30]) {
                    assert_eq!(sat.get(field, tf, len), sat_q(tf, len, mean), "{field} {tf} {len}");
                }
            }
        }
        assert_eq!(Saturation::default().get(1, 1, 3), sat_q(1, 3, 0));
    }

    #[test]
    fn shown_scores_round_half_away_from_zero() {
        assert_eq!(displayed(0), 0.0);
        assert_eq!(displayed(1 << 40), 1.0);
        assert_eq!(displayed(3 << 39), 1.5);
        // 6e-7 rounds up to 1e-6.
        assert_eq!(displayed(((1u64 << 40) as f64 * 6e-7) as u64), 1e-6);
    }
}
