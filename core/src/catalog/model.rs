//! The catalog document format, version 2 (`docs/catalog-format.md`,
//! `schema/catalog.schema.json`).
//!
//! These are the *interchange* types: what a catalog file, a delta and an API
//! result look like. The loaded, indexed form is built from them.
//! Enum values are English snake_case; the Chinese labels of the catalog
//! standard (GB/T 21063.3) are accepted as aliases when reading.

use serde::{Deserialize, Serialize};

/// The `format` marker of a catalog document.
pub const CATALOG_FORMAT: &str = "govshare-catalog";
/// The `format` marker of a delta document.
pub const DELTA_FORMAT: &str = "govshare-catalog-delta";
/// The document format version this build writes (catalogs and deltas).
pub const FORMAT_VERSION: u32 = 2;
/// The oldest document format version this build reads. Version 1 documents
/// load unchanged; the fields version 2 added (`security_level`,
/// `sharing.scope`, `sharing.purpose`, `sharing.legal_basis`) are unknown
/// fields in them.
pub const MIN_FORMAT_VERSION: u32 = 1;

/// A whole catalog document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogDocument {
    /// Always [`CATALOG_FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build; 1 is also read.
    pub format_version: u32,
    pub catalog: CatalogInfo,
    pub resources: Vec<Resource>,
}

/// Which catalog this is, and at which version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CatalogInfo {
    /// Short stable id, e.g. `national` or `zhejiang`; hits name it.
    pub id: String,
    /// Human name, e.g. `国家政务数据目录`.
    pub name: String,
    /// Monotonic version; deltas name the version they apply to.
    pub version: u64,
    /// Publication date of this version, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// One data resource (信息资源) with its core metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Resource {
    /// 信息资源代码: classification code + "/" + sequence, e.g. `101001/00001`.
    pub code: String,
    /// 信息资源分类: 类 (1 digit) 项 (2) 目 (3) 细目 (variable), e.g. `101001`.
    /// Empty when missing (a lint finding, not a load error).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub classification: String,
    /// 信息资源名称 (≤ 50 characters). Empty when missing.
    #[serde(default)]
    pub name: String,
    /// 提供方: the providing department's name. Empty when missing.
    #[serde(default)]
    pub provider: String,
    /// 提供方代码: the provider's 统一社会信用代码. Empty when missing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_code: String,
    /// 信息资源摘要 (≤ 256 characters). Empty when missing.
    #[serde(rename = "abstract", default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// 信息资源格式; `None` when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ResourceFormat>,
    /// 信息项: the data items. Empty when missing.
    #[serde(default)]
    pub items: Vec<DataItem>,
    /// The resource's level under GB/T 43697-2024 (核心/重要/一般数据),
    /// beside the items' 1–4 grades; part of 数据分类分级 (Decree No. 809
    /// Art. 13). Format version 2; `None` when missing (a lint finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_level: Option<SecurityLevel>,
    /// 共享属性.
    pub sharing: Sharing,
    /// 开放属性.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<OpenAttribute>,
    /// 更新周期; `None` when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_cycle: Option<UpdateCycle>,
    /// 发布日期, `YYYY-MM-DD`. Empty when missing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub published: String,
    /// 关联资源代码.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

/// One data item (信息项) of a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DataItem {
    /// 信息项名称, e.g. `统一社会信用代码`.
    pub name: String,
    /// 数据类型.
    #[serde(rename = "type")]
    pub data_type: ItemType,
    /// 数据长度 (characters or digits); absent for unbounded types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Grade 1–4 (L1 不敏感 … L4 敏感).
    pub grade: u8,
    /// The provider is the authoritative source of this item (一数一源).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authoritative: bool,
    /// The personal-information kind, when the item holds one; the masking
    /// module derives default rules from it (e.g. `cn_resident_id`, `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pi_kind: Option<String>,
    /// The item's identifier class (GB/T 37964-2019 §3.6): direct
    /// identifier, quasi-identifier, sensitive attribute or other. Format
    /// version 2. When absent, [`IdentifierClass::default_for`] derives it
    /// from `pi_kind`; [`DataItem::identifier_class`] gives the effective one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub identifier_class: Option<IdentifierClass>,
}

impl DataItem {
    /// The stated identifier class, else the default for its `pi_kind`.
    pub fn effective_identifier_class(&self) -> IdentifierClass {
        self.identifier_class.unwrap_or_else(|| IdentifierClass::default_for(self.pi_kind.as_deref()))
    }
}

/// The class of a data item for de-identification (GB/T 37964-2019 §3.6;
/// GB/T 42460-2023 evaluates with the k-anonymity model over the
/// quasi-identifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum IdentifierClass {
    /// 直接标识符: identifies a person alone (name, ID number, phone…); must
    /// be masked.
    #[serde(alias = "直接标识符")]
    Direct,
    /// 准标识符: identifies in combination (birth date, sex, district…);
    /// k-anonymity is computed over these.
    #[serde(alias = "准标识符")]
    Quasi,
    /// 敏感属性: what must not be learnt about a person (diagnosis,
    /// income…); ℓ-diversity is computed for these.
    #[serde(alias = "敏感属性")]
    Sensitive,
    /// 其他属性: none of the above.
    #[serde(alias = "其他属性", alias = "其他")]
    Other,
}

impl IdentifierClass {
    /// The default class of an item from its `pi_kind` (documented in
    /// docs/catalog-format.md and docs/masking.md):
    ///
    /// - no `pi_kind` → `other` (not personal information), and
    ///   `cn_uscc` → `other` (an organization's public code);
    /// - `name`, `cn_resident_id`, `cn_mobile`, `cn_landline`, `bank_card`,
    ///   `email`, `cn_passport`, `cn_hk_macau_permit`, `cn_plate` →
    ///   `direct` (each identifies a person alone, GB/T 37964-2019 §3.6);
    /// - `birth_date`, `age`, `address`, `sex`, `gender`, `ethnicity`,
    ///   `postcode`, `workplace`, `occupation` → `quasi`;
    /// - any other kind → `quasi`: a personal kind this build does not know
    ///   is counted in the k-anonymity check, which fails when it singles
    ///   people out; as `direct` it would only be looked at by the
    ///   identifier detectors, which may find nothing (fail closed).
    ///
    /// Sensitive attributes are never a default: a catalog states them.
    pub fn default_for(pi_kind: Option<&str>) -> IdentifierClass {
        match pi_kind {
            None | Some("cn_uscc") => IdentifierClass::Other,
            Some(
                "name" | "cn_resident_id" | "cn_mobile" | "cn_landline" | "bank_card" | "email"
                | "cn_passport" | "cn_hk_macau_permit" | "cn_plate",
            ) => IdentifierClass::Direct,
            Some(_) => IdentifierClass::Quasi,
        }
    }
}

/// 共享属性: type, conditions (or the reason of a refusal), scope and
/// purpose (conditional), legal basis (not shared), and modes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Sharing {
    #[serde(rename = "type")]
    pub sharing_type: SharingType,
    /// 共享条件 / 使用条件: for conditional, the conditions of use; for
    /// not-shared, the reason of the refusal (Art. 15); for unconditional,
    /// may be `无条件`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    /// 共享范围: the departments a conditional entry is shared with
    /// (Decree No. 809 Art. 15). Format version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// 使用用途: the purposes of use a conditional entry is shared for
    /// (Art. 15). Format version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The law, administrative regulation or State Council decision that
    /// forbids sharing a not-shared entry (Art. 14(3), Art. 15). Format
    /// version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalBasis>,
    /// 共享方式.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<SharingMode>,
}

/// The legal basis of a not-shared entry (不予共享的依据).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LegalBasis {
    /// Its rank; only a law, an administrative regulation or a State Council
    /// decision can make an entry not shared (Art. 14(3)).
    pub kind: LegalBasisKind,
    /// Its title, e.g. `中华人民共和国居民身份证法`.
    pub title: String,
    /// The article relied on, e.g. `第十九条`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// The rank of a legal basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LegalBasisKind {
    /// 法律.
    #[serde(alias = "法律")]
    Law,
    /// 行政法规.
    #[serde(alias = "行政法规")]
    AdministrativeRegulation,
    /// 国务院决定.
    #[serde(alias = "国务院决定")]
    StateCouncilDecision,
    /// Anything of lower rank (a departmental rule, a policy document…):
    /// no longer enough to refuse sharing (Art. 14(3)).
    #[serde(alias = "其他")]
    Other,
}

/// 数据安全级别 under GB/T 43697-2024 (数据安全技术 数据分类分级规则).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SecurityLevel {
    /// 核心数据.
    #[serde(alias = "核心数据", alias = "核心")]
    Core,
    /// 重要数据.
    #[serde(alias = "重要数据", alias = "重要")]
    Important,
    /// 一般数据.
    #[serde(alias = "一般数据", alias = "一般")]
    General,
}

/// 开放属性.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OpenAttribute {
    #[serde(rename = "type")]
    pub open_type: OpenType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
}

/// 共享类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SharingType {
    #[serde(alias = "无条件共享")]
    Unconditional,
    #[serde(alias = "有条件共享")]
    Conditional,
    #[serde(alias = "不予共享", alias = "not-shared")]
    NotShared,
}

/// 开放类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum OpenType {
    #[serde(alias = "无条件开放")]
    Unconditional,
    #[serde(alias = "有条件开放")]
    Conditional,
    #[serde(alias = "不予开放")]
    NotOpen,
}

/// 共享方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SharingMode {
    #[serde(alias = "系统对接")]
    SystemIntegration,
    #[serde(alias = "联机查询")]
    OnlineQuery,
    #[serde(alias = "在线浏览")]
    OnlineBrowse,
    #[serde(alias = "调用在线服务")]
    OnlineService,
    #[serde(alias = "下载")]
    Download,
    #[serde(alias = "拷贝")]
    Copy,
    #[serde(alias = "其他")]
    Other,
    /// 服务接口 (Decree No. 809 Art. 22).
    #[serde(alias = "服务接口")]
    ServiceInterface,
    /// 批量交换 (Art. 22).
    #[serde(alias = "批量交换")]
    BulkExchange,
    /// 文件下载 (Art. 22).
    #[serde(alias = "文件下载")]
    FileDownload,
    /// 库表 (database-table exchange, in local standards).
    #[serde(alias = "库表")]
    TableExchange,
}

impl SharingMode {
    /// The 2017 guide's modes a decree-vocabulary mode (Art. 22, and the
    /// local 库表) stands for: our documented equivalence (docs/decree.md).
    /// Empty for the guide's own modes.
    pub fn guide_equivalents(self) -> &'static [SharingMode] {
        use SharingMode::*;
        match self {
            ServiceInterface => &[SystemIntegration, OnlineQuery, OnlineService],
            BulkExchange | TableExchange => &[SystemIntegration, Copy],
            FileDownload => &[Download],
            SystemIntegration | OnlineQuery | OnlineBrowse | OnlineService | Download | Copy | Other => &[],
        }
    }

    /// Whether a catalog offering `offered` serves an application asking for
    /// `self`: the same mode, or a decree mode and a guide mode it stands
    /// for (either way round). Two guide modes are never equivalent, so no
    /// application valid under the guide alone is refused for vocabulary.
    pub fn is_offered_by(self, offered: &[SharingMode]) -> bool {
        offered.iter().any(|&o| {
            o == self || self.guide_equivalents().contains(&o) || o.guide_equivalents().contains(&self)
        })
    }
}

/// 更新周期.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum UpdateCycle {
    #[serde(alias = "实时")]
    Realtime,
    #[serde(alias = "每日")]
    Daily,
    #[serde(alias = "每周")]
    Weekly,
    #[serde(alias = "每月")]
    Monthly,
    #[serde(alias = "每季度")]
    Quarterly,
    #[serde(alias = "每年")]
    Yearly,
}

/// 信息资源格式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ResourceFormat {
    #[serde(alias = "电子文件")]
    File,
    #[serde(alias = "电子表格")]
    Spreadsheet,
    #[serde(alias = "数据库")]
    Database,
    #[serde(alias = "图形图像")]
    Image,
    #[serde(alias = "流媒体")]
    Stream,
    #[serde(alias = "自描述格式")]
    SelfDescribing,
    #[serde(alias = "服务接口")]
    Service,
}

/// 数据类型 of a data item, by the standard's one-letter codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ItemType {
    /// C: characters
    C,
    /// N: number
    N,
    /// Y: currency
    Y,
    /// D: date
    D,
    /// T: date-time
    T,
    /// L: logical
    L,
    /// M: memo
    M,
    /// G: general
    G,
    /// B: binary
    B,
    /// I: image
    I,
    /// F: file
    F,
}

/// A delta document: changes from `base_version` to `new_version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeltaDocument {
    /// Always [`DELTA_FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this build; 1 is also read (its
    /// resources without the version 2 fields).
    pub format_version: u32,
    /// The id of the catalog it applies to.
    pub catalog: String,
    pub base_version: u64,
    pub new_version: u64,
    pub changes: Vec<DeltaChange>,
}

/// One change of a delta.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeltaChange {
    /// A new resource; its code must not exist yet.
    Add { resource: Resource },
    /// A new version of an existing resource (same code).
    Replace { resource: Resource },
    /// The resource is withdrawn (撤销) from the catalog.
    Withdraw {
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

/// Stable numbering, snake_case value and Chinese label of the closed
/// vocabularies, used by the compact store, the snapshot and facets.
macro_rules! vocabulary {
    ($ty:ident { $($variant:ident = $value:literal, $zh:literal;)* }) => {
        impl $ty {
            /// Every value, in the order of their stable numbers.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The value as written in a document (English snake_case).
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $value),* }
            }

            /// The label of the catalog standard.
            pub fn label_zh(self) -> &'static str {
                match self { $($ty::$variant => $zh),* }
            }

            /// The stable number (position in [`Self::ALL`]); the store and the
            /// snapshot keep this, so never reorder the variants.
            pub(crate) fn to_u8(self) -> u8 {
                Self::ALL.iter().position(|v| *v == self).map_or(0, |p| p as u8)
            }

            pub(crate) fn from_u8(n: u8) -> Option<Self> {
                Self::ALL.get(usize::from(n)).copied()
            }
        }

        impl std::str::FromStr for $ty {
            type Err = crate::Error;
            /// Strict: the snake_case name only (an unknown one is `invalid_argument`).
            fn from_str(s: &str) -> Result<Self, crate::Error> {
                $ty::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| crate::Error::InvalidArgument {
                    name: stringify!($ty).into(),
                    detail: format!("expected one of {}", [$($value),*].join(", ")),
                })
            }
        }
    };
}

vocabulary!(SharingType {
    Unconditional = "unconditional", "无条件共享";
    Conditional = "conditional", "有条件共享";
    NotShared = "not_shared", "不予共享";
});
vocabulary!(OpenType {
    Unconditional = "unconditional", "无条件开放";
    Conditional = "conditional", "有条件开放";
    NotOpen = "not_open", "不予开放";
});
vocabulary!(SharingMode {
    SystemIntegration = "system_integration", "系统对接";
    OnlineQuery = "online_query", "联机查询";
    OnlineBrowse = "online_browse", "在线浏览";
    OnlineService = "online_service", "调用在线服务";
    Download = "download", "下载";
    Copy = "copy", "拷贝";
    Other = "other", "其他";
    ServiceInterface = "service_interface", "服务接口";
    BulkExchange = "bulk_exchange", "批量交换";
    FileDownload = "file_download", "文件下载";
    TableExchange = "table_exchange", "库表";
});
vocabulary!(LegalBasisKind {
    Law = "law", "法律";
    AdministrativeRegulation = "administrative_regulation", "行政法规";
    StateCouncilDecision = "state_council_decision", "国务院决定";
    Other = "other", "其他";
});
vocabulary!(SecurityLevel {
    Core = "core", "核心数据";
    Important = "important", "重要数据";
    General = "general", "一般数据";
});
vocabulary!(IdentifierClass {
    Direct = "direct", "直接标识符";
    Quasi = "quasi", "准标识符";
    Sensitive = "sensitive", "敏感属性";
    Other = "other", "其他属性";
});
vocabulary!(UpdateCycle {
    Realtime = "realtime", "实时";
    Daily = "daily", "每日";
    Weekly = "weekly", "每周";
    Monthly = "monthly", "每月";
    Quarterly = "quarterly", "每季度";
    Yearly = "yearly", "每年";
});
vocabulary!(ResourceFormat {
    File = "file", "电子文件";
    Spreadsheet = "spreadsheet", "电子表格";
    Database = "database", "数据库";
    Image = "image", "图形图像";
    Stream = "stream", "流媒体";
    SelfDescribing = "self_describing", "自描述格式";
    Service = "service", "服务接口";
});
vocabulary!(ItemType {
    C = "C", "字符型";
    N = "N", "数值型";
    Y = "Y", "货币型";
    D = "D", "日期型";
    T = "T", "日期时间型";
    L = "L", "逻辑型";
    M = "M", "备注型";
    G = "G", "通用型";
    B = "B", "二进制";
    I = "I", "图像";
    F = "F", "文件";
});
