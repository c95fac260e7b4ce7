//! Stable snake_case names of closed enums, the one way to read and write
//! them outside serde (issue #12: `as_str`/`FromStr` rather than serde round
//! trips). `named_enum!` gives a unit enum `ALL`, `as_str` and a strict
//! `FromStr` (an unknown name is `invalid_argument` listing the accepted
//! ones); a test in each module checks the names equal serde's.

/// `named_enum!(Type, "what it is" { Variant = "name", … })`.
macro_rules! named_enum {
    ($ty:ident, $what:literal { $($variant:ident = $value:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The value's stable snake_case name (as in JSON).
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $value),+ }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, crate::Error> {
                $ty::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| crate::Error::InvalidArgument {
                    name: $what.into(),
                    detail: format!("expected one of {}", [$($value),+].join(", ")),
                })
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use named_enum;

/// Test helper: every `ALL` value's `as_str` is its serde name.
#[cfg(test)]
pub(crate) fn assert_names_match_serde<T: serde::Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
    for v in all {
        assert_eq!(
            serde_json::to_value(v).expect("serializes"),
            serde_json::Value::String(as_str(*v).into())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::assert_names_match_serde;
    use crate::catalog::model::{
        ItemType, LegalBasisKind, OpenType, ResourceFormat, SecurityLevel, SharingMode, SharingType,
        UpdateCycle,
    };
    use crate::request::application::FrequencyKind;

    #[test]
    fn every_name_is_the_one_serde_writes_and_reads_back() {
        assert_names_match_serde(SharingType::ALL, SharingType::as_str);
        assert_names_match_serde(OpenType::ALL, OpenType::as_str);
        assert_names_match_serde(SharingMode::ALL, SharingMode::as_str);
        assert_names_match_serde(LegalBasisKind::ALL, LegalBasisKind::as_str);
        assert_names_match_serde(SecurityLevel::ALL, SecurityLevel::as_str);
        assert_names_match_serde(UpdateCycle::ALL, UpdateCycle::as_str);
        assert_names_match_serde(ResourceFormat::ALL, ResourceFormat::as_str);
        assert_names_match_serde(ItemType::ALL, ItemType::as_str);
        assert_names_match_serde(FrequencyKind::ALL, FrequencyKind::as_str);
        for v in FrequencyKind::ALL {
            assert_eq!(v.as_str().parse::<FrequencyKind>().expect("reads back"), *v);
        }
        assert_eq!("OnDemand".parse::<FrequencyKind>().unwrap_err().code(), "invalid_argument");
        assert_eq!("on_demand ".parse::<FrequencyKind>().unwrap_err().code(), "invalid_argument");
        assert_eq!("无条件共享".parse::<SharingType>().unwrap_err().code(), "invalid_argument");
        assert_eq!("not_shared".parse::<SharingType>().expect("name"), SharingType::NotShared);
    }
}
