//! Check characters of Chinese identifiers, in one place so that catalog lint,
//! request validation, the sample generator and the mask detectors agree.
//!
//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol set, the
//! last a check character over the first 17.

/// The code's alphabet; a symbol's value is its position.
pub const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// What a credit code check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CreditCodeStatus {
    /// Well-formed and the check character matches.
    Valid,
    /// Well-formed, but the check character does not match. Some early
    /// codes are like this and still legal, so this is a warning.
    CheckFailed,
    /// Not 18 characters from the alphabet.
    Malformed,
}

/// Checks a 统一社会信用代码 (upper case, as issued).
pub fn check_credit_code(code: &str) -> CreditCodeStatus {
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return CreditCodeStatus::Malformed;
    }
    if !bytes.iter().all(|b| CREDIT_CODE_ALPHABET.contains(b)) {
        return CreditCodeStatus::Malformed;
    }
    let check = credit_code_check_char(&bytes[..17]);
    if check == bytes.get(17).copied() {
        CreditCodeStatus::Valid
    } else {
        CreditCodeStatus::CheckFailed
    }
}

/// The GB 32100 check character for the first 17 characters of a code, or
/// `None` when they are not 17 characters of the alphabet.
pub fn credit_code_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in first17.iter().zip(WEIGHTS) {
        sum += CREDIT_CODE_ALPHABET.iter().position(|c| c == b)? as u32 * w;
    }
    CREDIT_CODE_ALPHABET.get(((31 - sum % 31) % 31) as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_example_and_failures() {
        assert_eq!(check_credit_code("91350100M000100Y43"), CreditCodeStatus::Valid);
        assert_eq!(check_credit_code("91350100M000100Y44"), CreditCodeStatus::CheckFailed);
        assert_eq!(check_credit_code("91350100M000100Y4"), CreditCodeStatus::Malformed);
        assert_eq!(check_credit_code("91350100M000100YI3"), CreditCodeStatus::Malformed);
        assert_eq!(check_credit_code("91350100m000100Y43"), CreditCodeStatus::Malformed);
        assert_eq!(credit_code_check_char(b"91350100M000100Y4"), Some(b'3'));
        assert_eq!(credit_code_check_char(b"91350100M000100I4"), None);
        assert_eq!(check_credit_code("统一社会信用代码"), CreditCodeStatus::Malformed);
    }
}
