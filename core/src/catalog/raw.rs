//! Borrowed mirrors of the model types, for loading without an allocation
//! per string: a million-resource catalog has tens of millions of strings.
//!
//! They accept exactly what [`super::model::Resource`] accepts (same field
//! names, defaults, aliases and `deny_unknown_fields`); the tests check the
//! two agree. Strings borrow from the input unless they contain escapes.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;

use super::model::*;

/// A string borrowed from the input when possible.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Str<'a>(pub(crate) Cow<'a, str>);

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Str(Cow::Borrowed(s))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawResource<'a> {
    #[serde(borrow)]
    pub(crate) code: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) classification: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) name: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) provider: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) provider_code: Str<'a>,
    #[serde(borrow, default, rename = "abstract")]
    pub(crate) summary: Str<'a>,
    #[serde(default)]
    pub(crate) format: Option<ResourceFormat>,
    #[serde(borrow, default)]
    pub(crate) items: Vec<RawItem<'a>>,
    #[serde(default)]
    pub(crate) security_level: Option<SecurityLevel>,
    #[serde(borrow)]
    pub(crate) sharing: RawSharing<'a>,
    #[serde(borrow, default)]
    pub(crate) open: Option<RawOpen<'a>>,
    #[serde(default)]
    pub(crate) update_cycle: Option<UpdateCycle>,
    #[serde(borrow, default)]
    pub(crate) published: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) related: Vec<Str<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem<'a> {
    #[serde(borrow)]
    pub(crate) name: Str<'a>,
    #[serde(rename = "type")]
    pub(crate) data_type: ItemType,
    #[serde(default)]
    pub(crate) length: Option<u32>,
    pub(crate) grade: u8,
    #[serde(default)]
    pub(crate) authoritative: bool,
    #[serde(borrow, default)]
    pub(crate) pi_kind: Option<Str<'a>>,
    #[serde(default)]
    pub(crate) identifier_class: Option<IdentifierClass>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSharing<'a> {
    #[serde(rename = "type")]
    pub(crate) sharing_type: SharingType,
    #[serde(borrow, default)]
    pub(crate) conditions: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(crate) scope: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(crate) purpose: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub(crate) legal_basis: Option<RawLegalBasis<'a>>,
    #[serde(default)]
    pub(crate) modes: Vec<SharingMode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLegalBasis<'a> {
    pub(crate) kind: LegalBasisKind,
    #[serde(borrow)]
    pub(crate) title: Str<'a>,
    #[serde(borrow, default)]
    pub(crate) article: Option<Str<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOpen<'a> {
    #[serde(rename = "type")]
    pub(crate) open_type: OpenType,
    #[serde(borrow, default)]
    pub(crate) conditions: Option<Str<'a>>,
}

/// What format version 1 allowed in a resource: only used, after a resource
/// of a version 1 document parsed, to report a version 2 field in it as the
/// unknown field it is there (with serde's path and position).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ResourceV1 {
    code: IgnoredAny,
    classification: Option<IgnoredAny>,
    name: Option<IgnoredAny>,
    provider: Option<IgnoredAny>,
    provider_code: Option<IgnoredAny>,
    #[serde(rename = "abstract")]
    summary: Option<IgnoredAny>,
    format: Option<IgnoredAny>,
    items: Option<Vec<ItemV1>>,
    sharing: SharingV1,
    open: Option<IgnoredAny>,
    update_cycle: Option<IgnoredAny>,
    published: Option<IgnoredAny>,
    related: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ItemV1 {
    name: IgnoredAny,
    #[serde(rename = "type")]
    data_type: IgnoredAny,
    length: Option<IgnoredAny>,
    grade: IgnoredAny,
    authoritative: Option<IgnoredAny>,
    pi_kind: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SharingV1 {
    #[serde(rename = "type")]
    sharing_type: IgnoredAny,
    conditions: Option<IgnoredAny>,
    modes: Option<IgnoredAny>,
}

/// What format version 1 allowed in a delta (see [`ResourceV1`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct DeltaV1 {
    format: IgnoredAny,
    format_version: IgnoredAny,
    catalog: IgnoredAny,
    base_version: IgnoredAny,
    new_version: IgnoredAny,
    changes: Vec<ChangeV1>,
}

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)]
enum ChangeV1 {
    Add { resource: ResourceV1 },
    Replace { resource: ResourceV1 },
    Withdraw { code: IgnoredAny, reason: Option<IgnoredAny> },
}

impl<'a> RawResource<'a> {
    /// Whether it uses a field format version 1 does not have.
    pub(crate) fn has_v2_fields(&self) -> bool {
        self.security_level.is_some()
            || self.sharing.scope.is_some()
            || self.sharing.purpose.is_some()
            || self.sharing.legal_basis.is_some()
            || self.items.iter().any(|i| i.identifier_class.is_some())
    }

    /// A borrowed view of a model resource.
    pub(crate) fn from_model(r: &'a Resource) -> Self {
        let s = |v: &'a String| Str::from(v.as_str());
        RawResource {
            code: s(&r.code),
            classification: s(&r.classification),
            name: s(&r.name),
            provider: s(&r.provider),
            provider_code: s(&r.provider_code),
            summary: s(&r.summary),
            format: r.format,
            items: r
                .items
                .iter()
                .map(|i| RawItem {
                    name: s(&i.name),
                    data_type: i.data_type,
                    length: i.length,
                    grade: i.grade,
                    authoritative: i.authoritative,
                    pi_kind: i.pi_kind.as_ref().map(s),
                    identifier_class: i.identifier_class,
                })
                .collect(),
            security_level: r.security_level,
            sharing: RawSharing {
                sharing_type: r.sharing.sharing_type,
                conditions: r.sharing.conditions.as_ref().map(s),
                scope: r.sharing.scope.as_ref().map(s),
                purpose: r.sharing.purpose.as_ref().map(s),
                legal_basis: r.sharing.legal_basis.as_ref().map(|b| RawLegalBasis {
                    kind: b.kind,
                    title: s(&b.title),
                    article: b.article.as_ref().map(s),
                }),
                modes: r.sharing.modes.clone(),
            },
            open: r
                .open
                .as_ref()
                .map(|o| RawOpen { open_type: o.open_type, conditions: o.conditions.as_ref().map(s) }),
            update_cycle: r.update_cycle,
            published: s(&r.published),
            related: r.related.iter().map(s).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_model_accept_the_same_documents() {
        let docs = [
            r#"{"code":"1/1","sharing":{"type":"有条件共享"}}"#,
            r#"{"code":"1/1","name":"a\"b","items":[{"name":"姓名","type":"C","grade":2,"pi_kind":"name"}],"sharing":{"type":"unconditional","modes":["下载"]},"open":{"type":"不予开放"},"related":["x"]}"#,
            r#"{"code":"1/1","sharing":{"type":"unconditional"},"colour":1}"#,
            r#"{"code":"1/1","sharing":{"type":"bad"}}"#,
            r#"{"code":"1/1","items":[{"name":"a","type":"C"}],"sharing":{"type":"unconditional"}}"#,
            r#"{"name":"x","sharing":{"type":"unconditional"}}"#,
            r#"{"code":"1/1","abstract":"s","format":"服务接口","update_cycle":"每日","sharing":{"type":"not_shared","conditions":"依据"}}"#,
            r#"{"code":"1/1","security_level":"重要数据","sharing":{"type":"conditional","conditions":"c","scope":"s","purpose":"p","modes":["服务接口"]}}"#,
            r#"{"code":"1/1","security_level":"核心","sharing":{"type":"不予共享","conditions":"r","legal_basis":{"kind":"法律","title":"t","article":"第十九条"}}}"#,
            r#"{"code":"1/1","security_level":"secret","sharing":{"type":"unconditional"}}"#,
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"policy","title":"t"}}}"#,
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"law"}}}"#,
            r#"{"code":"1/1","sharing":{"type":"not_shared","legal_basis":{"kind":"law","title":"t","year":1}}}"#,
            r#"{"code":"1/1","sharing":{"type":"conditional","scope":7}}"#,
            r#"{"code":"1/1","sharing":{"type":"conditional","scope":"a","scope":"b"}}"#,
        ];
        for d in docs {
            let raw = serde_json::from_str::<RawResource<'_>>(d);
            let model = serde_json::from_str::<Resource>(d);
            assert_eq!(raw.is_ok(), model.is_ok(), "{d}");
            if let (Ok(raw), Ok(model)) = (raw, model) {
                let again = RawResource::from_model(&model);
                assert_eq!(
                    format!("{raw:?}").replace("Owned", "Borrowed"),
                    format!("{again:?}").replace("Owned", "Borrowed")
                );
            }
        }
    }
}
