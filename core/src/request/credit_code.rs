//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol set, the
//! last a check character over the first 17.

/// The code's alphabet; a symbol's value is its position.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
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
    let mut values = [0u32; 18];
    for (slot, b) in values.iter_mut().zip(bytes) {
        match CHARSET.iter().position(|c| c == b) {
            Some(v) => *slot = v as u32,
            None => return CreditCodeStatus::Malformed,
        }
    }
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values.get(17) == Some(&check) {
        CreditCodeStatus::Valid
    } else {
        CreditCodeStatus::CheckFailed
    }
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
    }
}
