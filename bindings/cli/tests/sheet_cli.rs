//! `govshare mask verify | scan | apply | deid` over workbooks (issue #15):
//! `.xlsx` files written here with rust_xlsxwriter (a writer independent of
//! the reader), read by core's sheet reader through the built binary.

mod common;

use common::{run_bytes, scratch, text};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// An ID number (valid GB 11643 check digit) that must never reach an error.
const ID: &str = "11010519491231002X";

fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json(b: &[u8]) -> serde_json::Value {
    serde_json::from_slice(b).unwrap_or_else(|e| panic!("{e}: {}", text(b)))
}

/// Writes `rows` (strings; a cell that parses as a number is written as one)
/// to `sheet` starting at 0-based row `top`.
fn put(ws: &mut Worksheet, top: u32, rows: &[&[&str]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (top + r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                Err(_) => ws.write_string(r, c, *cell).map(|_| ()),
            }
            .expect("write cell");
        }
    }
}

fn save(wb: &mut Workbook, dir: &std::path::Path, name: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, wb.save_to_buffer().expect("xlsx")).expect("write");
    p.to_string_lossy().into_owned()
}

const PATIENTS: &[&[&str]] = &[
    &["age", "sex", "disease", "phone"],
    &["30", "M", "flu", "138****5678"],
    &["30", "M", "cold", "139****0000"],
    &["30", "M", "flu", "13812345678"],
    &["30", "F", "flu", "137****1111"],
    &["30", "F", "cold", "136****2222"],
    &["40", "M", "cancer", "135****3333"],
];

fn csv_of(rows: &[&[&str]]) -> String {
    rows.iter().map(|r| r.join(",") + "\n").collect()
}

#[test]
fn deid_on_a_workbook_reports_as_on_the_same_csv() {
    let d = scratch("sheet-cli", "deid");
    let mut wb = Workbook::new();
    // Leading empty rows: the header is the first row with a value.
    put(wb.add_worksheet(), 2, PATIENTS);
    let xlsx = save(&mut wb, &d, "patients.xlsx");
    let csv = d.join("patients.csv");
    std::fs::write(&csv, csv_of(PATIENTS)).expect("csv");
    let args = ["--quasi", "age,sex", "--sensitive", "disease", "--direct", "phone", "--k", "2", "--json"];
    let run = |file: &str| {
        let mut a = vec!["mask", "deid", file];
        a.extend_from_slice(&args);
        run_bytes(&a, None)
    };
    let (from_sheet, from_csv) = (run(&xlsx), run(csv.to_str().expect("path")));
    assert_eq!(code(&from_sheet), 1, "{}", text(&from_sheet.stderr));
    let v = json(&from_sheet.stdout);
    assert_eq!((v["records"].as_u64(), v["k_achieved"].as_u64()), (Some(6), Some(1)));
    assert_eq!(v["direct_unmasked"]["phone"], 1);
    assert_eq!(v, json(&from_csv.stdout), "a workbook and its CSV give one report");
    // From stdin: the content says xlsx, or --format does.
    let bytes = std::fs::read(&xlsx).expect("read");
    for extra in [&[][..], &["--format", "xlsx"][..]] {
        let mut a = vec!["mask", "deid", "-"];
        a.extend_from_slice(&args);
        a.extend_from_slice(extra);
        let o = run_bytes(&a, Some(&bytes));
        assert_eq!(json(&o.stdout), v, "{}", text(&o.stderr));
    }
}

#[test]
fn verify_and_scan_name_the_sheet_row_and_apply_writes_csv() {
    let d = scratch("sheet-cli", "verify");
    let policy = d.join("policy.json");
    std::fs::write(&policy, r#"{"fields": {"name": {"rule": "keep", "first": 1, "last": 0}, "idNumber": {"rule": "keep", "first": 6, "last": 4}, "n": {"rule": "plain"}, "flag": {"rule": "plain"}, "day": {"rule": "plain"}}}"#)
        .expect("policy");
    let policy = policy.to_string_lossy().into_owned();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("说明").expect("name").write_string(0, 0, "readme").expect("cell");
    let ws = wb.add_worksheet().set_name("Data").expect("name");
    put(
        ws,
        1,
        &[
            &["name", "idNumber", "n", "flag", "day"],
            &["张三", ID, "42", "", ""],
            &[],
            &["李四", "440524********0014", "1.5", "", ""],
        ],
    );
    ws.write_boolean(2, 3, true).expect("bool");
    let day = ExcelDateTime::from_ymd(2024, 1, 31).expect("date");
    ws.write_datetime_with_format(2, 4, &day, &Format::new().set_num_format("yyyy-mm-dd")).expect("date");
    let at = ExcelDateTime::from_ymd(2024, 1, 31).and_then(|d| d.and_hms(8, 30, 0)).expect("datetime");
    ws.write_datetime_with_format(4, 4, &at, &Format::new().set_num_format("yyyy-mm-dd hh:mm")).expect("dt");
    let file = save(&mut wb, &d, "data.xlsx");

    // The first sheet has no `name` column; the one named does.
    let o = run_bytes(&["mask", "verify", "--policy", &policy, "--sheet", "Data", "--json", &file], None);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    let v = json(&o.stdout);
    assert_eq!(v["records"], 2);
    let leak = v["violations"].as_array().expect("list").iter().find(|x| x["field"] == "idNumber").cloned();
    let leak = leak.expect("the full ID number is a violation");
    // Sheet row 3 (header on row 2, an empty row skipped), not CSV line 2.
    assert_eq!(leak["line"], 3, "{leak}");
    assert!(!text(&o.stdout).contains(ID));

    let o = run_bytes(&["mask", "scan", "--sheet", "Data", "--json", &file], None);
    assert_eq!(code(&o), 1, "{}", text(&o.stderr));
    assert_eq!(json(&o.stdout)["records"], 2);

    let out = d.join("masked.csv");
    let o = run_bytes(
        &["mask", "apply", "--policy", &policy, "--sheet", "Data", "--out", out.to_str().expect("p"), &file],
        None,
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let masked = std::fs::read_to_string(&out).expect("out");
    assert_eq!(
        masked,
        "name,idNumber,n,flag,day\r\n张*,110105********002X,42,TRUE,2024-01-31\r\n李*,440524********0014,1.5,,2024-01-31T08:30:00\r\n"
    );
    let o = run_bytes(&["mask", "verify", "--policy", &policy, out.to_str().expect("p")], None);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
}

/// What the reader refuses: exit 2, the error's code and the cell, never a value.
#[test]
fn bad_workbooks_exit_2_with_a_coded_error_naming_the_cell() {
    let d = scratch("sheet-cli", "bad");
    let deid = |file: &str, sheet: Option<&str>| {
        let mut a = vec!["mask", "deid", file, "--quasi", "a", "--k", "1", "--json"];
        if let Some(s) = sheet {
            a.extend_from_slice(&["--sheet", s]);
        }
        let o = run_bytes(&a, None);
        assert_eq!(code(&o), 2, "{}", text(&o.stderr));
        let all = text(&o.stderr) + &text(&o.stdout);
        assert!(!all.contains(ID) && !all.contains("SECRET"), "{all}");
        let e = json(&o.stderr);
        (
            e["error"]["code"].as_str().unwrap_or_default().to_owned(),
            e["error"]["message"].as_str().unwrap_or_default().to_owned(),
        )
    };
    let book = |name: &str, f: &dyn Fn(&mut Worksheet)| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Data").expect("name");
        put(ws, 0, &[&["a", "b"], &["1", ID]]);
        f(ws);
        save(&mut wb, &d, name)
    };
    let formula = book("formula.xlsx", &|ws| {
        ws.write_formula(2, 1, Formula::new("=A2+1").set_result(ID)).map(|_| ()).expect("formula");
    });
    let (c, m) = deid(&formula, None);
    assert_eq!(c, "sheet_formula");
    assert!(m.contains("Data!B3"), "{m}");
    let merged = book("merged.xlsx", &|ws| {
        ws.merge_range(0, 0, 0, 1, "a", &Format::new()).map(|_| ()).expect("merge");
    });
    assert_eq!(deid(&merged, None).0, "sheet_merged_header");
    let dup = book("dup.xlsx", &|ws| {
        ws.write_string(0, 1, "a").map(|_| ()).expect("dup");
    });
    let (c, m) = deid(&dup, None);
    assert_eq!(c, "sheet_header_invalid");
    assert!(m.contains("Data!B1"), "{m}");
    let ragged = book("ragged.xlsx", &|ws| {
        ws.write_string(5, 3, "SECRET").map(|_| ()).expect("ragged");
    });
    let (c, m) = deid(&ragged, None);
    assert_eq!(c, "sheet_ragged_row");
    assert!(m.contains("Data!D6"), "{m}");
    let fine = book("fine.xlsx", &|_| {});
    assert_eq!(deid(&fine, Some("Other")).0, "sheet_not_found");
    let not = d.join("not.xlsx");
    std::fs::write(&not, format!("a,b\n1,{ID}\n")).expect("write");
    let o = run_bytes(
        &["mask", "deid", "--format", "xlsx", "--quasi", "a", "--json", "-"],
        Some(&std::fs::read(&not).expect("r")),
    );
    assert_eq!(code(&o), 2);
    assert_eq!(json(&o.stderr)["error"]["code"], "sheet_unreadable");
    // The name says xlsx, the content CSV: never guessed, name the format.
    assert_eq!(deid(not.to_str().expect("p"), None).0, "invalid_argument");
}
