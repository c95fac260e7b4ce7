//! Check characters of Chinese identifiers, in one place so that catalog lint,
//! request validation, the sample generator and the mask detectors agree.
//!
//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol set, the
//! last a check character over the first 17.
//!
//! 公民身份号码 (GB 11643-1999): 17 digits and a MOD 11-2 check character.

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

const RESIDENT_ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character (`0`–`9` or `X`) of the first 17 digits of
/// a resident ID, or `None` when they are not 17 ASCII digits.
pub fn resident_id_check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17.iter().zip(RESIDENT_ID_WEIGHTS).map(|(c, w)| u32::from(c - b'0') * w).sum();
    RESIDENT_ID_CHECK.get((sum % 11) as usize).copied()
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

    #[test]
    fn resident_id_examples_of_gb_11643() {
        assert_eq!(resident_id_check_char(b"11010519491231002"), Some(b'X'));
        assert_eq!(resident_id_check_char(b"44052418800101001"), Some(b'4'));
        assert_eq!(resident_id_check_char(b"4405241880010100"), None);
        assert_eq!(resident_id_check_char(b"4405241880010100X"), None);
    }
}
