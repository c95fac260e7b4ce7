//! Workbooks (`.xlsx`, `.xls`, `.ods`) for the masking checks and the
//! de-identification check (issue #15), read with `calamine`.
//!
//! A workbook is a zip archive (or an OLE2 file) that cannot be read before
//! its end, so it is read **whole**, within a size limit, not streamed: the
//! engines' `feed`/`push` buffer its bytes ([`WorkbookInput`]) and their
//! `finish` reads one sheet into a table, renders the table as RFC 4180 CSV
//! text and runs the CSV code path over it. Every record of that CSV keeps
//! the sheet row it came from, so violations and errors name the sheet's
//! rows, not the CSV's lines.
//!
//! The table is read strictly — fail closed — (docs/masking.md §10): the
//! first sheet or the one named; the header is the first row with a value;
//! header cells are non-empty and unique; no merged cell touches the header
//! row; no cell anywhere holds a formula (its cached value may not be what
//! the provider computed) or an error value (`#N/A`); no value lies right of
//! the header's last column. Rows without any value are skipped. Errors name
//! the sheet, the cell (A1) and its row and column, never a cell's value.

use std::io::Cursor;

use calamine::{Data, DataRef, ExcelDateTime, Reader};

use super::input::{write_csv_cell, DataFormat, RecordReader};
use crate::error::{Error, Location, Result};

/// The largest workbook read, in bytes (a workbook is read whole).
pub const MAX_WORKBOOK_BYTES: usize = 64 * 1024 * 1024;

/// The most cells with a value one sheet may hold.
const MAX_CELLS: usize = 16 * 1024 * 1024;

/// The largest table text (all cells of the sheet) kept, in bytes: a
/// compressed workbook may unpack to much more than it weighs.
const MAX_TEXT_BYTES: usize = 4 * MAX_WORKBOOK_BYTES;

/// What one cell holds, as the table sees it.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Text(String),
    Formula,
    ErrorValue,
}

/// One sheet's cells with a value (0-based row, column), and its merged regions.
#[derive(Debug, Default)]
struct RawSheet {
    name: String,
    cells: Vec<(u32, u32, Val)>,
    merged: Vec<((u32, u32), (u32, u32))>,
    text_bytes: usize,
}

impl RawSheet {
    fn add(&mut self, row: u32, col: u32, val: Val) -> Result<()> {
        if let Val::Text(t) = &val {
            if t.is_empty() {
                return Ok(());
            }
            self.text_bytes = self.text_bytes.saturating_add(t.len());
            if self.text_bytes > MAX_TEXT_BYTES {
                return Err(Error::LimitExceeded {
                    what: "text of a sheet in bytes".into(),
                    limit: MAX_TEXT_BYTES as u64,
                    location: cell_at(&self.name, row, col),
                });
            }
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(Error::LimitExceeded {
                what: "cells with a value in a sheet".into(),
                limit: MAX_CELLS as u64,
                location: cell_at(&self.name, row, col),
            });
        }
        self.cells.push((row, col, val));
        Ok(())
    }
}

/// The letters of a 0-based column (`0` → `A`, `26` → `AA`).
fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The sheet name as an A1 reference prefix: quoted (`'My data'!`) unless
/// it is letters, digits and `_` only.
fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        format!("{sheet}!")
    } else {
        format!("'{}'!", sheet.replace('\'', "''"))
    }
}

/// `Sheet1!B3` for 0-based row 2, column 1.
fn a1(sheet: &str, row: u32, col: u32) -> String {
    format!("{}{}{}", sheet_ref(sheet), column_letters(col), u64::from(row) + 1)
}

/// A whole row in A1 notation: `Sheet1!5:5` for 1-based row 5.
fn row_ref(sheet: &str, row: u64) -> String {
    format!("{}{row}:{row}", sheet_ref(sheet))
}

/// The location of a cell: A1 reference, 1-based row and column.
fn cell_at(sheet: &str, row: u32, col: u32) -> Location {
    Location::at(Some(a1(sheet, row, col)), u64::from(row) + 1, u64::from(col) + 1)
}

// ------------------------------------------------------------------- text

/// A number's text: an integer-valued float below 2^53 without `.0`, any
/// other the shortest decimal digits that read back as the same float.
fn number_text(x: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.is_finite() && x.fract() == 0.0 && x.abs() < EXACT {
        // Exact: |x| < 2^53 fits an i64 without rounding.
        #[allow(clippy::cast_possible_truncation)]
        let i = x as i64;
        return i.to_string();
    }
    x.to_string()
}

/// An Excel date/time serial as ISO 8601: `YYYY-MM-DD` when it has no time
/// of day, else `YYYY-MM-DDTHH:MM:SS` (with `.mmm` when it has milliseconds);
/// a time of day alone (serial below 1) as `HH:MM:SS`; a duration as
/// `PT…H…M…S`.
fn datetime_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let ms = (d.as_f64() * 86_400_000.0).round();
        let neg = ms < 0.0;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ms = ms.abs().min(9.0e15) as u64;
        let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        let sign = if neg { "-" } else { "" };
        return if milli > 0 {
            format!("{sign}PT{h}H{m}M{s}.{milli:03}S")
        } else {
            format!("{sign}PT{h}H{m}M{s}S")
        };
    }
    let (y, mo, day, h, mi, s, milli) = d.to_ymd_hms_milli();
    let time = if milli > 0 {
        format!("{h:02}:{mi:02}:{s:02}.{milli:03}")
    } else {
        format!("{h:02}:{mi:02}:{s:02}")
    };
    let v = d.as_f64();
    if (0.0..1.0).contains(&v) && v != 0.0 {
        return time;
    }
    if h == 0 && mi == 0 && s == 0 && milli == 0 {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02}T{time}")
    }
}

fn data_val(d: &Data) -> Val {
    match d {
        Data::Int(i) => Val::Text(i.to_string()),
        Data::Float(f) => Val::Text(number_text(*f)),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Val::Text(s.clone()),
        Data::Bool(b) => Val::Text(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::DateTime(d) => Val::Text(datetime_text(d)),
        Data::Error(_) => Val::ErrorValue,
        Data::Empty => Val::Text(String::new()),
    }
}

fn data_ref_val(d: &DataRef<'_>) -> Val {
    match d {
        DataRef::Int(i) => Val::Text(i.to_string()),
        DataRef::Float(f) => Val::Text(number_text(*f)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Val::Text(s.clone()),
        DataRef::SharedString(s) => Val::Text((*s).to_owned()),
        DataRef::Bool(b) => Val::Text(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        DataRef::DateTime(d) => Val::Text(datetime_text(d)),
        DataRef::Error(_) => Val::ErrorValue,
        DataRef::Empty => Val::Text(String::new()),
    }
}

// ---------------------------------------------------------------- reading

fn unreadable(format: DataFormat, detail: &str) -> Error {
    Error::SheetUnreadable { format: format.as_str().to_owned(), detail: detail.to_owned() }
}

/// The sheet to read: the named one, else the first.
fn choose(format: DataFormat, names: &[String], wanted: Option<&str>) -> Result<String> {
    match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| Error::SheetNotFound { sheet: w.to_owned(), sheets: names.len() as u64 }),
        None => names.first().cloned().ok_or_else(|| unreadable(format, "the workbook has no sheet")),
    }
}

fn xlsx_error(e: &calamine::XlsxError) -> Error {
    use calamine::XlsxError as E;
    let detail = match e {
        E::Zip(_) => "not a zip archive, or a damaged one",
        E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) | E::UnexpectedNode(_) => "malformed XML in the workbook",
        E::FileNotFound(_) => "a part the workbook needs is missing",
        _ => "the workbook could not be read",
    };
    unreadable(DataFormat::Xlsx, detail)
}

fn read_xlsx(bytes: Vec<u8>, wanted: Option<&str>) -> Result<RawSheet> {
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| xlsx_error(&e))?;
    let name = choose(DataFormat::Xlsx, &wb.sheet_names(), wanted)?;
    let mut sheet = RawSheet { name: name.clone(), ..RawSheet::default() };
    sheet.merged = wb
        .merge_cells_by_sheet_name(&name)
        .map_err(|e| xlsx_error(&e))?
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect();
    let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| xlsx_error(&e))?;
    while let Some(c) = cells.next_cell_with_formula().map_err(|e| xlsx_error(&e))? {
        let (row, col) = c.pos;
        let val = if c.formula.as_deref().is_some_and(|f| !f.is_empty()) {
            Val::Formula
        } else {
            data_ref_val(&c.value)
        };
        sheet.add(row, col, val)?;
    }
    Ok(sheet)
}

/// xls and ods: calamine reads the sheet's values and formulas as ranges.
fn from_ranges(
    name: String,
    values: &calamine::Range<Data>,
    formulas: &calamine::Range<String>,
    merged: Vec<((u32, u32), (u32, u32))>,
) -> Result<RawSheet> {
    let mut sheet = RawSheet { name, merged, ..RawSheet::default() };
    let mut formula_at = std::collections::HashSet::new();
    if let Some((r0, c0)) = formulas.start() {
        for (r, c, f) in formulas.used_cells() {
            if !f.is_empty() {
                let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else { continue };
                formula_at.insert((r0.saturating_add(r), c0.saturating_add(c)));
            }
        }
    }
    for &(r, c) in &formula_at {
        sheet.add(r, c, Val::Formula)?;
    }
    if let Some((r0, c0)) = values.start() {
        for (r, c, v) in values.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else { continue };
            let (r, c) = (r0.saturating_add(r), c0.saturating_add(c));
            if !formula_at.contains(&(r, c)) {
                sheet.add(r, c, data_val(v))?;
            }
        }
    }
    Ok(sheet)
}

/// Excel 97-2003 workbooks (`.xls`, a BIFF stream in a compound file) are
/// recognized and refused, not read: calamine 0.38's compound-file reader
/// panics on a file cut inside a sector and loops without bound on a cyclic
/// sector chain (both found by the `sheet_read` fuzz target within seconds,
/// from 5 KB inputs). A received file must never panic or exhaust govshare,
/// so the format is refused with a coded error until its reader is robust;
/// Excel and WPS save the same sheet as `.xlsx`.
fn read_xls(_bytes: Vec<u8>, _wanted: Option<&str>) -> Result<RawSheet> {
    Err(unreadable(
        DataFormat::Xls,
        "Excel 97-2003 (.xls) workbooks are not read (their reader is not robust against damaged files); save the sheet as .xlsx",
    ))
}

fn read_ods(bytes: Vec<u8>, wanted: Option<&str>) -> Result<RawSheet> {
    let fail = |_| unreadable(DataFormat::Ods, "not an OpenDocument spreadsheet, or a damaged one");
    let mut wb: calamine::Ods<_> = calamine::Ods::new(Cursor::new(bytes)).map_err(fail)?;
    let name = choose(DataFormat::Ods, &wb.sheet_names(), wanted)?;
    let values = wb.worksheet_range(&name).map_err(fail)?;
    let formulas = wb.worksheet_formula(&name).map_err(fail)?;
    // calamine does not report ODS merged regions; a merged header shows
    // as an empty header cell and is refused as such.
    from_ranges(name, &values, &formulas, Vec::new())
}

// ------------------------------------------------------------------ table

/// A sheet rendered as CSV text, with the sheet row of every CSV record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SheetCsv {
    /// RFC 4180 CSV: the header, then one record per row with a value.
    pub csv: Vec<u8>,
    /// The sheet read.
    pub sheet: String,
    /// (1-based CSV line where a record starts, 1-based sheet row), in order.
    lines: Vec<(u64, u64)>,
}

impl SheetCsv {
    /// The 1-based sheet row of the CSV record starting at 1-based `line`
    /// (the line itself when it starts no record).
    pub fn row_of(&self, line: u64) -> u64 {
        match self.lines.binary_search_by_key(&line, |&(l, _)| l) {
            Ok(i) => self.lines.get(i).map_or(line, |&(_, r)| r),
            Err(_) => line,
        }
    }

    /// An error found on the CSV text, re-located to the sheet row.
    pub fn relocate(&self, e: Error) -> Error {
        match e {
            Error::CsvMalformed { line, detail } => Error::CsvMalformed {
                line: self.row_of(line),
                detail: format!("{detail} (sheet {})", self.sheet),
            },
            Error::LimitExceeded { what, limit, location } => {
                let location = match location.line {
                    Some(l) => Location::at(
                        Some(row_ref(&self.sheet, self.row_of(l))),
                        self.row_of(l),
                        location.column.unwrap_or(1),
                    ),
                    None => location,
                };
                Error::LimitExceeded { what, limit, location }
            }
            other => other,
        }
    }
}

/// Reads the sheet (`sheet`, else the first) of a workbook and renders it as
/// CSV. `max_record` bounds one rendered row, as it bounds a CSV row.
pub(crate) fn read_sheet(
    format: DataFormat,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    max_record: usize,
) -> Result<SheetCsv> {
    let raw = match format {
        DataFormat::Xlsx => read_xlsx(bytes, sheet)?,
        DataFormat::Xls => read_xls(bytes, sheet)?,
        DataFormat::Ods => read_ods(bytes, sheet)?,
        other => return Err(unreadable(other, "not a workbook format")),
    };
    render(raw, max_record)
}

fn render(mut raw: RawSheet, max_record: usize) -> Result<SheetCsv> {
    raw.cells.sort_by_key(|&(r, c, _)| (r, c));
    let name = raw.name;
    // Fail closed on any formula or error value, wherever it is.
    for (r, c, v) in &raw.cells {
        match v {
            Val::Formula => return Err(Error::SheetFormula { location: cell_at(&name, *r, *c) }),
            Val::ErrorValue => return Err(Error::SheetErrorCell { location: cell_at(&name, *r, *c) }),
            Val::Text(_) => {}
        }
    }
    let Some(&(header_row, _, _)) = raw.cells.first() else {
        return Err(Error::SheetHeaderInvalid {
            location: Location::path(sheet_ref(&name).trim_end_matches('!').to_owned()),
            detail: "the sheet has no cell with a value (no header row)".into(),
        });
    };
    let first_col = raw.cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0);
    let last_col =
        raw.cells.iter().filter(|&&(r, _, _)| r == header_row).map(|&(_, c, _)| c).max().unwrap_or(0);
    // A merged region that takes in the header row hides which column a name is for.
    let mut merged: Vec<_> =
        raw.merged.iter().filter(|((r0, _), (r1, _))| *r0 <= header_row && header_row <= *r1).collect();
    merged.sort();
    if let Some(((r0, c0), _)) = merged.first() {
        return Err(Error::SheetMergedHeader { location: cell_at(&name, *r0, *c0) });
    }
    let text = |v: &Val| match v {
        Val::Text(t) => t.clone(),
        _ => String::new(),
    };
    let width = (last_col - first_col) as usize + 1;
    let mut header = vec![String::new(); width];
    for (_, c, v) in raw.cells.iter().filter(|&&(r, _, _)| r == header_row) {
        if let Some(h) = header.get_mut((c - first_col) as usize) {
            *h = text(v);
        }
    }
    let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let col = first_col + i as u32;
        if h.trim().is_empty() {
            return Err(Error::SheetHeaderInvalid {
                location: cell_at(&name, header_row, col),
                detail: "a header cell is empty".into(),
            });
        }
        if let Some(&first) = seen.get(h.trim()) {
            return Err(Error::SheetHeaderInvalid {
                location: cell_at(&name, header_row, col),
                detail: format!("the same name as column {}", column_letters(first)),
            });
        }
        seen.insert(h.trim(), col);
    }
    let mut out = SheetCsv { csv: Vec::new(), sheet: name.clone(), lines: Vec::new() };
    let mut line = 1u64;
    let mut row_buf: Vec<u8> = Vec::new();
    let mut emit = |out: &mut SheetCsv, sheet_row: u32, cells: &[String]| -> Result<()> {
        row_buf.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                row_buf.push(b',');
            }
            write_csv_cell(&mut row_buf, cell);
        }
        if row_buf.len() > max_record {
            return Err(Error::LimitExceeded {
                what: "record size in bytes".into(),
                limit: max_record as u64,
                location: Location::at(
                    Some(row_ref(&name, u64::from(sheet_row) + 1)),
                    u64::from(sheet_row) + 1,
                    1,
                ),
            });
        }
        // A cell may hold line breaks: the record spans that many lines more.
        let breaks = memchr::memchr_iter(b'\n', &row_buf).count() as u64;
        out.lines.push((line, u64::from(sheet_row) + 1));
        line += breaks + 1;
        out.csv.extend_from_slice(&row_buf);
        out.csv.extend_from_slice(b"\r\n");
        Ok(())
    };
    emit(&mut out, header_row, &header)?;
    let mut row: Vec<String> = vec![String::new(); width];
    let mut current: Option<u32> = None;
    for (r, c, v) in raw.cells.iter().filter(|&&(r, _, _)| r > header_row) {
        if current != Some(*r) {
            if let Some(prev) = current {
                emit(&mut out, prev, &row)?;
            }
            row.iter_mut().for_each(String::clear);
            current = Some(*r);
        }
        if *c > last_col {
            return Err(Error::SheetRaggedRow { location: cell_at(&name, *r, *c) });
        }
        if let Some(slot) = row.get_mut((c - first_col) as usize) {
            *slot = text(v);
        }
    }
    if let Some(prev) = current {
        emit(&mut out, prev, &row)?;
    }
    Ok(out)
}

// ------------------------------------------------------------------ input

/// A workbook's bytes gathered by an engine's `feed`/`push`, read at its
/// `finish`: the one place the engines and the de-identification check
/// take workbooks in.
#[derive(Debug)]
pub(crate) struct WorkbookInput {
    format: DataFormat,
    sheet: Option<String>,
    buf: Vec<u8>,
    max_record: usize,
}

impl WorkbookInput {
    /// `Some` when `format` is a workbook format.
    pub fn new(format: DataFormat, sheet: Option<&str>, max_record: usize) -> Option<WorkbookInput> {
        format.is_workbook().then(|| WorkbookInput {
            format,
            sheet: sheet.map(str::to_owned),
            buf: Vec::new(),
            max_record,
        })
    }

    /// Keeps a chunk; more than [`MAX_WORKBOOK_BYTES`] in all is `limit_exceeded`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if self.buf.len().saturating_add(chunk.len()) > MAX_WORKBOOK_BYTES {
            return Err(Error::LimitExceeded {
                what: "workbook size in bytes (a workbook is read whole)".into(),
                limit: MAX_WORKBOOK_BYTES as u64,
                location: Location::default(),
            });
        }
        self.buf.extend_from_slice(chunk);
        Ok(())
    }

    /// Reads the workbook gathered so far (taking its bytes).
    pub fn read(&mut self) -> Result<SheetCsv> {
        let bytes = std::mem::take(&mut self.buf);
        read_sheet(self.format, bytes, self.sheet.as_deref(), self.max_record)
    }
}

/// At the end of the input: reads the workbook gathered in `workbook`, if
/// any (once), and hands its CSV text to `reader`; the sheet (its rows,
/// without the text) is returned for [`relocate`].
pub(crate) fn read_into(
    workbook: &mut Option<WorkbookInput>,
    reader: &mut RecordReader,
) -> Result<Option<SheetCsv>> {
    let Some(mut w) = workbook.take() else { return Ok(None) };
    let mut sheet = w.read()?;
    let csv = std::mem::take(&mut sheet.csv);
    if reader.buf.is_empty() {
        reader.buf = csv;
    } else {
        reader.push(&csv);
    }
    Ok(Some(sheet))
}

/// An error found on a sheet's CSV text, re-located to the sheet's rows.
pub(crate) fn relocate(sheet: Option<&SheetCsv>, e: Error) -> Error {
    match sheet {
        Some(s) => s.relocate(e),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(cells: Vec<(u32, u32, Val)>) -> RawSheet {
        RawSheet { name: "Sheet1".into(), cells, merged: Vec::new(), text_bytes: 0 }
    }
    fn t(s: &str) -> Val {
        Val::Text(s.to_owned())
    }

    #[test]
    fn columns_and_refs() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(a1("Sheet1", 2, 1), "Sheet1!B3");
        assert_eq!(a1("my data", 0, 0), "'my data'!A1");
        assert_eq!(a1("it's", 0, 0), "'it''s'!A1");
    }

    #[test]
    fn numbers_and_dates_as_displayed() {
        assert_eq!(number_text(42.0), "42");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(1.5e-7), "0.00000015");
        assert_eq!(number_text(9_007_199_254_740_992.0), "9007199254740992");
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        assert_eq!(datetime_text(&ExcelDateTime::new(45_943.0, DateTime, false)), "2025-10-13");
        assert_eq!(datetime_text(&ExcelDateTime::new(45_943.5, DateTime, false)), "2025-10-13T12:00:00");
        assert_eq!(datetime_text(&ExcelDateTime::new(0.25, DateTime, false)), "06:00:00");
        assert_eq!(datetime_text(&ExcelDateTime::new(1.5, TimeDelta, false)), "PT36H0M0S");
    }

    #[test]
    fn table_renders_as_csv_with_sheet_rows() {
        let s = render(
            raw(vec![
                (2, 1, t("name")),
                (2, 2, t("note")),
                (3, 1, t("a,b")),
                (3, 2, t("x\ny")),
                (6, 2, t("z")),
            ]),
            1 << 20,
        )
        .expect("table");
        assert_eq!(
            String::from_utf8(s.csv.clone()).expect("utf8"),
            "name,note\r\n\"a,b\",\"x\ny\"\r\n,z\r\n"
        );
        assert_eq!(s.row_of(1), 3);
        assert_eq!(s.row_of(2), 4);
        assert_eq!(s.row_of(4), 7);
    }

    #[test]
    fn strict_rules_fail_closed_with_a_cell_and_no_value() {
        let code = |cells: Vec<(u32, u32, Val)>, merged: Vec<((u32, u32), (u32, u32))>| {
            let mut r = raw(cells);
            r.merged = merged;
            let e = render(r, 1 << 20).unwrap_err();
            let shown = format!("{e} {}", e.message_zh());
            assert!(!shown.contains("SECRET"), "{shown}");
            (e.code(), e.location().and_then(|l| l.path.clone()))
        };
        let h = || vec![(0, 0, t("a")), (0, 1, t("b"))];
        let mut f = h();
        f.push((1, 1, Val::Formula));
        assert_eq!(code(f, vec![]), ("sheet_formula", Some("Sheet1!B2".into())));
        let mut f = h();
        f.push((4, 0, Val::ErrorValue));
        assert_eq!(code(f, vec![]), ("sheet_error_cell", Some("Sheet1!A5".into())));
        let mut f = h();
        f.push((1, 2, t("SECRET")));
        assert_eq!(code(f, vec![]), ("sheet_ragged_row", Some("Sheet1!C2".into())));
        assert_eq!(code(h(), vec![((0, 0), (0, 1))]), ("sheet_merged_header", Some("Sheet1!A1".into())));
        assert_eq!(
            code(vec![(0, 0, t("SECRET")), (0, 2, t("b"))], vec![]),
            ("sheet_header_invalid", Some("Sheet1!B1".into()))
        );
        assert_eq!(
            code(vec![(0, 0, t("SECRET")), (0, 1, t("SECRET "))], vec![]),
            ("sheet_header_invalid", Some("Sheet1!B1".into()))
        );
        assert_eq!(code(vec![], vec![]).0, "sheet_header_invalid");
        let e = render(raw(vec![(0, 0, t("a")), (1, 0, t(&"x".repeat(100)))]), 50).unwrap_err();
        assert_eq!((e.code(), e.location().and_then(|l| l.line)), ("limit_exceeded", Some(2)));
        assert_eq!(e.location().and_then(|l| l.path.clone()).as_deref(), Some("Sheet1!2:2"));
    }

    #[test]
    fn not_a_workbook_is_a_coded_error() {
        for f in [DataFormat::Xlsx, DataFormat::Xls, DataFormat::Ods] {
            let e = read_sheet(f, b"name,SECRET\n".to_vec(), None, 1 << 20).unwrap_err();
            assert_eq!(e.code(), "sheet_unreadable", "{f:?}");
            assert!(!e.to_string().contains("SECRET"));
        }
        let mut w = WorkbookInput::new(DataFormat::Xlsx, None, 1 << 20).expect("workbook");
        assert_eq!(w.push(&vec![0; MAX_WORKBOOK_BYTES + 1]).unwrap_err().code(), "limit_exceeded");
        assert!(WorkbookInput::new(DataFormat::Csv, None, 1).is_none());
    }
}
