//! Masking benchmark, native side.
//!
//! ```text
//! govshare-bench-mask gen --records 100000 --seed 5 --out-dir bench/mask/data
//!     # writes raw.ndjson (the records), masked.ndjson (raw under policy.json) and policy.json
//! govshare-bench-mask run --dir bench/mask/data --rounds 5 > out/native.json
//!     # scan of raw.ndjson and verify of masked.ndjson, fed in 1 MiB chunks
//! govshare-bench-mask digest --dir bench/mask/data
//!     # the same digest of every detection as py/detect_digest.py (behaviour check)
//! ```
//!
//! Records: name, ID number, phone, address and a Chinese free-text remark.
//! A third of the remarks embed an identifier — resident IDs, mobiles,
//! landlines, bank cards, 统一社会信用代码, e-mails, passports, plates — with
//! valid and invalid checksums, some in full-width digits or grouped, beside
//! numbers that are not identifiers (order numbers, amounts, dates). The
//! generator is deterministic for a seed (SplitMix64).

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use govshare_core::mask::detect::{resident_id_check_char, uscc_check_char};
use govshare_core::mask::{DataFormat, MaskPolicy, MaskVerifier, Scanner, StreamOptions};
use serde_json::{json, Value};

/// The policy of the verify benchmark (the issue's minimal form plus phone,
/// address and remark).
const POLICY: &str = r#"{
  "fields": {
    "name": {"rule": "keep", "first": 1, "last": 0},
    "idNumber": {"rule": "keep", "first": 6, "last": 4},
    "phone": {"rule": "keep", "first": 3, "last": 4},
    "address": {"rule": "generalize", "to": "county"},
    "remark": {"rule": "plain"}
  },
  "mask_char": "*"
}
"#;

const CHUNK: usize = 1 << 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let res = match args.first().map(String::as_str) {
        Some("gen") => gen(&args[1..]),
        Some("run") => run(&args[1..]).map(|v| println!("{v}")),
        Some("digest") => digest(&args[1..]),
        _ => Err("usage: govshare-bench-mask gen|run [options] (see the source header)".into()),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("govshare-bench-mask: {e}");
            ExitCode::from(2)
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn num_flag(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    flag(args, name).map_or(Ok(default), |v| v.parse().map_err(|_| format!("{name}: not a number")))
}

// ------------------------------------------------------------------ generator

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

const SURNAMES: [&str; 24] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "高", "罗", "欧阳", "司马", "诸葛", "上官",
];
const GIVEN: [&str; 30] = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀兰", "霞", "平", "刚", "桂英", "华", "建国", "志强", "晓东", "海燕", "思远", "雨桐",
];
/// (area code, province, city, district, landline area code)
const PLACES: [(&str, &str, &str, &str, &str); 15] = [
    ("110105", "北京市", "", "朝阳区", "010"),
    ("310104", "上海市", "", "徐汇区", "021"),
    ("330106", "浙江省", "杭州市", "西湖区", "0571"),
    ("440305", "广东省", "深圳市", "南山区", "0755"),
    ("510107", "四川省", "成都市", "武侯区", "028"),
    ("420106", "湖北省", "武汉市", "武昌区", "027"),
    ("320102", "江苏省", "南京市", "玄武区", "025"),
    ("370202", "山东省", "青岛市", "市南区", "0532"),
    ("610113", "陕西省", "西安市", "雁塔区", "029"),
    ("350203", "福建省", "厦门市", "思明区", "0592"),
    ("500103", "重庆市", "", "渝中区", "023"),
    ("120101", "天津市", "", "和平区", "022"),
    ("430104", "湖南省", "长沙市", "岳麓区", "0731"),
    ("410105", "河南省", "郑州市", "金水区", "0371"),
    ("530102", "云南省", "昆明市", "五华区", "0871"),
];
const STREETS: [&str; 14] = [
    "文三路",
    "中山路",
    "人民路",
    "解放大道",
    "建设街",
    "长江路",
    "科技园南路",
    "和平里",
    "学院路",
    "滨江大道",
    "南京东路",
    "春熙路",
    "五一大道",
    "金水东路",
];
const ESTATES: [&str; 8] = ["阳光花园", "翠苑小区", "锦绣家园", "金色家园", "幸福里", "东方明珠苑", "", ""];
const OPENERS: [&str; 12] = [
    "申请人于2024年3月办理社保转移业务，材料齐全，已受理。",
    "经核查，该户籍信息与公安系统比对一致，符合共享条件。",
    "请于五个工作日内答复，逾期将按程序处理。",
    "因系统升级，本条记录由人工补录，复核人：办公室。",
    "不动产登记信息已同步至市级共享交换平台。",
    "当事人对处理结果无异议，已签字确认。",
    "依据《政务数据共享管理办法》第十二条，按有条件共享办理。",
    "已电话回访，群众满意。",
    "本月累计办理相关业务37件，其中线上办理29件。",
    "材料缺少户口簿复印件，已一次性告知补正。",
    "该事项属于高频事项，纳入“一网通办”清单。",
    "备注：原件已退回，复印件存档。",
];
const PLATE_PROVINCES: [&str; 10] = ["京", "沪", "浙", "粤", "川", "鄂", "苏", "鲁", "陕", "闽"];
const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const EMAIL_USERS: [&str; 6] = ["zhangwei", "li.na", "wang_fang88", "service", "chen.jie", "hr2024"];
const EMAIL_DOMAINS: [&str; 5] = ["example.com", "qq.com", "163.com", "gov.cn", "mail.example.org"];
const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn birth(r: &mut Rng) -> (u32, u32, u32) {
    (1950 + r.below(56) as u32, 1 + r.below(12) as u32, 1 + r.below(28) as u32)
}

fn resident_id(r: &mut Rng, area: &str, valid: bool) -> String {
    let (y, m, d) = birth(r);
    let first17 = format!("{area}{y:04}{m:02}{d:02}{}", r.digits(3));
    let check = resident_id_check_char(first17.as_bytes()).unwrap_or(b'0');
    let check =
        if valid { check } else { b"0123456789X"[(usize::from(check % 11) + 1 + r.below(9) as usize) % 11] };
    let mut s = first17;
    // Lower-case x appears in real data.
    s.push(if check == b'X' && r.chance(30) { 'x' } else { char::from(check) });
    if !valid && resident_id_check_char(&s.as_bytes()[..17]) == Some(s.as_bytes()[17].to_ascii_uppercase()) {
        s.pop();
        s.push(if check == b'0' { '1' } else { '0' });
    }
    s
}

fn legacy_id(r: &mut Rng, area: &str) -> String {
    let (y, m, d) = birth(r);
    format!("{area}{:02}{m:02}{d:02}{}", y % 100, r.digits(3))
}

fn mobile(r: &mut Rng) -> String {
    format!("1{}{}", r.pick(&['3', '5', '7', '8', '9']), r.digits(9))
}

fn luhn_digit(body: &str) -> u8 {
    let mut sum = 0u32;
    for (k, c) in body.bytes().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if k % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    b'0' + ((10 - sum % 10) % 10) as u8
}

fn bank_card(r: &mut Rng, valid: bool) -> String {
    let len = *r.pick(&[16usize, 19]);
    let body = format!("{}{}", r.pick(&["622202", "621700", "622848", "623668"]), r.digits(len - 7));
    let check = luhn_digit(&body);
    let check = if valid { check } else { b'0' + (check - b'0' + 1 + r.below(9) as u8) % 10 };
    let mut s = body;
    s.push(char::from(check));
    s
}

fn uscc(r: &mut Rng, area: &str, valid: bool) -> String {
    let mut s = format!("91{area}");
    for _ in 0..9 {
        s.push(char::from(*r.pick(USCC_CHARS)));
    }
    let check = uscc_check_char(s.as_bytes()).unwrap_or(b'0');
    let check = if valid {
        check
    } else {
        let p = USCC_CHARS.iter().position(|&c| c == check).unwrap_or(0);
        USCC_CHARS[(p + 1 + r.below(30) as usize) % 31]
    };
    s.push(char::from(check));
    s
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap_or(c) } else { c })
        .collect()
}

fn grouped(s: &str, sizes: &[usize], sep: char) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &n in sizes {
        if at > 0 {
            out.push(sep);
        }
        out.push_str(s.get(at..at + n).unwrap_or(""));
        at += n;
    }
    out.push_str(s.get(at..).unwrap_or(""));
    out
}

/// One sentence that embeds an identifier (or a number that is none).
fn embedded(r: &mut Rng, area: &str, tel_area: &str) -> String {
    match r.below(20) {
        0 | 1 => format!("申请人身份证号{}，已核验。", resident_id(r, area, true)),
        2 => format!("原登记证件号{}有误，已更正。", resident_id(r, area, false)),
        3 | 4 => format!("联系电话{}，请尽快处理。", mobile(r)),
        5 => format!("紧急联系人电话+86 {}。", grouped(&mobile(r), &[3, 4], ' ')),
        6 => format!("联系电话{}。", full_width(&mobile(r))),
        7 => format!(
            "办公电话{}-{}{}。",
            tel_area,
            2 + r.below(8),
            r.digits(if tel_area.len() == 3 { 7 } else { 6 })
        ),
        8 => format!("退款至银行卡{}。", bank_card(r, true)),
        9 => format!("卡号{}校验失败。", grouped(&bank_card(r, false), &[4, 4, 4, 4], ' ')),
        10 => format!("企业统一社会信用代码{}。", uscc(r, area, true)),
        11 => format!("统一社会信用代码{}（待核）。", uscc(r, area, false)),
        12 => format!("回复邮箱{}@{}。", r.pick(&EMAIL_USERS[..]), r.pick(&EMAIL_DOMAINS[..])),
        13 => {
            let p = r.pick(&PLATE_PROVINCES[..]).to_string();
            let l = char::from(*r.pick(PLATE_LETTERS));
            format!("车辆{p}{l}{}{}违停已处理。", r.digits(4), char::from(*r.pick(PLATE_LETTERS)))
        }
        14 => format!("护照号码E{}。", r.digits(8)),
        15 => format!("旧证件号{}。", legacy_id(r, area)),
        16 => format!("订单号{}已关闭。", r.digits(20)),
        17 => format!(
            "补贴金额{}.{}元，{}年{}月发放。",
            r.digits(4),
            r.digits(2),
            2020 + r.below(5),
            1 + r.below(12)
        ),
        18 => format!("工单编号WO-{}-{}。", 2024, r.digits(6)),
        _ => format!("受理编号{}，窗口{}号。", r.digits(12), 1 + r.below(30)),
    }
}

fn record(r: &mut Rng, out: &mut String) {
    let (area, prov, city, district, tel_area) = *r.pick(&PLACES[..]);
    let name = format!("{}{}", r.pick(&SURNAMES[..]), r.pick(&GIVEN[..]));
    let id = if r.chance(4) { legacy_id(r, area) } else { resident_id(r, area, true) };
    let phone = if r.chance(85) {
        mobile(r)
    } else {
        format!("{tel_area}-{}{}", 2 + r.below(8), r.digits(if tel_area.len() == 3 { 7 } else { 6 }))
    };
    let address = format!(
        "{prov}{city}{district}{}{}号{}{}栋{}室",
        r.pick(&STREETS[..]),
        1 + r.below(300),
        r.pick(&ESTATES[..]),
        1 + r.below(30),
        101 + r.below(2400)
    );
    let mut remark = String::new();
    remark.push_str(pick_str(r, &OPENERS));
    if r.chance(35) {
        remark.push_str(&embedded(r, area, tel_area));
    }
    if r.chance(40) {
        remark.push_str(pick_str(r, &OPENERS));
    }
    let rec = json!({"name": name, "idNumber": id, "phone": phone, "address": address, "remark": remark});
    let _ = writeln!(out, "{rec}");
}

fn gen(args: &[String]) -> Result<(), String> {
    let n = num_flag(args, "--records", 100_000)?;
    let seed = num_flag(args, "--seed", 5)?;
    let dir = flag(args, "--out-dir").ok_or("--out-dir is required")?;
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut r = Rng(seed);
    let mut raw = String::with_capacity(n as usize * 300);
    for _ in 0..n {
        record(&mut r, &mut raw);
    }
    let policy = MaskPolicy::from_json(POLICY).map_err(|e| e.to_string())?;
    let fin = govshare_core::mask::apply_bytes(
        &policy,
        DataFormat::Ndjson,
        raw.as_bytes(),
        None,
        &StreamOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    if fin.report.issue_count > 0 {
        return Err(format!(
            "apply reported {} issues: {:?}",
            fin.report.issue_count,
            fin.report.issues.first()
        ));
    }
    let write =
        |name: &str, data: &[u8]| std::fs::write(format!("{dir}/{name}"), data).map_err(|e| e.to_string());
    write("raw.ndjson", raw.as_bytes())?;
    write("masked.ndjson", &fin.output)?;
    write("policy.json", POLICY.as_bytes())?;
    eprintln!(
        "gen: {n} records, raw {:.1} MB, masked {:.1} MB, seed {seed} -> {dir}",
        raw.len() as f64 / 1e6,
        fin.output.len() as f64 / 1e6
    );
    Ok(())
}

// --------------------------------------------------------------------- runner

/// CPU time of this thread in seconds (Linux; falls back to 0).
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Times `f` for `rounds` rounds after one warm-up; returns per-round
/// (wall s, cpu s) and the warm-up's result.
fn timed<T>(
    rounds: u64,
    mut f: impl FnMut() -> Result<T, String>,
) -> Result<(Vec<f64>, Vec<f64>, T), String> {
    let first = f()?;
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (w0, c0) = (Instant::now(), thread_cpu());
        f()?;
        cpu.push(thread_cpu() - c0);
        wall.push(w0.elapsed().as_secs_f64());
    }
    Ok((wall, cpu, first))
}

fn op_result(bytes: usize, wall: Vec<f64>, cpu: Vec<f64>, extra: Value) -> Value {
    let mb = bytes as f64 / 1e6;
    let (w, c) = (median(wall.clone()), median(cpu.clone()));
    json!({
        "bytes": bytes,
        "rounds": wall.len(),
        "wall_s": wall,
        "cpu_s": cpu,
        "median_wall_s": w,
        "median_cpu_s": c,
        "mb_per_s_wall": mb / w,
        "mb_per_s_cpu": mb / c,
        "result": extra,
    })
}

fn run(args: &[String]) -> Result<Value, String> {
    let dir = flag(args, "--dir").ok_or("--dir is required")?;
    let rounds = num_flag(args, "--rounds", 5)?;
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).map_err(|e| format!("{dir}/{name}: {e}"));
    let raw = read("raw.ndjson")?;
    let masked = read("masked.ndjson")?;
    let policy_json = String::from_utf8(read("policy.json")?).map_err(|e| e.to_string())?;
    let policy = MaskPolicy::from_json(&policy_json).map_err(|e| e.to_string())?;
    let opts = StreamOptions::default();
    // `--ops scan,verify` runs a subset (e.g. one op under valgrind).
    let ops = flag(args, "--ops").unwrap_or_else(|| "scan,verify,verify_raw".into());
    let want = |op: &str| ops.split(',').any(|o| o == op);
    let mut out = serde_json::Map::new();

    if want("scan") {
        let (w, c, scan) = timed(rounds, || {
            let mut s = Scanner::new(DataFormat::Ndjson, &opts);
            for chunk in raw.chunks(CHUNK) {
                s.feed(chunk).map_err(|e| e.to_string())?;
            }
            s.finish().map_err(|e| e.to_string())
        })?;
        let scan_kinds: serde_json::Map<String, Value> =
            scan.kinds.iter().map(|k| (k.name.clone(), json!(k.count))).collect();
        let scan_v = op_result(
            raw.len(),
            w,
            c,
            json!({"records": scan.records, "findings": scan.finding_count, "kinds": scan_kinds}),
        );
        out.insert("scan".into(), scan_v);
    }

    if want("verify") {
        let (w, c, ver) = timed(rounds, || {
            let mut v =
                MaskVerifier::new(&policy, None, DataFormat::Ndjson, &opts).map_err(|e| e.to_string())?;
            for chunk in masked.chunks(CHUNK) {
                v.feed(chunk).map_err(|e| e.to_string())?;
            }
            v.finish().map_err(|e| e.to_string())
        })?;
        let verify_v = op_result(
            masked.len(),
            w,
            c,
            json!({"records": ver.records, "passed": ver.passed, "violations": ver.violation_count}),
        );
        out.insert("verify".into(), verify_v);
    }

    // Verify of the raw data (must fail: every ID and phone is unmasked) — the
    // same bytes as scan, so the two figures compare directly.
    if want("verify_raw") {
        let (w, c, ver_raw) = timed(rounds, || {
            let mut v =
                MaskVerifier::new(&policy, None, DataFormat::Ndjson, &opts).map_err(|e| e.to_string())?;
            for chunk in raw.chunks(CHUNK) {
                v.feed(chunk).map_err(|e| e.to_string())?;
            }
            v.finish().map_err(|e| e.to_string())
        })?;
        let verify_raw_v = op_result(
            raw.len(),
            w,
            c,
            json!({"records": ver_raw.records, "passed": ver_raw.passed, "violations": ver_raw.violation_count}),
        );
        out.insert("verify_raw".into(), verify_raw_v);
    }

    Ok(json!({
        "engine": "govshare-native",
        "version": env!("CARGO_PKG_VERSION"),
        "chunk_bytes": CHUNK,
        "ops": out,
    }))
}

fn pick_str(r: &mut Rng, xs: &[&'static str]) -> &'static str {
    r.pick::<&'static str>(xs)
}

/// Digest of every detection over every line and string value of raw and
/// masked data, byte for byte what `py/detect_digest.py` hashes.
fn digest(args: &[String]) -> Result<(), String> {
    use sha2_free::Sha256Lines;
    let dir = flag(args, "--dir").ok_or("--dir is required")?;
    let mut h = Sha256Lines::default();
    let mut n = 0u64;
    for name in ["raw.ndjson", "masked.ndjson"] {
        let data = std::fs::read_to_string(format!("{dir}/{name}")).map_err(|e| e.to_string())?;
        for line in data.lines() {
            let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let mut texts = vec![line.to_owned()];
            if let Some(o) = v.as_object() {
                texts.extend(o.values().filter_map(|x| x.as_str().map(str::to_owned)));
            }
            for t in &texts {
                for d in govshare_core::mask::detect_identifiers(t) {
                    n += 1;
                    h.line(&format!(
                        "{}|{}|{}|{}|{}|{}|{}",
                        d.kind, d.reason, d.start, d.end, d.char_start, d.char_end, d.excerpt
                    ));
                }
            }
        }
    }
    println!("detections {n} sha256 {}", h.hex());
    Ok(())
}

/// SHA-256 through the core's hashing (the bench has no crypto dependency
/// of its own).
mod sha2_free {
    #[derive(Default)]
    pub struct Sha256Lines(Vec<u8>);
    impl Sha256Lines {
        pub fn line(&mut self, s: &str) {
            self.0.extend_from_slice(s.as_bytes());
            self.0.push(b'\n');
        }
        pub fn hex(&self) -> String {
            govshare_core::digest::sha256_hex(&self.0)
        }
    }
}
