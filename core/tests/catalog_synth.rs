//! A deterministic synthetic catalog for the catalog tests and the
//! performance check (included by them with `#[path]`; no tests here).
#![allow(dead_code)]

use govshare_core::catalog::*;

const TOPICS: &[&str] = &[
    "企业",
    "个体工商户",
    "社会组织",
    "不动产",
    "婚姻",
    "户籍",
    "社会保险",
    "医疗保障",
    "住房公积金",
    "学位",
    "学历",
    "出生医学",
    "死亡",
    "机动车",
    "驾驶人",
    "纳税",
    "进出口",
    "专利",
    "商标",
    "药品",
    "食品经营",
    "建筑业",
    "道路运输",
    "养老服务",
    "残疾人",
    "低保",
    "退役军人",
    "律师执业",
    "教师资格",
    "医师执业",
];
const KINDS: &[&str] =
    &["登记", "备案", "许可", "处罚", "年报", "缴费", "参保", "核验", "证照", "统计", "变更", "注销"];
const PREFIXES: &[&str] = &[
    "",
    "男方",
    "女方",
    "申请人",
    "权利人",
    "纳税人",
    "经营者",
    "母亲",
    "父亲",
    "监护人",
    "联系人",
    "法定代表人",
    "被保险人",
    "驾驶人",
    "所有人",
    "负责人",
    "代理人",
    "继承人",
    "出资人",
    "受益人",
];
const BASES: &[&str] = &[
    "姓名",
    "公民身份号码",
    "联系电话",
    "地址",
    "名称",
    "统一社会信用代码",
    "出生日期",
    "登记日期",
    "证书编号",
    "金额",
    "状态",
    "类别",
    "有效期",
    "发证机关",
    "国籍",
    "性别",
    "民族",
    "邮政编码",
    "电子邮箱",
    "职业",
    "单位名称",
    "开户银行",
    "银行账号",
    "批准文号",
    "许可范围",
    "备注",
    "更新时间",
    "数据来源",
    "经度",
    "纬度",
];
const DEPTS: &[&str] = &[
    "公安厅",
    "民政厅",
    "人力资源和社会保障厅",
    "市场监督管理局",
    "税务局",
    "自然资源厅",
    "教育厅",
    "卫生健康委员会",
    "交通运输厅",
    "住房和城乡建设厅",
    "医疗保障局",
    "司法厅",
    "农业农村厅",
    "商务厅",
    "退役军人事务厅",
];
const REGIONS: &[&str] = &[
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "浙江省",
    "江苏省",
    "广东省",
    "四川省",
    "湖北省",
    "湖南省",
    "福建省",
    "山东省",
    "河南省",
];

/// Linear congruential generator: reproducible everywhere.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next_u64() % v.len() as u64) as usize]
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const CS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

pub fn uscc(n: u64) -> String {
    let body = format!("1133{:013}", n);
    let sum: u32 = body.chars().zip(W).map(|(c, w)| CS.find(c).unwrap() as u32 * w).sum();
    let check = CS.as_bytes()[((31 - sum % 31) % 31) as usize] as char;
    format!("{body}{check}")
}

pub fn providers() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, r) in REGIONS.iter().enumerate() {
        for (j, d) in DEPTS.iter().enumerate() {
            out.push((format!("{r}{d}"), uscc((i * 100 + j) as u64)));
        }
    }
    out
}

pub fn resource(rng: &mut Lcg, n: u64, providers: &[(String, String)]) -> Resource {
    let (provider, provider_code) = &providers[rng.below(providers.len() as u64) as usize];
    let topic = rng.pick(TOPICS);
    let kind = rng.pick(KINDS);
    let class = format!("{}{:02}{:03}", 1 + rng.below(3), 1 + rng.below(20), 1 + rng.below(30));
    let n_items = 10 + rng.below(16);
    let mut items = Vec::new();
    for _ in 0..n_items {
        let name = format!("{}{}", rng.pick(PREFIXES), rng.pick(BASES));
        let grade = 1 + rng.below(4) as u8;
        // Every class and none, without another draw from the generator
        // (the catalogs other tests build stay the same).
        let identifier_class = IdentifierClass::ALL.get((usize::from(grade) + name.len()) % 5).copied();
        items.push(DataItem {
            name,
            data_type: ItemType::ALL[rng.below(4) as usize],
            length: if rng.below(3) == 0 { None } else { Some(10 + rng.below(200) as u32) },
            grade,
            authoritative: rng.below(20) == 0,
            pi_kind: if rng.below(5) == 0 { Some("name".into()) } else { None },
            identifier_class,
        });
    }
    let sharing_type = SharingType::ALL[rng.below(3) as usize];
    let conditions = match sharing_type {
        SharingType::Unconditional => Some("无条件".to_owned()),
        SharingType::Conditional => Some(format!("仅限{}相关职责使用", topic)),
        SharingType::NotShared => Some("依据有关法律法规不予共享".to_owned()),
    };
    let security_level =
        if items.iter().any(|i| i.grade == 4) { SecurityLevel::Important } else { SecurityLevel::General };
    Resource {
        code: format!("{class}/{n:06}"),
        classification: class,
        name: format!(
            "{}{}{}信息",
            &provider[..provider.find(['省', '市']).map_or(0, |p| p + 3)],
            topic,
            kind
        ),
        provider: provider.clone(),
        provider_code: provider_code.clone(),
        summary: format!(
            "{provider}在办理{topic}{kind}业务中形成的{topic}{kind}记录，按规定汇聚至共享平台。"
        ),
        format: Some(ResourceFormat::ALL[rng.below(7) as usize]),
        items,
        security_level: Some(security_level),
        sharing: Sharing {
            sharing_type,
            conditions,
            scope: (sharing_type == SharingType::Conditional).then(|| format!("承担{topic}相关职责的部门")),
            purpose: (sharing_type == SharingType::Conditional).then(|| format!("{topic}{kind}业务办理")),
            legal_basis: (sharing_type == SharingType::NotShared).then(|| LegalBasis {
                kind: LegalBasisKind::Law,
                title: "中华人民共和国数据安全法".to_owned(),
                article: None,
            }),
            modes: vec![SharingMode::OnlineQuery],
        },
        open: None,
        update_cycle: Some(UpdateCycle::ALL[rng.below(6) as usize]),
        published: format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        related: vec![],
    }
}

/// A catalog document of `n` resources, as JSON bytes.
pub fn document(n: u64, seed: u64) -> Vec<u8> {
    let mut rng = Lcg::new(seed);
    let providers = providers();
    let mut out = r#"{"format":"govshare-catalog","format_version":2,"catalog":{"id":"synthetic","name":"合成目录","version":1},"resources":["#.as_bytes().to_vec();
    for i in 0..n {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'\n');
        serde_json::to_writer(&mut out, &resource(&mut rng, i, &providers)).unwrap();
    }
    out.extend_from_slice(b"\n]}");
    out
}

/// The same resources as values.
pub fn resources(n: u64, seed: u64) -> Vec<Resource> {
    let mut rng = Lcg::new(seed);
    let providers = providers();
    (0..n).map(|i| resource(&mut rng, i, &providers)).collect()
}
