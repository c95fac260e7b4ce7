//! Deterministic sample catalogs: realistic Chinese government catalogs of any
//! size, for the demo, the examples, tests and benchmarks.
//!
//! The output depends only on [`SampleOptions`]: the generator has its own
//! PRNG (SplitMix64), draws from fixed tables, and never iterates a hash map,
//! so the same options give the same bytes on every platform and Rust
//! version. [`write_sample`] streams resource by resource, so a catalog of a
//! million resources (≈ 1.5 GB of JSON) never sits in memory.
//!
//! The document has one resource per line (the header on the first line,
//! `]}` on the last), which keeps the bundled samples diff-friendly and lets
//! tools read huge catalogs line by line; it is an ordinary catalog document.
//!
//! What a generated catalog contains:
//! - providers: ~40 national departments (公安部, 国家市场监督管理总局, 民政部 …)
//!   or, with [`SampleOptions::province`], their provincial counterparts
//!   (浙江省公安厅 …), each with a stable generated 统一社会信用代码 (GB 32100
//!   check character correct, registration class `11` = 机关, the
//!   administrative division of the level, and a GB 11714 organization code);
//! - the five base libraries (人口, 法人, 自然资源和空间地理, 社会信用, 电子证照)
//!   as the first five resources, with codes `101001/00001` … `105001/00001`
//!   in every catalog, so a national and a provincial sample always share
//!   these codes (on purpose: multi-catalog conflict reporting has something
//!   to show);
//! - then resources of random departments: names from `{地区}{对象}{后缀}`,
//!   abstracts of 2–4 sentence templates (≤ 256 chars), classification
//!   基础 (1) / 主题 (2) / 部门 (3) with 项 and 目, codes unique per catalog
//!   (a provincial catalog numbers from e.g. 33001, so that only the base
//!   libraries' codes coincide with the national ones),
//!   5–30 data items (uniform) from a vocabulary of ~420 item names with fixed
//!   type, length, grade and `pi_kind`; an item is `authoritative` only in
//!   resources of the one department that owns it (一数一源 holds);
//! - sharing ≈ 50 % unconditional, 40 % conditional (with conditions, scope
//!   and purpose of use), 10 % not shared (with a reason and a legal basis
//!   of the rank Decree No. 809 Art. 14(3) requires), modes, open attribute,
//!   update cycle, format, publication dates 2019-01-01 … 2026-06-28, some
//!   related codes;
//! - a GB/T 43697 security level: 重要数据 when an item is graded 4, else
//!   一般数据 (format version 2).
//!
//! With [`SampleOptions::with_findings`] the generator also injects the lint
//! problems listed by [`injected_findings`] at known resource positions.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::model::{
    CatalogInfo, DataItem, ItemType, LegalBasis, LegalBasisKind, OpenAttribute, OpenType, Resource,
    ResourceFormat, SecurityLevel, Sharing, SharingMode, SharingType, UpdateCycle, CATALOG_FORMAT,
    FORMAT_VERSION,
};
use crate::identifiers::{credit_code_check_char, CREDIT_CODE_ALPHABET};
use crate::{Error, Location};

/// Seed of the bundled national sample ([`default_sample`]).
pub const DEFAULT_SEED: u64 = 20_250_801;
/// Resource count of the bundled national sample.
pub const DEFAULT_RESOURCES: u64 = 200;
/// Seed of the bundled provincial sample ([`province_sample`]).
pub const PROVINCE_SEED: u64 = 20_240_330;
/// Resource count of the bundled provincial sample.
pub const PROVINCE_RESOURCES: u64 = 60;

/// What to generate. Plain data, so bindings can pass it as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SampleOptions {
    /// Number of resources.
    #[cfg_attr(feature = "uniffi", uniffi(default = 200))]
    pub resources: u64,
    /// PRNG seed; the same options always give the same bytes.
    #[cfg_attr(feature = "uniffi", uniffi(default = 20250801))]
    pub seed: u64,
    /// Inject the lint problems listed by [`injected_findings`].
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub with_findings: bool,
    /// `catalog.id` of the document.
    #[cfg_attr(feature = "uniffi", uniffi(default = "national"))]
    pub catalog_id: String,
    /// `catalog.name` of the document.
    #[cfg_attr(feature = "uniffi", uniffi(default = "国家政务数据目录"))]
    pub catalog_name: String,
    /// `None`: national departments. `Some("浙江省")`: that province's
    /// departments (the name of a provincial-level division, e.g. `北京市`).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub province: Option<String>,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            resources: DEFAULT_RESOURCES,
            seed: DEFAULT_SEED,
            with_findings: false,
            catalog_id: "national".to_string(),
            catalog_name: "国家政务数据目录".to_string(),
            province: None,
        }
    }
}

impl SampleOptions {
    /// A national catalog of `resources` resources.
    pub fn national(resources: u64, seed: u64) -> Self {
        SampleOptions { resources, seed, ..SampleOptions::default() }
    }

    /// The options of the bundled provincial sample: `zhejiang`,
    /// 浙江省公共数据目录, [`PROVINCE_RESOURCES`] resources.
    pub fn zhejiang() -> Self {
        SampleOptions {
            resources: PROVINCE_RESOURCES,
            seed: PROVINCE_SEED,
            with_findings: false,
            catalog_id: "zhejiang".to_string(),
            catalog_name: "浙江省公共数据目录".to_string(),
            province: Some("浙江省".to_string()),
        }
    }
}

/// One lint problem that `with_findings` injects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InjectedFinding {
    /// 0-based index of the resource in `resources`.
    pub resource_index: u64,
    /// The lint code the engine is expected to report for it.
    pub code: String,
    /// What was broken.
    pub detail: String,
}

/// The kinds of injected problems, in order: (lint code, what is broken).
const FINDINGS: [(&str, &str); 16] = [
    ("missing_metadata", "abstract is empty"),
    ("missing_metadata", "provider_code is empty"),
    ("malformed_code", "resource code has no '/' between classification and sequence"),
    ("malformed_code", "resource code starts with a letter"),
    ("malformed_provider_code", "provider_code has a wrong GB 32100 check character"),
    ("conditional_without_conditions", "conditional sharing without conditions"),
    ("not_shared_without_basis", "not shared without a legal basis"),
    (
        "authoritative_source_conflict",
        "an item is claimed authoritative by a second provider (the previous resource's provider owns it)",
    ),
    ("duplicate_code", "resource code repeats the previous resource's code"),
    ("name_too_long", "name longer than 50 characters"),
    ("duplicate_code", "resource code repeats the code of the first resource"),
    ("conditional_without_scope", "conditional sharing without a sharing scope"),
    ("conditional_without_purpose", "conditional sharing without a purpose of use"),
    ("not_shared_without_legal_basis", "not shared with a reason but without a legal basis"),
    ("legal_basis_insufficient_rank", "not shared on the basis of a departmental policy document"),
    ("missing_security_level", "no GB/T 43697 security level"),
];

/// Where `with_findings` puts its problems, in resource order.
///
/// With `n` resources and `k` = 16 kinds, kind `j` goes to resource
/// `(j + 1) · n / (k + 1)` — spread over the catalog, one kind per resource,
/// never the first resource (a conflict and a duplicate need an earlier
/// one). With fewer than 17 resources only the first `n − 1` kinds fit, at
/// resources 1 … n − 1. The produced lint codes are `missing_metadata` (×2),
/// `malformed_code` (×2), `malformed_provider_code`,
/// `conditional_without_conditions`, `not_shared_without_basis`,
/// `authoritative_source_conflict`, `duplicate_code` (×2), `name_too_long`,
/// `conditional_without_scope`, `conditional_without_purpose`,
/// `not_shared_without_legal_basis`, `legal_basis_insufficient_rank` and
/// `missing_security_level`.
/// `authoritative_source_conflict` is reported at every resource claiming
/// the item: the injected one and the true authority's. The resources with
/// a missing or wrong provider code claim no authority (to a linter they
/// are another provider, which would add conflicts). A clean sample (no
/// `with_findings`) lints without any finding.
pub fn injected_findings(opts: &SampleOptions) -> Vec<InjectedFinding> {
    if !opts.with_findings {
        return Vec::new();
    }
    let n = opts.resources;
    let k = FINDINGS.len() as u64;
    FINDINGS
        .iter()
        .enumerate()
        .filter_map(|(j, (code, detail))| {
            let j = j as u64;
            // In u128: `(j + 1) · n` must not overflow for any `n`.
            let index =
                if n > k { (u128::from(j + 1) * u128::from(n) / u128::from(k + 1)) as u64 } else { j + 1 };
            (index < n).then(|| InjectedFinding {
                resource_index: index,
                code: (*code).to_string(),
                detail: (*detail).to_string(),
            })
        })
        .collect()
}

/// The bundled national sample: [`DEFAULT_RESOURCES`] resources, seed
/// [`DEFAULT_SEED`]; `examples/data/sample-catalog.json` is this text.
pub fn default_sample() -> String {
    sample_json(&SampleOptions::default()).unwrap_or_default()
}

/// The bundled provincial sample ([`SampleOptions::zhejiang`]);
/// `examples/data/sample-province.json` is this text.
pub fn province_sample() -> String {
    sample_json(&SampleOptions::zhejiang()).unwrap_or_default()
}

/// The sample catalog as a string; for small sizes (the whole text is in
/// memory). Fails with `invalid_value` for an unknown province.
pub fn sample_json(opts: &SampleOptions) -> crate::Result<String> {
    let mut out = Vec::new();
    match write_sample(opts, &mut out) {
        Ok(()) => Ok(String::from_utf8_lossy(&out).into_owned()),
        Err(e) => Err(Error::InvalidValue { location: Location::path("$.province"), detail: e.to_string() }),
    }
}

/// Streams the sample catalog to `out`, one resource at a time (buffered
/// internally). Fails with [`io::ErrorKind::InvalidInput`] for an unknown
/// province, or with the writer's error.
pub fn write_sample<W: Write>(opts: &SampleOptions, out: W) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut gen = Generator::new(opts)?;
    let info = CatalogInfo {
        id: opts.catalog_id.clone(),
        name: opts.catalog_name.clone(),
        version: 1,
        published: Some(CATALOG_PUBLISHED.to_string()),
    };
    write!(out, "{{\"format\":\"{CATALOG_FORMAT}\",\"format_version\":{FORMAT_VERSION},\"catalog\":")?;
    serde_json::to_writer(&mut out, &info)?;
    out.write_all(b",\"resources\":[")?;
    for index in 0..opts.resources {
        out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
        let resource = gen.resource(index);
        serde_json::to_writer(&mut out, &resource)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()
}

/// The words the generator draws from, for building query sets (benchmarks,
/// demos). Lists are in table order, without duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleVocabulary {
    /// The national departments, with the words of their resources.
    pub departments: Vec<SampleDepartment>,
    /// Subjects: the base libraries and the themes (人口, 社会保障 …).
    pub subjects: Vec<String>,
    /// Objects that resource names are built from (户籍人口, 机动车 …).
    pub topics: Vec<String>,
    /// All data item names.
    pub item_names: Vec<String>,
}

/// One national department of the generator and what its resources are
/// about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleDepartment {
    pub name: String,
    /// Its generated 统一社会信用代码.
    pub code: String,
    /// Objects its resource names are built from.
    pub topics: Vec<String>,
    /// Items it is the authoritative source of.
    pub items: Vec<String>,
}

/// See [`SampleVocabulary`].
pub fn vocabulary() -> SampleVocabulary {
    let mut topics: Vec<String> = Vec::new();
    for d in DEPTS {
        for o in d.objects {
            if !topics.iter().any(|t| t == o) {
                topics.push((*o).to_string());
            }
        }
    }
    let mut item_names: Vec<String> =
        DEPTS.iter().flat_map(|d| d.items.iter().map(|i| i.name.to_string())).collect();
    item_names.extend(COMMON_ITEMS.iter().map(|i| i.name.to_string()));
    SampleVocabulary {
        departments: DEPTS
            .iter()
            .enumerate()
            .map(|(i, d)| SampleDepartment {
                name: d.national.to_string(),
                code: department_code(NATIONAL_DIVISION, i),
                topics: d.objects.iter().map(|o| (*o).to_string()).collect(),
                items: d.items.iter().map(|it| it.name.to_string()).collect(),
            })
            .collect(),
        subjects: BASES.iter().chain(THEMES.iter()).map(|s| (*s).to_string()).collect(),
        topics,
        item_names,
    }
}

// ------------------------------------------------------------------ PRNG

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified,
/// so output never depends on a crate's version.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; `n` = 0 gives 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, X>(&mut self, xs: &'a [X]) -> &'a X {
        &xs[self.below(xs.len())]
    }

    /// Picks by weight; `xs` is non-empty with a positive total.
    fn weighted<X: Copy>(&mut self, xs: &[(X, usize)]) -> X {
        let total: usize = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(total);
        for &(x, w) in xs {
            if r < w {
                return x;
            }
            r -= w;
        }
        xs[0].0
    }
}

// ------------------------------------------------------------------ codes

/// A department's 统一社会信用代码: `11` (机关) + division + organization
/// code (8 digits + GB 11714 check) + GB 32100 check. Stable per
/// department and division, whatever the catalog seed.
fn department_code(division: &str, dept: usize) -> String {
    let mut rng = Rng(0x6B5F_1D2C_0000_0000 ^ ((dept as u64) << 24) ^ division_number(division));
    let mut body = format!("11{division}");
    let digits: Vec<u32> = (0..8).map(|_| rng.below(10) as u32).collect();
    let weighted: u32 = digits.iter().zip([3u32, 7, 9, 10, 5, 8, 4, 2]).map(|(d, w)| d * w).sum();
    let org_check = match 11 - weighted % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    };
    for d in &digits {
        body.push(char::from(b'0' + *d as u8));
    }
    body.push(org_check);
    // `body` is 17 digits (and at most one X), all in the GB 32100 alphabet.
    body.push(char::from(credit_code_check_char(body.as_bytes()).unwrap_or(b'0')));
    body
}

fn division_number(division: &str) -> u64 {
    division.bytes().fold(0u64, |acc, b| acc.wrapping_mul(10).wrapping_add(u64::from(b.wrapping_sub(b'0'))))
}

// ------------------------------------------------------------------ tables

/// Division part of national departments' codes (central level).
const NATIONAL_DIVISION: &str = "100000";

/// The catalog's own publication date (after every resource's).
const CATALOG_PUBLISHED: &str = "2026-07-01";

use ItemType::{C, D, F, I, L, M, N, T, Y};

/// One data item definition: name, type, length (0 = none), grade, pi_kind.
#[derive(Debug, Clone, Copy)]
struct Item {
    name: &'static str,
    ty: ItemType,
    len: u32,
    grade: u8,
    pi: &'static str,
}

const fn it(name: &'static str, ty: ItemType, len: u32, grade: u8, pi: &'static str) -> Item {
    Item { name, ty, len, grade, pi }
}

/// Whose records a department's resources are about.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Subject {
    Person,
    Org,
    Thing,
}

/// A department: its national and provincial name, its subjects, the
/// objects its resource names are built from, its duty (for abstracts), and
/// the items it is the authoritative source of.
#[derive(Debug)]
struct Dept {
    national: &'static str,
    /// `{p}` = province, `{s}` = its short name, `{c}` = its capital city.
    provincial: &'static str,
    /// 基础 项 (1–5, index into BASES + 1), 0 = none.
    base: u8,
    /// 主题 项 (1-based index into THEMES).
    theme: u8,
    subject: Subject,
    duty: &'static str,
    objects: &'static [&'static str],
    items: &'static [Item],
}

const BASES: [&str; 5] = ["人口", "法人", "自然资源和空间地理", "社会信用", "电子证照"];
const THEMES: [&str; 20] = [
    "社会保障",
    "医疗卫生",
    "教育",
    "交通",
    "税务",
    "市场监管",
    "婚姻登记",
    "不动产",
    "生态环境",
    "公共安全",
    "农业农村",
    "文化旅游",
    "应急管理",
    "住房保障",
    "社会救助",
    "知识产权",
    "对外贸易",
    "科技创新",
    "财政金融",
    "政务服务",
];

const POLICE: usize = 0;
const MARKET: usize = 2;
const NATURAL_RESOURCES: usize = 8;
const DEVELOPMENT: usize = 13;
const DATA_BUREAU: usize = 35;

/// Items every resource may carry; no department is their authority.
const COMMON_ITEMS: &[Item] = &[
    it("联系电话", C, 11, 3, "cn_mobile"),
    it("固定电话", C, 20, 2, "cn_landline"),
    it("电子邮箱", C, 100, 2, "email"),
    it("通讯地址", C, 200, 3, "address"),
    it("邮政编码", C, 6, 1, ""),
    it("经办机构", C, 100, 1, ""),
    it("经办人", C, 50, 2, "name"),
    it("办理日期", D, 8, 1, ""),
    it("办结时间", T, 14, 1, ""),
    it("办理状态", C, 10, 1, ""),
    it("有效期起始日期", D, 8, 1, ""),
    it("有效期截止日期", D, 8, 1, ""),
    it("数据来源", C, 100, 1, ""),
    it("数据更新时间", T, 14, 1, ""),
    it("备注", M, 0, 1, ""),
    it("审批事项名称", C, 200, 1, ""),
    it("申请人", C, 100, 2, "name"),
    it("申请日期", D, 8, 1, ""),
    it("受理编号", C, 32, 1, ""),
    it("附件", F, 0, 2, ""),
    it("现场照片", I, 0, 2, ""),
    it("记录标识", C, 64, 1, ""),
    it("是否有效", L, 1, 1, ""),
    it("所属区县", C, 50, 1, ""),
];

const DEPTS: &[Dept] = &[
    Dept {
        national: "公安部",
        provincial: "{p}公安厅",
        base: 1,
        theme: 10,
        subject: Subject::Person,
        duty: "户籍管理、居民身份证管理和道路交通安全管理",
        objects: &["户籍人口", "居民身份证", "户口迁移", "流动人口", "机动车", "机动车驾驶人", "交通违法"],
        items: &[
            it("姓名", C, 50, 3, "name"),
            it("公民身份号码", C, 18, 4, "cn_resident_id"),
            it("性别", C, 1, 2, ""),
            it("出生日期", D, 8, 3, "birth_date"),
            it("民族", C, 2, 2, ""),
            it("曾用名", C, 50, 3, "name"),
            it("籍贯", C, 100, 2, ""),
            it("户籍地址", C, 200, 3, "address"),
            it("户口类别", C, 2, 2, ""),
            it("户主姓名", C, 50, 3, "name"),
            it("与户主关系", C, 2, 2, ""),
            it("居民身份证有效期限", C, 20, 3, ""),
            it("居民身份证签发机关", C, 100, 1, ""),
            it("人像照片", I, 0, 4, ""),
            it("车牌号码", C, 8, 3, "cn_plate"),
            it("号牌种类", C, 2, 1, ""),
            it("车辆识别代号", C, 17, 3, ""),
            it("车辆品牌型号", C, 100, 1, ""),
            it("机动车所有人", C, 100, 3, "name"),
            it("驾驶证档案编号", C, 12, 3, ""),
            it("准驾车型", C, 10, 2, ""),
            it("违法行为代码", C, 5, 2, ""),
            it("违法时间", T, 14, 3, ""),
            it("居住证编号", C, 20, 3, ""),
        ],
    },
    Dept {
        national: "国家移民管理局",
        provincial: "{p}公安厅出入境管理局",
        base: 0,
        theme: 10,
        subject: Subject::Person,
        duty: "出入境管理和出入境证件签发",
        objects: &["出入境证件", "出入境记录", "外国人居留", "港澳台居民居住证"],
        items: &[
            it("护照号码", C, 9, 4, "cn_passport"),
            it("往来港澳通行证号码", C, 9, 3, "cn_hk_macau_permit"),
            it("往来台湾通行证号码", C, 9, 3, ""),
            it("出入境日期", D, 8, 3, ""),
            it("出入境口岸", C, 50, 2, ""),
            it("出入境类型", C, 2, 2, ""),
            it("签注种类", C, 10, 2, ""),
            it("外国人永久居留身份证号码", C, 18, 4, ""),
            it("国籍", C, 3, 2, ""),
            it("证件签发日期", D, 8, 2, ""),
        ],
    },
    Dept {
        national: "国家市场监督管理总局",
        provincial: "{p}市场监督管理局",
        base: 2,
        theme: 6,
        subject: Subject::Org,
        duty: "市场主体登记注册和市场监督管理",
        objects: &[
            "市场主体",
            "企业登记",
            "个体工商户",
            "食品经营许可",
            "特种设备",
            "行政处罚",
            "企业年度报告",
        ],
        items: &[
            it("统一社会信用代码", C, 18, 2, "cn_uscc"),
            it("企业名称", C, 200, 1, ""),
            it("法定代表人", C, 50, 2, "name"),
            it("注册资本", Y, 18, 1, ""),
            it("成立日期", D, 8, 1, ""),
            it("经营范围", M, 0, 1, ""),
            it("企业类型", C, 50, 1, ""),
            it("住所", C, 200, 1, ""),
            it("登记机关", C, 100, 1, ""),
            it("核准日期", D, 8, 1, ""),
            it("登记状态", C, 10, 1, ""),
            it("营业期限自", D, 8, 1, ""),
            it("营业期限至", D, 8, 1, ""),
            it("个体工商户经营者姓名", C, 50, 3, "name"),
            it("食品经营许可证编号", C, 14, 1, ""),
            it("特种设备使用登记证编号", C, 30, 1, ""),
            it("行政处罚决定书文号", C, 100, 1, ""),
            it("处罚种类", C, 50, 1, ""),
            it("罚没金额", Y, 18, 2, ""),
            it("年度报告年份", N, 4, 1, ""),
        ],
    },
    Dept {
        national: "民政部",
        provincial: "{p}民政厅",
        base: 0,
        theme: 7,
        subject: Subject::Person,
        duty: "婚姻登记、社会组织登记、社会救助和行政区划管理",
        objects: &["婚姻登记", "社会组织", "最低生活保障", "特困人员", "殡葬服务", "行政区划", "收养登记"],
        items: &[
            it("婚姻状况", C, 2, 3, ""),
            it("婚姻登记日期", D, 8, 3, ""),
            it("结婚证字号", C, 30, 3, ""),
            it("离婚证字号", C, 30, 3, ""),
            it("配偶姓名", C, 50, 3, "name"),
            it("配偶公民身份号码", C, 18, 4, "cn_resident_id"),
            it("婚姻登记机关", C, 100, 1, ""),
            it("社会组织名称", C, 200, 1, ""),
            it("社会组织类型", C, 20, 1, ""),
            it("业务主管单位", C, 100, 1, ""),
            it("低保证编号", C, 30, 3, ""),
            it("救助类别", C, 20, 3, ""),
            it("救助金额", Y, 12, 3, ""),
            it("家庭人口数", N, 2, 2, ""),
            it("火化日期", D, 8, 3, ""),
            it("行政区划代码", C, 12, 1, ""),
            it("行政区划名称", C, 100, 1, ""),
            it("收养登记证字号", C, 30, 4, ""),
        ],
    },
    Dept {
        national: "人力资源和社会保障部",
        provincial: "{p}人力资源和社会保障厅",
        base: 0,
        theme: 1,
        subject: Subject::Person,
        duty: "社会保险经办、就业服务和职业资格管理",
        objects: &[
            "社会保险参保",
            "养老保险待遇",
            "失业保险",
            "就业登记",
            "职业资格证书",
            "社会保障卡",
            "工伤认定",
        ],
        items: &[
            it("社会保障卡号", C, 20, 3, ""),
            it("个人社保编号", C, 20, 3, ""),
            it("参保险种", C, 20, 2, ""),
            it("参保状态", C, 10, 2, ""),
            it("参保日期", D, 8, 2, ""),
            it("缴费基数", Y, 12, 3, ""),
            it("累计缴费月数", N, 4, 2, ""),
            it("养老金发放金额", Y, 12, 3, ""),
            it("失业登记日期", D, 8, 2, ""),
            it("失业保险金领取期限", N, 3, 2, ""),
            it("就业单位名称", C, 200, 2, ""),
            it("职业资格证书编号", C, 30, 2, ""),
            it("职业技能等级", C, 10, 1, ""),
            it("劳动合同期限", C, 20, 2, ""),
            it("工伤认定结论", C, 100, 3, ""),
            it("社会保障卡发卡银行", C, 100, 2, ""),
        ],
    },
    Dept {
        national: "国家医疗保障局",
        provincial: "{p}医疗保障局",
        base: 0,
        theme: 2,
        subject: Subject::Person,
        duty: "医疗保障基金管理和医保经办",
        objects: &["医保参保", "医保结算", "定点医药机构", "门诊慢特病", "医保目录"],
        items: &[
            it("医保个人编码", C, 30, 3, ""),
            it("医保参保地", C, 6, 2, ""),
            it("医疗费用总额", Y, 12, 3, ""),
            it("医保统筹支付金额", Y, 12, 3, ""),
            it("个人自付金额", Y, 12, 3, ""),
            it("定点医药机构编码", C, 12, 1, ""),
            it("定点医药机构名称", C, 200, 1, ""),
            it("就诊日期", D, 8, 3, ""),
            it("结算时间", T, 14, 3, ""),
            it("门诊慢特病病种", C, 100, 4, ""),
            it("医保目录编码", C, 20, 1, ""),
        ],
    },
    Dept {
        national: "国家卫生健康委员会",
        provincial: "{p}卫生健康委员会",
        base: 0,
        theme: 2,
        subject: Subject::Person,
        duty: "医疗卫生服务、出生医学证明和医疗机构管理",
        objects: &["出生医学证明", "死亡医学证明", "医疗机构执业", "医师执业", "预防接种", "电子健康档案"],
        items: &[
            it("出生医学证明编号", C, 10, 3, ""),
            it("新生儿姓名", C, 50, 4, "name"),
            it("出生时间", T, 14, 4, ""),
            it("出生地点", C, 200, 3, "address"),
            it("母亲姓名", C, 50, 3, "name"),
            it("母亲公民身份号码", C, 18, 4, "cn_resident_id"),
            it("父亲姓名", C, 50, 3, "name"),
            it("父亲公民身份号码", C, 18, 4, "cn_resident_id"),
            it("死亡医学证明编号", C, 20, 3, ""),
            it("死亡日期", D, 8, 3, ""),
            it("根本死亡原因", C, 200, 4, ""),
            it("医疗机构名称", C, 200, 1, ""),
            it("医疗机构执业许可证登记号", C, 30, 1, ""),
            it("医师执业证书编码", C, 30, 2, ""),
            it("执业类别", C, 20, 1, ""),
            it("预防接种证编号", C, 20, 3, ""),
            it("疫苗名称", C, 100, 2, ""),
            it("接种日期", D, 8, 3, ""),
            it("健康档案编号", C, 30, 4, ""),
        ],
    },
    Dept {
        national: "教育部",
        provincial: "{p}教育厅",
        base: 0,
        theme: 3,
        subject: Subject::Person,
        duty: "学籍、学历学位和教师资格管理",
        objects: &["学生学籍", "高等教育学历", "学位授予", "教师资格", "学校基本情况", "学生资助"],
        items: &[
            it("学籍号", C, 19, 3, ""),
            it("学校名称", C, 200, 1, ""),
            it("学校标识码", C, 10, 1, ""),
            it("入学日期", D, 8, 2, ""),
            it("毕业日期", D, 8, 2, ""),
            it("学历层次", C, 10, 2, ""),
            it("专业名称", C, 100, 1, ""),
            it("学历证书编号", C, 18, 2, ""),
            it("学位证书编号", C, 16, 2, ""),
            it("学位类别", C, 20, 1, ""),
            it("教师资格证书编号", C, 17, 2, ""),
            it("任教学科", C, 50, 1, ""),
            it("在校状态", C, 10, 2, ""),
            it("资助项目名称", C, 100, 2, ""),
            it("资助金额", Y, 10, 3, ""),
        ],
    },
    Dept {
        national: "自然资源部",
        provincial: "{p}自然资源厅",
        base: 3,
        theme: 8,
        subject: Subject::Thing,
        duty: "不动产登记、国土空间规划和自然资源调查监测",
        objects: &[
            "不动产登记",
            "不动产抵押",
            "国土空间规划",
            "土地利用现状",
            "建设用地审批",
            "矿业权",
            "基础测绘",
        ],
        items: &[
            it("不动产单元号", C, 28, 2, ""),
            it("不动产权证书号", C, 50, 2, ""),
            it("权利人名称", C, 200, 3, "name"),
            it("权利人证件号码", C, 18, 4, "cn_resident_id"),
            it("坐落", C, 200, 3, "address"),
            it("宗地面积", N, 15, 1, ""),
            it("建筑面积", N, 15, 2, ""),
            it("规划用途", C, 50, 1, ""),
            it("权利性质", C, 20, 1, ""),
            it("抵押权人", C, 200, 2, ""),
            it("被担保主债权数额", Y, 18, 3, ""),
            it("登记时间", T, 14, 2, ""),
            it("土地使用期限", C, 30, 1, ""),
            it("图斑编号", C, 20, 1, ""),
            it("地类名称", C, 50, 1, ""),
            it("采矿许可证号", C, 24, 1, ""),
            it("测绘成果编号", C, 30, 2, ""),
        ],
    },
    Dept {
        national: "国家税务总局",
        provincial: "国家税务总局{p}税务局",
        base: 0,
        theme: 5,
        subject: Subject::Org,
        duty: "税收征收管理和发票管理",
        objects: &["纳税人登记", "纳税信用评价", "税收缴纳", "增值税发票", "个人所得税", "欠税公告"],
        items: &[
            it("纳税人识别号", C, 20, 2, ""),
            it("纳税人名称", C, 200, 2, ""),
            it("纳税信用等级", C, 1, 2, ""),
            it("主管税务机关", C, 100, 1, ""),
            it("税款所属期起", D, 8, 2, ""),
            it("税款所属期止", D, 8, 2, ""),
            it("应纳税额", Y, 18, 3, ""),
            it("实缴税额", Y, 18, 3, ""),
            it("发票代码", C, 12, 2, ""),
            it("发票号码", C, 20, 2, ""),
            it("开票日期", D, 8, 2, ""),
            it("价税合计", Y, 18, 3, ""),
            it("个人所得税收入额", Y, 18, 4, ""),
            it("欠税余额", Y, 18, 2, ""),
        ],
    },
    Dept {
        national: "住房和城乡建设部",
        provincial: "{p}住房和城乡建设厅",
        base: 0,
        theme: 14,
        subject: Subject::Person,
        duty: "住房公积金、建筑市场和房地产市场管理",
        objects: &[
            "住房公积金缴存",
            "住房公积金贷款",
            "建筑业企业资质",
            "建筑工程施工许可",
            "商品房预售",
            "商品房网签备案",
        ],
        items: &[
            it("住房公积金账号", C, 20, 3, ""),
            it("公积金月缴存额", Y, 10, 3, ""),
            it("公积金账户余额", Y, 12, 3, ""),
            it("公积金贷款金额", Y, 12, 3, ""),
            it("建筑业企业资质证书编号", C, 20, 1, ""),
            it("资质等级", C, 20, 1, ""),
            it("施工许可证编号", C, 20, 1, ""),
            it("工程名称", C, 200, 1, ""),
            it("商品房预售许可证号", C, 30, 1, ""),
            it("网签备案合同编号", C, 30, 3, ""),
            it("房屋用途", C, 20, 1, ""),
            it("成交价格", Y, 18, 3, ""),
        ],
    },
    Dept {
        national: "交通运输部",
        provincial: "{p}交通运输厅",
        base: 0,
        theme: 4,
        subject: Subject::Org,
        duty: "道路运输、水路运输和公路管理",
        objects: &["道路运输经营许可", "营运车辆", "从业人员资格", "船舶登记", "高速公路通行", "网约车"],
        items: &[
            it("道路运输经营许可证号", C, 20, 1, ""),
            it("道路运输证号", C, 20, 2, ""),
            it("营运车辆类型", C, 20, 1, ""),
            it("从业资格证号", C, 20, 2, ""),
            it("从业资格类别", C, 50, 1, ""),
            it("船舶识别号", C, 20, 1, ""),
            it("船舶名称", C, 100, 1, ""),
            it("船籍港", C, 50, 1, ""),
            it("入口收费站", C, 100, 3, ""),
            it("出口收费站", C, 100, 3, ""),
            it("通行时间", T, 14, 3, ""),
            it("网络预约出租汽车运输证号", C, 20, 2, ""),
        ],
    },
    Dept {
        national: "中国人民银行",
        provincial: "中国人民银行{p}分行",
        base: 0,
        theme: 19,
        subject: Subject::Org,
        duty: "银行结算账户管理和征信管理",
        objects: &["银行结算账户", "开户许可", "征信机构", "金融机构"],
        items: &[
            it("银行账号", C, 32, 4, "bank_card"),
            it("开户银行名称", C, 200, 2, ""),
            it("开户日期", D, 8, 2, ""),
            it("账户性质", C, 20, 2, ""),
            it("基本存款账户编号", C, 20, 2, ""),
            it("金融机构编码", C, 14, 1, ""),
            it("金融许可证机构编码", C, 20, 1, ""),
            it("征信机构备案编号", C, 20, 1, ""),
        ],
    },
    Dept {
        national: "国家发展和改革委员会",
        provincial: "{p}发展和改革委员会",
        base: 4,
        theme: 18,
        subject: Subject::Org,
        duty: "社会信用体系建设和投资项目管理",
        objects: &["严重失信主体名单", "信用修复", "信用承诺", "投资项目审批", "价格监测"],
        items: &[
            it("信用主体名称", C, 200, 2, ""),
            it("失信行为类型", C, 50, 2, ""),
            it("列入名单日期", D, 8, 2, ""),
            it("移出名单日期", D, 8, 2, ""),
            it("认定部门", C, 100, 1, ""),
            it("认定文书号", C, 100, 1, ""),
            it("信用修复状态", C, 10, 2, ""),
            it("信用承诺事项", C, 200, 1, ""),
            it("投资项目代码", C, 24, 1, ""),
            it("投资项目名称", C, 200, 1, ""),
            it("项目总投资", Y, 18, 1, ""),
            it("监测价格", Y, 12, 1, ""),
        ],
    },
    Dept {
        national: "司法部",
        provincial: "{p}司法厅",
        base: 0,
        theme: 20,
        subject: Subject::Person,
        duty: "律师、公证、司法鉴定和法律援助管理",
        objects: &["律师执业", "律师事务所", "公证书", "司法鉴定机构", "法律援助", "社区矫正"],
        items: &[
            it("律师执业证号", C, 17, 2, ""),
            it("律师事务所名称", C, 200, 1, ""),
            it("执业机构", C, 200, 1, ""),
            it("公证书编号", C, 30, 3, ""),
            it("公证事项", C, 100, 3, ""),
            it("司法鉴定许可证号", C, 20, 1, ""),
            it("法律援助案件编号", C, 30, 3, ""),
            it("受援人类别", C, 20, 3, ""),
            it("社区矫正对象编号", C, 30, 4, ""),
            it("矫正期限", C, 30, 4, ""),
        ],
    },
    Dept {
        national: "生态环境部",
        provincial: "{p}生态环境厅",
        base: 0,
        theme: 9,
        subject: Subject::Org,
        duty: "排污许可、环境影响评价和生态环境监测",
        objects: &[
            "排污许可",
            "环境影响评价",
            "空气质量监测",
            "水质监测",
            "环境行政处罚",
            "危险废物经营许可",
        ],
        items: &[
            it("排污许可证编号", C, 30, 1, ""),
            it("排放口编号", C, 20, 1, ""),
            it("污染物名称", C, 50, 1, ""),
            it("排放浓度", N, 12, 1, ""),
            it("排放总量", N, 15, 1, ""),
            it("环评批复文号", C, 50, 1, ""),
            it("监测站点名称", C, 100, 1, ""),
            it("空气质量指数", N, 4, 1, ""),
            it("监测时间", T, 14, 1, ""),
            it("水质类别", C, 10, 1, ""),
            it("危险废物经营许可证编号", C, 30, 1, ""),
        ],
    },
    Dept {
        national: "水利部",
        provincial: "{p}水利厅",
        base: 0,
        theme: 9,
        subject: Subject::Thing,
        duty: "水资源管理、河湖管理和水文监测",
        objects: &["取水许可", "河湖名录", "水文监测", "水利工程", "河长制"],
        items: &[
            it("取水许可证编号", C, 30, 1, ""),
            it("年取水量", N, 15, 1, ""),
            it("水源类型", C, 20, 1, ""),
            it("河湖名称", C, 100, 1, ""),
            it("河湖编码", C, 20, 1, ""),
            it("河长姓名", C, 50, 2, "name"),
            it("水文站编码", C, 8, 1, ""),
            it("水位", N, 8, 1, ""),
            it("流量", N, 10, 1, ""),
            it("水利工程名称", C, 200, 1, ""),
        ],
    },
    Dept {
        national: "农业农村部",
        provincial: "{p}农业农村厅",
        base: 0,
        theme: 11,
        subject: Subject::Person,
        duty: "农村土地承包、农业投入品和动物防疫管理",
        objects: &["农村土地承包经营权", "家庭农场", "农药登记", "兽药批准", "动物检疫", "耕地质量"],
        items: &[
            it("土地承包经营权证编号", C, 30, 2, ""),
            it("承包地块编码", C, 19, 2, ""),
            it("承包面积", N, 12, 2, ""),
            it("承包方代表姓名", C, 50, 3, "name"),
            it("家庭农场名称", C, 200, 1, ""),
            it("农药登记证号", C, 20, 1, ""),
            it("兽药批准文号", C, 30, 1, ""),
            it("动物检疫合格证明编号", C, 20, 1, ""),
            it("畜禽种类", C, 20, 1, ""),
            it("耕地质量等级", C, 10, 1, ""),
        ],
    },
    Dept {
        national: "商务部",
        provincial: "{p}商务厅",
        base: 0,
        theme: 17,
        subject: Subject::Org,
        duty: "对外贸易经营者备案和商贸流通管理",
        objects: &[
            "对外贸易经营者备案",
            "外商投资信息报告",
            "单用途商业预付卡",
            "拍卖企业",
            "报废机动车回收",
        ],
        items: &[
            it("对外贸易经营者备案登记表编号", C, 20, 1, ""),
            it("外商投资企业名称", C, 200, 1, ""),
            it("投资者国别", C, 50, 1, ""),
            it("投资总额", Y, 18, 1, ""),
            it("预付卡备案编号", C, 30, 1, ""),
            it("预付卡发卡规模", Y, 18, 2, ""),
            it("拍卖经营批准证书编号", C, 20, 1, ""),
            it("报废机动车回收证明编号", C, 30, 2, ""),
        ],
    },
    Dept {
        national: "海关总署",
        provincial: "{c}海关",
        base: 0,
        theme: 17,
        subject: Subject::Org,
        duty: "进出口货物监管和海关企业信用管理",
        objects: &["报关单", "进出口货物", "海关企业信用", "海关行政处罚", "跨境电商零售进口"],
        items: &[
            it("海关编码", C, 10, 1, ""),
            it("报关单号", C, 18, 2, ""),
            it("进出口日期", D, 8, 2, ""),
            it("商品编号", C, 10, 1, ""),
            it("商品名称", C, 200, 1, ""),
            it("申报价格", Y, 18, 2, ""),
            it("原产国", C, 50, 1, ""),
            it("贸易方式", C, 20, 1, ""),
            it("海关企业信用等级", C, 10, 1, ""),
        ],
    },
    Dept {
        national: "国家知识产权局",
        provincial: "{p}知识产权局",
        base: 0,
        theme: 16,
        subject: Subject::Org,
        duty: "专利和商标的审查授权与确权",
        objects: &["专利授权", "专利权质押", "商标注册", "地理标志"],
        items: &[
            it("专利号", C, 14, 1, ""),
            it("专利名称", C, 200, 1, ""),
            it("专利类型", C, 10, 1, ""),
            it("专利申请日", D, 8, 1, ""),
            it("授权公告日", D, 8, 1, ""),
            it("专利权人", C, 200, 1, ""),
            it("商标注册号", C, 10, 1, ""),
            it("商标名称", C, 100, 1, ""),
            it("核定使用商品类别", C, 50, 1, ""),
            it("地理标志产品名称", C, 100, 1, ""),
        ],
    },
    Dept {
        national: "国家统计局",
        provincial: "{p}统计局",
        base: 0,
        theme: 20,
        subject: Subject::Thing,
        duty: "统计调查和统计数据发布",
        objects: &["统计调查单位名录", "统计指标", "人口普查汇总", "经济普查汇总", "统计年鉴"],
        items: &[
            it("统计调查项目名称", C, 200, 1, ""),
            it("统计指标名称", C, 100, 1, ""),
            it("统计时期", C, 20, 1, ""),
            it("指标值", N, 18, 1, ""),
            it("计量单位", C, 20, 1, ""),
            it("统计口径说明", M, 0, 1, ""),
            it("调查单位详细名称", C, 200, 3, ""),
            it("行业代码", C, 5, 1, ""),
        ],
    },
    Dept {
        national: "应急管理部",
        provincial: "{p}应急管理厅",
        base: 0,
        theme: 13,
        subject: Subject::Org,
        duty: "安全生产监督管理和应急救援",
        objects: &[
            "安全生产许可",
            "危险化学品经营许可",
            "特种作业操作证",
            "生产安全事故",
            "应急预案备案",
            "自然灾害灾情",
        ],
        items: &[
            it("安全生产许可证编号", C, 30, 1, ""),
            it("危险化学品经营许可证号", C, 30, 1, ""),
            it("特种作业操作证号", C, 18, 2, ""),
            it("作业类别", C, 50, 1, ""),
            it("事故发生时间", T, 14, 2, ""),
            it("事故等级", C, 10, 2, ""),
            it("死亡人数", N, 4, 2, ""),
            it("直接经济损失", Y, 18, 2, ""),
            it("应急预案备案编号", C, 30, 1, ""),
            it("受灾人口", N, 10, 1, ""),
        ],
    },
    Dept {
        national: "文化和旅游部",
        provincial: "{p}文化和旅游厅",
        base: 0,
        theme: 12,
        subject: Subject::Org,
        duty: "旅行社、导游和文化市场管理",
        objects: &["旅行社业务经营许可", "导游", "A级旅游景区", "娱乐场所", "文物保护单位"],
        items: &[
            it("旅行社业务经营许可证编号", C, 20, 1, ""),
            it("导游证号", C, 20, 2, ""),
            it("导游等级", C, 10, 1, ""),
            it("景区名称", C, 200, 1, ""),
            it("景区等级", C, 10, 1, ""),
            it("娱乐经营许可证号", C, 30, 1, ""),
            it("文物保护单位名称", C, 200, 1, ""),
            it("保护级别", C, 20, 1, ""),
        ],
    },
    Dept {
        national: "国家林业和草原局",
        provincial: "{p}林业局",
        base: 0,
        theme: 11,
        subject: Subject::Thing,
        duty: "林权、林木采伐和野生动植物保护管理",
        objects: &["林权登记", "林木采伐许可", "野生动物人工繁育", "自然保护地"],
        items: &[
            it("林权证号", C, 30, 2, ""),
            it("林地面积", N, 12, 1, ""),
            it("林木采伐许可证号", C, 20, 1, ""),
            it("采伐蓄积", N, 12, 1, ""),
            it("野生动物人工繁育许可证号", C, 30, 1, ""),
            it("物种名称", C, 100, 1, ""),
            it("自然保护地名称", C, 200, 1, ""),
        ],
    },
    Dept {
        national: "国家药品监督管理局",
        provincial: "{p}药品监督管理局",
        base: 0,
        theme: 2,
        subject: Subject::Org,
        duty: "药品、医疗器械和化妆品注册与监管",
        objects: &["药品注册", "药品生产许可", "药品经营许可", "医疗器械注册", "执业药师注册", "化妆品备案"],
        items: &[
            it("药品批准文号", C, 20, 1, ""),
            it("药品通用名称", C, 100, 1, ""),
            it("药品生产许可证编号", C, 20, 1, ""),
            it("药品经营许可证编号", C, 20, 1, ""),
            it("医疗器械注册证编号", C, 30, 1, ""),
            it("执业药师注册证编号", C, 30, 2, ""),
            it("化妆品备案编号", C, 30, 1, ""),
            it("剂型", C, 20, 1, ""),
        ],
    },
    Dept {
        national: "退役军人事务部",
        provincial: "{p}退役军人事务厅",
        base: 0,
        theme: 1,
        subject: Subject::Person,
        duty: "退役军人安置、优待和抚恤",
        objects: &["退役军人信息采集", "优待证", "优抚对象", "伤残抚恤"],
        items: &[
            it("退役军人优待证号", C, 20, 3, ""),
            it("入伍时间", D, 8, 3, ""),
            it("退役时间", D, 8, 3, ""),
            it("安置方式", C, 20, 3, ""),
            it("优抚对象类别", C, 20, 3, ""),
            it("伤残等级", C, 10, 4, ""),
            it("抚恤金额", Y, 12, 3, ""),
        ],
    },
    Dept {
        national: "工业和信息化部",
        provincial: "{p}经济和信息化厅",
        base: 0,
        theme: 18,
        subject: Subject::Org,
        duty: "电信业务经营许可和工业企业管理",
        objects: &["电信业务经营许可", "无线电台执照", "专精特新企业", "工业企业"],
        items: &[
            it("电信业务经营许可证编号", C, 30, 1, ""),
            it("业务种类", C, 50, 1, ""),
            it("无线电台执照编号", C, 30, 1, ""),
            it("专精特新企业认定年度", N, 4, 1, ""),
            it("工业总产值", Y, 18, 2, ""),
            it("所属行业", C, 100, 1, ""),
        ],
    },
    Dept {
        national: "国家邮政局",
        provincial: "{p}邮政管理局",
        base: 0,
        theme: 4,
        subject: Subject::Org,
        duty: "快递业务经营许可和邮政市场监管",
        objects: &["快递业务经营许可", "快递末端网点备案"],
        items: &[
            it("快递业务经营许可证编号", C, 20, 1, ""),
            it("末端网点名称", C, 200, 1, ""),
            it("网点地址", C, 200, 1, ""),
            it("快件业务量", N, 12, 1, ""),
        ],
    },
    Dept {
        national: "中国残疾人联合会",
        provincial: "{p}残疾人联合会",
        base: 0,
        theme: 15,
        subject: Subject::Person,
        duty: "残疾人证核发和残疾人服务",
        objects: &["残疾人证", "残疾人两项补贴", "残疾人康复服务"],
        items: &[
            it("残疾人证号", C, 20, 4, ""),
            it("残疾类别", C, 10, 4, ""),
            it("残疾等级", C, 10, 4, ""),
            it("补贴类型", C, 20, 3, ""),
            it("康复服务项目", C, 100, 4, ""),
        ],
    },
    Dept {
        national: "国家烟草专卖局",
        provincial: "{p}烟草专卖局",
        base: 0,
        theme: 6,
        subject: Subject::Org,
        duty: "烟草专卖许可管理",
        objects: &["烟草专卖零售许可", "烟草专卖批发企业许可"],
        items: &[
            it("烟草专卖许可证号", C, 20, 1, ""),
            it("许可范围", C, 100, 1, ""),
            it("经营场所", C, 200, 1, ""),
        ],
    },
    Dept {
        national: "国家能源局",
        provincial: "{p}能源局",
        base: 0,
        theme: 18,
        subject: Subject::Org,
        duty: "电力业务许可和能源项目管理",
        objects: &["电力业务许可", "发电机组", "充电基础设施"],
        items: &[
            it("电力业务许可证编号", C, 20, 1, ""),
            it("装机容量", N, 12, 1, ""),
            it("发电量", N, 15, 1, ""),
            it("充电桩编号", C, 30, 1, ""),
        ],
    },
    Dept {
        national: "中国民用航空局",
        provincial: "民航{s}安全监督管理局",
        base: 0,
        theme: 4,
        subject: Subject::Org,
        duty: "民用航空器登记和运输管理",
        objects: &["民用航空器国籍登记", "民用无人驾驶航空器登记", "航班计划"],
        items: &[
            it("航空器国籍登记证号", C, 20, 1, ""),
            it("航空器型号", C, 50, 1, ""),
            it("无人驾驶航空器登记号", C, 20, 2, ""),
            it("航班号", C, 8, 1, ""),
        ],
    },
    Dept {
        national: "国家信访局",
        provincial: "{p}信访局",
        base: 0,
        theme: 20,
        subject: Subject::Person,
        duty: "信访事项受理、转送和督办",
        objects: &["信访事项", "信访督办"],
        items: &[
            it("信访事项编号", C, 30, 3, ""),
            it("信访人姓名", C, 50, 4, "name"),
            it("信访形式", C, 10, 2, ""),
            it("信访事项内容", M, 0, 4, ""),
            it("办理结果", M, 0, 3, ""),
        ],
    },
    Dept {
        national: "国家消防救援局",
        provincial: "{p}消防救援总队",
        base: 0,
        theme: 13,
        subject: Subject::Org,
        duty: "消防监督检查和火灾调查",
        objects: &["公众聚集场所消防安全检查", "火灾事故", "消防监督检查"],
        items: &[
            it("消防安全检查合格证编号", C, 30, 1, ""),
            it("场所名称", C, 200, 1, ""),
            it("火灾发生时间", T, 14, 2, ""),
            it("起火原因", C, 100, 2, ""),
            it("检查结果", C, 100, 1, ""),
        ],
    },
    Dept {
        national: "国家数据局",
        provincial: "{p}数据局",
        base: 5,
        theme: 20,
        subject: Subject::Thing,
        duty: "政务数据共享统筹和电子证照管理",
        objects: &["电子证照目录", "数据共享申请", "数据接口调用", "公共数据开放"],
        items: &[
            it("电子证照标识", C, 64, 2, ""),
            it("证照类型代码", C, 20, 1, ""),
            it("持证主体", C, 200, 3, "name"),
            it("持证主体代码", C, 18, 3, ""),
            it("共享申请编号", C, 30, 1, ""),
            it("数据接口编码", C, 30, 1, ""),
            it("调用次数", N, 12, 1, ""),
            it("开放数据集名称", C, 200, 1, ""),
        ],
    },
    Dept {
        national: "财政部",
        provincial: "{p}财政厅",
        base: 0,
        theme: 19,
        subject: Subject::Org,
        duty: "预算管理、政府采购和财政票据管理",
        objects: &["政府采购合同", "财政票据", "预算单位", "非税收入"],
        items: &[
            it("政府采购合同编号", C, 50, 1, ""),
            it("中标金额", Y, 18, 1, ""),
            it("供应商名称", C, 200, 1, ""),
            it("财政票据代码", C, 8, 1, ""),
            it("票据号码", C, 10, 2, ""),
            it("预算单位编码", C, 20, 1, ""),
            it("非税收入项目", C, 100, 1, ""),
        ],
    },
    Dept {
        national: "国家疾病预防控制局",
        provincial: "{p}疾病预防控制局",
        base: 0,
        theme: 2,
        subject: Subject::Person,
        duty: "传染病监测报告和免疫规划",
        objects: &["传染病报告", "免疫规划", "职业病报告"],
        items: &[
            it("传染病报告卡编号", C, 30, 4, ""),
            it("传染病名称", C, 50, 4, ""),
            it("发病日期", D, 8, 4, ""),
            it("诊断日期", D, 8, 4, ""),
            it("职业病名称", C, 100, 4, ""),
        ],
    },
    Dept {
        national: "中国气象局",
        provincial: "{p}气象局",
        base: 0,
        theme: 13,
        subject: Subject::Thing,
        duty: "气象观测和气象灾害预警",
        objects: &["地面气象观测", "气象灾害预警", "雷电防护装置检测"],
        items: &[
            it("气象站号", C, 5, 1, ""),
            it("观测时间", T, 14, 1, ""),
            it("气温", N, 5, 1, ""),
            it("降水量", N, 6, 1, ""),
            it("预警信号类型", C, 20, 1, ""),
            it("预警级别", C, 10, 1, ""),
            it("防雷装置检测报告编号", C, 30, 1, ""),
        ],
    },
    Dept {
        national: "国家金融监督管理总局",
        provincial: "国家金融监督管理总局{s}监管局",
        base: 0,
        theme: 19,
        subject: Subject::Org,
        duty: "银行保险机构许可和监管",
        objects: &["银行保险机构许可", "保险中介机构", "行政处罚"],
        items: &[
            it("金融许可证编号", C, 20, 1, ""),
            it("保险许可证编号", C, 20, 1, ""),
            it("机构类型", C, 50, 1, ""),
            it("批准成立日期", D, 8, 1, ""),
            it("保险中介许可证编号", C, 30, 1, ""),
        ],
    },
    Dept {
        national: "科学技术部",
        provincial: "{p}科学技术厅",
        base: 0,
        theme: 18,
        subject: Subject::Org,
        duty: "高新技术企业认定和科技计划管理",
        objects: &["高新技术企业", "科技型中小企业", "科技计划项目", "科技成果登记"],
        items: &[
            it("高新技术企业证书编号", C, 20, 1, ""),
            it("认定年度", N, 4, 1, ""),
            it("科技型中小企业入库编号", C, 20, 1, ""),
            it("科技计划项目编号", C, 30, 1, ""),
            it("项目负责人", C, 50, 2, "name"),
            it("科技成果登记号", C, 20, 1, ""),
        ],
    },
];

/// Identity items that head the item list of resources about persons or
/// organizations: (department, item index).
const PERSON_IDENTITY: [(usize, usize); 5] =
    [(POLICE, 0), (POLICE, 1), (POLICE, 2), (POLICE, 3), (POLICE, 4)];
const ORG_IDENTITY: [(usize, usize); 3] = [(MARKET, 0), (MARKET, 1), (MARKET, 2)];

/// The five base libraries: (department, name stem).
const BASE_LIBRARIES: [(usize, &str); 5] = [
    (POLICE, "人口基础信息"),
    (MARKET, "法人单位基础信息"),
    (NATURAL_RESOURCES, "自然资源和空间地理基础信息"),
    (DEVELOPMENT, "社会信用基础信息"),
    (DATA_BUREAU, "电子证照基础信息"),
];

const NAME_SUFFIXES: [&str; 12] = [
    "基本信息",
    "登记信息",
    "变更信息",
    "注销信息",
    "核验信息",
    "办理结果信息",
    "统计信息",
    "明细信息",
    "年度汇总信息",
    "查询服务",
    "业务办理信息",
    "信息",
];

const USES: [&str; 12] = [
    "身份核验",
    "资格审核",
    "行政审批",
    "监管执法",
    "统计分析",
    "社会救助对象认定",
    "信用评价",
    "政务服务“一网通办”",
    "跨部门业务协同",
    "补贴发放",
    "风险预警",
    "辅助决策",
];

const CONDITIONS: [&str; 12] = [
    "仅限因履行法定职责需要核验身份的政务部门申请，按需提供核验结果，不提供原始数据",
    "申请部门须说明所办理的政务服务事项及法定依据，经提供方审核后通过接口按次调用",
    "仅用于社会救助、社会福利资格审核，不得用于其他用途",
    "仅向承担监管执法职责的部门提供，需提供执法事项名称和案件编号",
    "按最小必要原则提供申请事项所需字段，敏感信息项脱敏后提供",
    "仅提供统计汇总结果，不提供个体明细数据",
    "限于税务、市场监管、公安部门依法履职使用，须签订数据安全保护协议",
    "经数据主管部门协调同意后共享，使用范围限于申请时载明的业务场景",
    "仅对本行政区域内的政务部门提供，按月更新批量交换",
    "需经本人授权或依据法律、行政法规规定方可查询",
    "仅提供是否存在记录的比对结果",
    "申请部门须具备相应数据安全保护能力，并通过数据安全评估",
];

/// Scope (共享范围) and purpose of use (使用用途) of each of [`CONDITIONS`]
/// (Decree No. 809 Art. 15), by the same index.
const SCOPES_PURPOSES: [(&str, &str); 12] = [
    ("因履行法定职责需要核验公民身份的政务部门", "政务服务办理中的身份核验"),
    ("办理政务服务事项的政务部门", "政务服务事项办理"),
    ("民政部门及承担社会救助职责的部门", "社会救助、社会福利资格审核"),
    ("承担监管执法职责的部门", "行政执法与监管"),
    ("申请事项涉及的政务部门", "申请事项所需字段的核验与比对"),
    ("各级政务部门", "统计分析与辅助决策"),
    ("税务、市场监管、公安部门", "依法履职中的监管与核查"),
    ("经数据主管部门协调同意的政务部门", "申请时载明的业务场景"),
    ("本行政区域内的政务部门", "本地区政务服务与业务协同"),
    ("经本人授权或依法有权查询的政务部门", "依法查询与核验"),
    ("需要核验有无记录的政务部门", "记录存在性比对"),
    ("具备相应数据安全保护能力并通过评估的政务部门", "跨部门业务协同"),
];

/// Not-shared entries: the reason (`conditions`) and the legal basis, of
/// the rank Art. 14(3) requires: (reason, kind, title, article).
const NOT_SHARED_BASES: [(&str, LegalBasisKind, &str, &str); 6] = [
    (
        "依据《中华人民共和国个人信息保护法》第二十八条，涉及医疗健康等敏感个人信息，不予共享",
        LegalBasisKind::Law,
        "中华人民共和国个人信息保护法",
        "第二十八条",
    ),
    (
        "依据《中华人民共和国数据安全法》第二十一条，属于重要数据，不予共享",
        LegalBasisKind::Law,
        "中华人民共和国数据安全法",
        "第二十一条",
    ),
    (
        "依据《中华人民共和国统计法》关于统计调查对象资料保密的规定，个体资料不予共享",
        LegalBasisKind::Law,
        "中华人民共和国统计法",
        "",
    ),
    (
        "依据《中华人民共和国税收征收管理法》关于为纳税人情况保密的规定，涉税明细不予共享",
        LegalBasisKind::Law,
        "中华人民共和国税收征收管理法",
        "第八条",
    ),
    (
        "依据《中华人民共和国个人信息保护法》第二十八条、第二十九条，涉及未成年人及特定身份信息，不予共享",
        LegalBasisKind::Law,
        "中华人民共和国个人信息保护法",
        "第二十八条、第二十九条",
    ),
    (
        "依据《中华人民共和国居民身份证法》关于公民个人信息保密的规定，指纹等原始信息不予共享，相关数据以核验服务替代",
        LegalBasisKind::Law,
        "中华人民共和国居民身份证法",
        "",
    ),
];

/// The legal basis of [`NOT_SHARED_BASES`] entry `k`.
fn legal_basis(k: usize) -> Option<LegalBasis> {
    NOT_SHARED_BASES.get(k).map(|&(_, kind, title, article)| LegalBasis {
        kind,
        title: title.to_string(),
        article: (!article.is_empty()).then(|| article.to_string()),
    })
}

/// The scope and purpose of [`CONDITIONS`] entry `k`.
fn scope_purpose(k: usize) -> (Option<String>, Option<String>) {
    match SCOPES_PURPOSES.get(k) {
        Some(&(scope, purpose)) => (Some(scope.to_string()), Some(purpose.to_string())),
        None => (None, None),
    }
}

/// GB/T 43697 level from the highest item grade: items graded 4 (敏感)
/// make the resource 重要数据, anything else 一般数据. Core data (核心数据)
/// is a national designation the generator never invents.
fn security_level(max_grade: u8) -> SecurityLevel {
    if max_grade >= 4 {
        SecurityLevel::Important
    } else {
        SecurityLevel::General
    }
}

const OPEN_CONDITIONS: [&str; 3] = [
    "经脱敏处理后向社会有条件开放，申请人须签订数据利用协议",
    "仅向科研机构开放汇总数据",
    "通过公共数据开放平台申请，按季度批量开放",
];

const CYCLES: [(UpdateCycle, usize); 6] = [
    (UpdateCycle::Realtime, 20),
    (UpdateCycle::Daily, 30),
    (UpdateCycle::Weekly, 8),
    (UpdateCycle::Monthly, 22),
    (UpdateCycle::Quarterly, 10),
    (UpdateCycle::Yearly, 10),
];

const FORMATS: [(ResourceFormat, usize); 7] = [
    (ResourceFormat::Database, 35),
    (ResourceFormat::Service, 25),
    (ResourceFormat::Spreadsheet, 15),
    (ResourceFormat::File, 10),
    (ResourceFormat::SelfDescribing, 8),
    (ResourceFormat::Image, 5),
    (ResourceFormat::Stream, 2),
];

const MODES: [(SharingMode, usize); 7] = [
    (SharingMode::SystemIntegration, 30),
    (SharingMode::OnlineQuery, 25),
    (SharingMode::OnlineService, 20),
    (SharingMode::OnlineBrowse, 8),
    (SharingMode::Download, 10),
    (SharingMode::Copy, 4),
    (SharingMode::Other, 3),
];

/// Provincial-level divisions: name, short name, division code, capital.
const PROVINCES: [(&str, &str, &str, &str); 31] = [
    ("北京市", "北京", "110000", "北京"),
    ("天津市", "天津", "120000", "天津"),
    ("河北省", "河北", "130000", "石家庄"),
    ("山西省", "山西", "140000", "太原"),
    ("内蒙古自治区", "内蒙古", "150000", "呼和浩特"),
    ("辽宁省", "辽宁", "210000", "沈阳"),
    ("吉林省", "吉林", "220000", "长春"),
    ("黑龙江省", "黑龙江", "230000", "哈尔滨"),
    ("上海市", "上海", "310000", "上海"),
    ("江苏省", "江苏", "320000", "南京"),
    ("浙江省", "浙江", "330000", "杭州"),
    ("安徽省", "安徽", "340000", "合肥"),
    ("福建省", "福建", "350000", "福州"),
    ("江西省", "江西", "360000", "南昌"),
    ("山东省", "山东", "370000", "济南"),
    ("河南省", "河南", "410000", "郑州"),
    ("湖北省", "湖北", "420000", "武汉"),
    ("湖南省", "湖南", "430000", "长沙"),
    ("广东省", "广东", "440000", "广州"),
    ("广西壮族自治区", "广西", "450000", "南宁"),
    ("海南省", "海南", "460000", "海口"),
    ("重庆市", "重庆", "500000", "重庆"),
    ("四川省", "四川", "510000", "成都"),
    ("贵州省", "贵州", "520000", "贵阳"),
    ("云南省", "云南", "530000", "昆明"),
    ("西藏自治区", "西藏", "540000", "拉萨"),
    ("陕西省", "陕西", "610000", "西安"),
    ("甘肃省", "甘肃", "620000", "兰州"),
    ("青海省", "青海", "630000", "西宁"),
    ("宁夏回族自治区", "宁夏", "640000", "银川"),
    ("新疆维吾尔自治区", "新疆", "650000", "乌鲁木齐"),
];

const ZHEJIANG_CITIES: [&str; 11] = [
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
];

// ------------------------------------------------------------------ generator

/// A department as it appears in this catalog.
#[derive(Debug)]
struct Provider {
    name: String,
    code: String,
}

/// Generation state: the PRNG, the level's providers and regions, the code
/// counters, and what findings need from earlier resources.
#[derive(Debug)]
struct Generator {
    rng: Rng,
    providers: Vec<Provider>,
    regions: Vec<String>,
    /// Region of the base libraries' names (全国 or the province).
    level_region: String,
    /// Resources so far per classification, indexed by 类·项·目.
    counters: Vec<u32>,
    /// 0 nationally; a province numbers from its division's first two
    /// digits · 1000 (浙江 → 33001), so only the base libraries' codes
    /// coincide with the national catalog's.
    sequence_base: u32,
    /// Recent codes, for `related`.
    recent: Vec<String>,
    /// Finding kind (index into FINDINGS) per resource index.
    findings: Vec<(u64, usize)>,
    /// (code, classification) of the first and of the previous resource.
    first_code: (String, String),
    previous_code: (String, String),
    /// The previous resource's department and its first authoritative item.
    previous_authority: Option<(usize, Item)>,
    /// Scratch list of chosen items.
    chosen: Vec<(usize, Item)>,
}

const COUNTER_SLOTS: usize = 3 * 100 * 1000;
const NO_DEPT: usize = usize::MAX;

impl Generator {
    fn new(opts: &SampleOptions) -> io::Result<Self> {
        let sequence_base = match &opts.province {
            None => 0,
            Some(p) => PROVINCES
                .iter()
                .find(|x| x.0 == p)
                .and_then(|x| x.2.get(..2))
                .and_then(|d| d.parse::<u32>().ok())
                .map_or(0, |d| d * 1000),
        };
        let (providers, regions, level_region) = match &opts.province {
            None => {
                let providers = DEPTS
                    .iter()
                    .enumerate()
                    .map(|(i, d)| Provider {
                        name: d.national.to_string(),
                        code: department_code(NATIONAL_DIVISION, i),
                    })
                    .collect();
                (providers, vec!["全国".to_string(), String::new()], "全国".to_string())
            }
            Some(p) => {
                let Some(&(name, short, division, capital)) = PROVINCES.iter().find(|x| x.0 == p) else {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "unknown province: expected the full name of a provincial-level division, e.g. 浙江省",
                    ));
                };
                let municipality = name.ends_with('市');
                let providers = DEPTS
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let mut n = d.provincial.replace("{p}", name).replace("{s}", short);
                        n = n.replace("{c}", capital);
                        if municipality {
                            n = n.replace('厅', "局");
                        }
                        Provider { name: n, code: department_code(division, i) }
                    })
                    .collect();
                let mut regions = vec![name.to_string(), name.to_string()];
                if name == "浙江省" {
                    regions.extend(ZHEJIANG_CITIES.iter().map(|c| (*c).to_string()));
                } else if !municipality {
                    regions.push(format!("{capital}市"));
                }
                (providers, regions, name.to_string())
            }
        };
        let findings = injected_findings(opts)
            .iter()
            .filter_map(|f| {
                FINDINGS
                    .iter()
                    .position(|(c, d)| *c == f.code && *d == f.detail)
                    .map(|kind| (f.resource_index, kind))
            })
            .collect();
        Ok(Generator {
            rng: Rng(opts.seed),
            providers,
            regions,
            level_region,
            counters: vec![0; COUNTER_SLOTS],
            sequence_base,
            recent: Vec::with_capacity(64),
            findings,
            first_code: (String::new(), String::new()),
            previous_code: (String::new(), String::new()),
            previous_authority: None,
            chosen: Vec::with_capacity(32),
        })
    }

    fn finding_at(&self, index: u64) -> Option<usize> {
        self.findings.iter().find(|f| f.0 == index).map(|f| f.1)
    }

    /// The next code under a classification: sequence numbers count from
    /// `sequence_base + 1` (a base library passes its fixed number 1).
    fn next_code(&mut self, class: usize, item: usize, entry: usize, fixed: Option<u32>) -> (String, String) {
        let classification = format!("{class}{item:02}{entry:03}");
        let slot = ((class.saturating_sub(1)) * 100 + item.min(99)) * 1000 + entry.min(999);
        let count = match self.counters.get_mut(slot) {
            Some(c) => {
                *c = c.saturating_add(1);
                *c
            }
            None => 1,
        };
        let seq = fixed.unwrap_or(self.sequence_base.saturating_add(count));
        let code = format!("{classification}/{seq:05}");
        (classification, code)
    }

    #[allow(clippy::useless_conversion)]
    fn resource(&mut self, index: u64) -> Resource {
        let finding = self.finding_at(index);
        let rng = &mut self.rng;

        // Department, name stem and classification.
        let (dept_idx, object_idx, base_name) = if index < BASE_LIBRARIES.len() as u64 {
            let (d, stem) = BASE_LIBRARIES[index as usize];
            (d, 0, Some(stem))
        } else {
            let mut d = rng.below(DEPTS.len());
            if finding == Some(7) {
                if let Some((prev, _)) = self.previous_authority {
                    if d == prev {
                        d = (d + 1) % DEPTS.len();
                    }
                }
            }
            let o = rng.below(DEPTS[d].objects.len());
            (d, o, None)
        };
        let dept = &DEPTS[dept_idx];
        // 类 / 项 / 目: under 基础 and 主题 the 目 names the department's
        // object (department · 10 + object), under 部门 (项 = department)
        // just the object; a base library is 目 001.
        let shared_entry = dept_idx * 10 + object_idx + 1;
        let (class, item_no, entry) = if base_name.is_some() {
            (1, usize::from(dept.base), 1)
        } else {
            let r = rng.below(100);
            if dept.base != 0 && r < 15 {
                (1, usize::from(dept.base), shared_entry)
            } else if r < 45 {
                (2, usize::from(dept.theme), shared_entry)
            } else {
                (3, dept_idx + 1, object_idx + 1)
            }
        };
        let object = dept.objects[object_idx];

        let region = rng.pick(&self.regions).clone();
        let mut name = match base_name {
            Some(stem) => format!("{}{stem}", self.level_region),
            None => {
                let suffix = *rng.pick(&NAME_SUFFIXES);
                format!("{region}{object}{suffix}")
            }
        };

        // Items.
        let n = rng.between(5, 30) as usize;
        self.chosen.clear();
        let identity: &[(usize, usize)] = match dept.subject {
            Subject::Person => &PERSON_IDENTITY,
            Subject::Org => &ORG_IDENTITY,
            Subject::Thing => &[],
        };
        if !identity.is_empty() {
            let k = 1 + rng.below(identity.len());
            for &(d, i) in identity.iter().take(k.min(n.saturating_sub(1))) {
                self.chosen.push((d, DEPTS[d].items[i]));
            }
        }
        // At least one item of the department itself, so every resource has
        // something it is the authority for.
        let own = 1 + rng.below(n - self.chosen.len());
        let neighbour = (dept_idx + 1 + rng.below(DEPTS.len() - 1)) % DEPTS.len();
        push_shuffled(rng, &mut self.chosen, dept_idx, dept.items, own);
        let sources: [(usize, &[Item]); 2] = [(NO_DEPT, COMMON_ITEMS), (neighbour, DEPTS[neighbour].items)];
        for (d, items) in sources {
            let want = n.saturating_sub(self.chosen.len());
            push_shuffled(rng, &mut self.chosen, d, items, want);
        }
        // The department's own items again, if the pools above ran short.
        let want = n.saturating_sub(self.chosen.len());
        push_shuffled(rng, &mut self.chosen, dept_idx, dept.items, want);

        let mut max_grade = 1;
        let mut items: Vec<DataItem> = self
            .chosen
            .iter()
            .map(|(d, def)| {
                max_grade = max_grade.max(def.grade);
                DataItem {
                    name: def.name.to_string(),
                    data_type: def.ty,
                    length: (def.len > 0).then_some(def.len),
                    grade: def.grade,
                    authoritative: *d == dept_idx,
                    pi_kind: (!def.pi.is_empty()).then(|| def.pi.to_string()),
                    identifier_class: None,
                }
            })
            .collect();

        // Sharing.
        let (p_uncond, p_cond) = if max_grade >= 4 { (33, 50) } else { (64, 33) };
        let r = rng.below(100);
        let sharing_type = if r < p_uncond {
            SharingType::Unconditional
        } else if r < p_uncond + p_cond {
            SharingType::Conditional
        } else {
            SharingType::NotShared
        };
        // The same draws as picking a table entry; scope, purpose and legal
        // basis come with the entry.
        let (mut scope, mut purpose, mut basis) = (None, None, None);
        let conditions = match sharing_type {
            SharingType::Unconditional => rng.percent(50).then(|| "无条件".to_string()),
            SharingType::Conditional => {
                let k = rng.below(CONDITIONS.len());
                (scope, purpose) = scope_purpose(k);
                Some(CONDITIONS[k].to_string())
            }
            SharingType::NotShared => {
                let k = rng.below(NOT_SHARED_BASES.len());
                basis = legal_basis(k);
                Some(NOT_SHARED_BASES[k].0.to_string())
            }
        };
        let mut modes = Vec::new();
        if sharing_type != SharingType::NotShared {
            let count = 1 + rng.below(3);
            for _ in 0..count {
                let m = rng.weighted(&MODES);
                if !modes.contains(&m) {
                    modes.push(m);
                }
            }
            modes.sort_by_key(|m| MODES.iter().position(|x| x.0 == *m));
        }

        let open = if rng.percent(60) {
            Some(if max_grade >= 3 || sharing_type == SharingType::NotShared {
                OpenAttribute { open_type: OpenType::NotOpen, conditions: None }
            } else if rng.percent(50) {
                OpenAttribute { open_type: OpenType::Unconditional, conditions: None }
            } else {
                OpenAttribute {
                    open_type: OpenType::Conditional,
                    conditions: Some((*rng.pick(&OPEN_CONDITIONS)).to_string()),
                }
            })
        } else {
            None
        };
        let update_cycle = rng.weighted(&CYCLES);
        let format = rng.weighted(&FORMATS);
        let year = rng.between(2019, 2026);
        let month = if year == 2026 { rng.between(1, 6) } else { rng.between(1, 12) };
        let day = rng.between(1, 28);
        let published = format!("{year:04}-{month:02}-{day:02}");

        let mut related = Vec::new();
        if !self.recent.is_empty() && rng.percent(12) {
            for _ in 0..1 + rng.below(2) {
                let c = rng.pick(&self.recent).clone();
                if !related.contains(&c) {
                    related.push(c);
                }
            }
        }

        let provider = &self.providers[dept_idx];
        let summary =
            abstract_text(rng, &name, &provider.name, dept, &region, &items, sharing_type, update_cycle);

        let mut provider_code = provider.code.clone();
        let provider_name = provider.name.clone();
        let fixed_sequence = base_name.map(|_| 1);
        let (mut classification, mut code) = self.next_code(class, item_no, entry, fixed_sequence);
        let mut summary = summary;
        let mut sharing = Sharing { sharing_type, conditions, scope, purpose, legal_basis: basis, modes };
        let mut security = Some(security_level(max_grade));

        // Injected findings.
        match finding {
            Some(0) => summary.clear(),
            // Without a valid provider code the provider is another party to
            // a linter, so the resource claims no authority (no spurious
            // 一数一源 conflict).
            Some(1) => {
                provider_code.clear();
                items.iter_mut().for_each(|i| i.authoritative = false);
            }
            Some(2) => code = code.replace('/', ""),
            Some(3) => code.replace_range(..1, "X"),
            Some(4) => {
                provider_code = with_wrong_check(&provider_code);
                items.iter_mut().for_each(|i| i.authoritative = false);
            }
            Some(5 | 11 | 12) => {
                let (scope, purpose) = scope_purpose(0);
                sharing.sharing_type = SharingType::Conditional;
                sharing.conditions = (finding != Some(5)).then(|| CONDITIONS[0].to_string());
                sharing.scope = (finding != Some(11)).then_some(scope).flatten();
                sharing.purpose = (finding != Some(12)).then_some(purpose).flatten();
                sharing.legal_basis = None;
                if sharing.modes.is_empty() {
                    sharing.modes.push(SharingMode::OnlineQuery);
                }
            }
            Some(6 | 13 | 14) => {
                let mut basis = legal_basis(0);
                if let (Some(b), Some(14)) = (basis.as_mut(), finding) {
                    b.kind = LegalBasisKind::Other;
                    b.title = "本部门数据共享管理办法".to_string();
                    b.article = None;
                }
                sharing = Sharing {
                    sharing_type: SharingType::NotShared,
                    conditions: (finding != Some(6)).then(|| NOT_SHARED_BASES[0].0.to_string()),
                    scope: None,
                    purpose: None,
                    legal_basis: (finding != Some(13)).then_some(basis).flatten(),
                    modes: Vec::new(),
                }
            }
            Some(15) => security = None,
            Some(7) => {
                if let Some((_, item)) = self.previous_authority {
                    items.retain(|i| i.name != item.name);
                    items.insert(
                        0,
                        DataItem {
                            name: item.name.to_string(),
                            data_type: item.ty,
                            length: (item.len > 0).then_some(item.len),
                            grade: item.grade,
                            authoritative: true,
                            pi_kind: (!item.pi.is_empty()).then(|| item.pi.to_string()),
                            identifier_class: None,
                        },
                    );
                    items.truncate(30);
                }
            }
            Some(8) => (code, classification) = self.previous_code.clone(),
            Some(9) => {
                name.push_str("（含历年存量数据、增量更新数据及跨部门比对核验结果）");
                while name.chars().count() <= 50 {
                    name.push_str("和汇总统计数据");
                }
            }
            Some(10) => (code, classification) = self.first_code.clone(),
            _ => {}
        }

        // State for later resources.
        self.previous_authority =
            self.chosen.iter().find(|(d, _)| *d == dept_idx).map(|(_, item)| (dept_idx, *item));
        if index == 0 {
            self.first_code = (code.clone(), classification.clone());
        }
        self.previous_code = (code.clone(), classification.clone());
        if finding.is_some() {
            // Broken codes are not offered as related codes.
        } else if self.recent.len() < 64 {
            self.recent.push(code.clone());
        } else {
            let slot = (index % 64) as usize;
            if let Some(s) = self.recent.get_mut(slot) {
                *s = code.clone();
            }
        }

        Resource {
            code,
            classification,
            name,
            provider: provider_name,
            provider_code,
            summary,
            // `.into()` keeps this building whether the model holds these as
            // values or as `Option`s (missing fields are lint findings there).
            format: format.into(),
            items,
            security_level: security,
            sharing,
            open,
            update_cycle: update_cycle.into(),
            published,
            related,
        }
    }
}

/// Appends up to `want` items of `pool` in random order, skipping names
/// already chosen (partial Fisher–Yates over an index list).
fn push_shuffled(rng: &mut Rng, chosen: &mut Vec<(usize, Item)>, dept: usize, pool: &[Item], want: usize) {
    if want == 0 {
        return;
    }
    let mut order: Vec<usize> = (0..pool.len()).collect();
    let mut added = 0;
    for i in 0..order.len() {
        if added == want {
            break;
        }
        let j = i + rng.below(order.len() - i);
        order.swap(i, j);
        let item = pool[order[i]];
        if !chosen.iter().any(|(_, c)| c.name == item.name) {
            chosen.push((dept, item));
            added += 1;
        }
    }
}

fn cycle_label(c: UpdateCycle) -> &'static str {
    match c {
        UpdateCycle::Realtime => "实时",
        UpdateCycle::Daily => "每日",
        UpdateCycle::Weekly => "每周",
        UpdateCycle::Monthly => "每月",
        UpdateCycle::Quarterly => "每季度",
        UpdateCycle::Yearly => "每年",
    }
}

/// 2–4 sentences from templates, at most 256 characters.
#[allow(clippy::too_many_arguments)]
fn abstract_text(
    rng: &mut Rng,
    name: &str,
    provider: &str,
    dept: &Dept,
    region: &str,
    items: &[DataItem],
    sharing: SharingType,
    cycle: UpdateCycle,
) -> String {
    let first = match rng.below(3) {
        0 => format!("{name}由{provider}在履行{}职责过程中依法采集产生。", dept.duty),
        1 => format!("本资源汇集{provider}{}工作中形成的{name}。", dept.duty),
        _ => format!("{provider}依据{}职责归集的{name}。", dept.duty),
    };
    let listed: Vec<&str> = items.iter().take(3).map(|i| i.name.as_str()).collect();
    let contents = match rng.below(2) {
        0 => format!("主要包括{}等{}个信息项。", listed.join("、"), items.len()),
        _ => format!("包含{}个信息项，涉及{}等内容。", items.len(), listed.join("、")),
    };
    let region = if region.is_empty() { "全国" } else { region };
    let mut extra: Vec<String> = Vec::new();
    match rng.below(3) {
        0 => extra.push(format!("数据覆盖{region}，{}更新。", cycle_label(cycle))),
        1 => extra.push(format!("现存数据约{}万条，{}更新。", 1 + rng.below(5000), cycle_label(cycle))),
        _ => {}
    }
    if rng.percent(70) {
        let a = *rng.pick(&USES);
        let b = *rng.pick(&USES);
        extra.push(if a == b {
            format!("可用于{a}等业务场景。")
        } else {
            format!("可用于{a}、{b}等业务场景。")
        });
    }
    if rng.percent(40) {
        extra.push(
            match sharing {
                SharingType::Unconditional => "面向各级政务部门无条件共享。",
                SharingType::Conditional => "按有条件共享方式提供，须经提供方审核同意。",
                SharingType::NotShared => "依法不予共享，可申请核验服务。",
            }
            .to_string(),
        );
    }
    let mut text = first;
    text.push_str(&contents);
    for s in extra {
        if text.chars().count() + s.chars().count() <= 256 {
            text.push_str(&s);
        }
    }
    if text.chars().count() > 256 {
        text = text.chars().take(255).collect();
        text.push('。');
    }
    text
}

/// The same code with its check character replaced by the next one in the
/// charset (so it no longer verifies).
fn with_wrong_check(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(last) = chars.last_mut() {
        let pos = CREDIT_CODE_ALPHABET.iter().position(|&x| char::from(x) == *last).unwrap_or(0);
        *last = char::from(CREDIT_CODE_ALPHABET[(pos + 1) % CREDIT_CODE_ALPHABET.len()]);
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_names_are_unique_across_departments_and_common_items() {
        let v = vocabulary();
        let mut names = v.item_names.clone();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), v.item_names.len(), "an item name appears in two tables");
        assert!(v.item_names.len() >= 300, "vocabulary has {} names", v.item_names.len());
        assert!(v.departments.len() >= 40);
    }

    #[test]
    fn item_tables_are_sane() {
        for d in DEPTS {
            assert!(!d.objects.is_empty() && !d.items.is_empty(), "{}", d.national);
            assert!(usize::from(d.theme) >= 1 && usize::from(d.theme) <= THEMES.len());
            assert!(usize::from(d.base) <= BASES.len());
            for i in d.items.iter().chain(COMMON_ITEMS) {
                assert!((1..=4).contains(&i.grade), "{}", i.name);
                assert!(i.pi.is_empty() || PI_KINDS.contains(&i.pi), "{}", i.pi);
            }
        }
        assert!(DEPTS.len() < 100);
    }

    const PI_KINDS: [&str; 12] = [
        "name",
        "cn_resident_id",
        "cn_mobile",
        "cn_landline",
        "address",
        "bank_card",
        "cn_uscc",
        "email",
        "cn_passport",
        "cn_hk_macau_permit",
        "cn_plate",
        "birth_date",
    ];

    fn credit_code_valid(code: &str) -> bool {
        crate::identifiers::check_credit_code(code) == crate::identifiers::CreditCodeStatus::Valid
    }

    #[test]
    fn generated_department_codes_pass_gb32100() {
        for i in 0..DEPTS.len() {
            let c = department_code("330000", i);
            assert!(credit_code_valid(&c), "{c}");
            assert!(c.starts_with("11330000"));
            assert!(!credit_code_valid(&with_wrong_check(&c)));
        }
    }

    #[test]
    fn rng_is_splitmix64() {
        // Reference values of SplitMix64 seeded with 0.
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
