//! Column arrays in Apache Arrow's memory layout (what a pandas DataFrame or
//! a pyarrow table holds), turned into CSV text for the checks that read
//! records (issue #15: "Python also accepts a pandas DataFrame or pyarrow
//! table without writing a file").
//!
//! A binding hands over each column's Arrow buffers as bytes (validity
//! bitmap, offsets, values: one copy, no per-value call across the
//! boundary); this module reads them with bounds checks only (no `unsafe`,
//! no Arrow crate) and writes the values as CSV cells, so that a table and
//! the same data read from a CSV file go through one code path. The text of
//! a value is:
//!
//! - a string: itself (the checks trim it, as a CSV cell);
//! - an integer: its decimal digits;
//! - a float: its canonical JSON number (RFC 8785 / ECMAScript: `30.0` is
//!   `30`, as in the JSON readers); `NaN` is a missing value (pandas writes
//!   missing numbers so); an infinity is refused (no JSON number spells it);
//!   a 32-bit float as its shortest 32-bit decimal (`0.1`, not
//!   `0.10000000149011612`);
//! - a boolean: `true` or `false` (as JSON);
//! - a null (validity bit 0, or the null type): the empty cell, which the
//!   checks read as the one missing value.

use serde::{Deserialize, Serialize};

use super::input::write_csv_cell;
use crate::error::{Error, Result};

/// The Arrow type of a column's buffers. Other Arrow types (dates,
/// decimals, dictionaries…) are cast to `utf8` by the binding first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ArrowKind {
    /// Strings with 32-bit offsets.
    Utf8,
    /// Strings with 64-bit offsets.
    LargeUtf8,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
    /// Bit-packed booleans.
    Bool,
    /// Every value is null (no buffer).
    Null,
}

/// One column of a batch: its name and Arrow buffers (little-endian, as
/// Arrow stores them). `offset` and `length` are the array's slice, in
/// values; buffers may be longer than the slice needs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ArrowColumn {
    pub name: String,
    pub kind: ArrowKind,
    pub length: u64,
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub offset: u64,
    /// The validity bitmap (bit i set = value i present); `None` when every
    /// value is present.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub validity: Option<Vec<u8>>,
    /// String offsets (`utf8`: u32, `large_utf8`: u64); empty otherwise.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub offsets: Vec<u8>,
    /// The values (strings' bytes, numbers, the boolean bitmap).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub data: Vec<u8>,
}

fn bad(column: &str, detail: impl Into<String>) -> Error {
    Error::InvalidArgument { name: format!("column {column:?}"), detail: detail.into() }
}

/// Writes batches of columns as CSV: the header (the column names) before
/// the first batch; every later batch must name the same columns in the
/// same order.
#[derive(Debug, Default)]
pub struct ColumnsCsv {
    header: Option<Vec<String>>,
}

impl ColumnsCsv {
    pub fn new() -> ColumnsCsv {
        ColumnsCsv::default()
    }

    /// The CSV text of one batch (with the header row if it is the first).
    ///
    /// Errors (`invalid_argument`, naming the column, never a value): no
    /// column, a name repeated or different from the first batch's, columns
    /// of different lengths, buffers too short for the slice, offsets that
    /// go backwards, strings that are not UTF-8, an infinite float.
    pub fn batch(&mut self, columns: &[ArrowColumn]) -> Result<Vec<u8>> {
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        if names.is_empty() {
            return Err(Error::InvalidArgument { name: "columns".into(), detail: "no column".into() });
        }
        for (i, n) in names.iter().enumerate() {
            if names.iter().take(i).any(|m| m == n) {
                return Err(bad(n, "named twice"));
            }
        }
        let mut out = Vec::new();
        match &self.header {
            Some(h) if *h != names => {
                return Err(Error::InvalidArgument {
                    name: "columns".into(),
                    detail: "a batch's columns differ from the first batch's (names or order)".into(),
                })
            }
            Some(_) => {}
            None => {
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_csv_cell(&mut out, n);
                }
                out.push(b'\n');
            }
        }
        let rows = columns.first().map_or(0, |c| c.length);
        if let Some(c) = columns.iter().find(|c| c.length != rows) {
            return Err(bad(&c.name, format!("{} values, the first column has {rows}", c.length)));
        }
        let readers = columns.iter().map(Reader::new).collect::<Result<Vec<_>>>()?;
        let mut text = String::new();
        for row in 0..rows {
            for (i, r) in readers.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                text.clear();
                let present = r.value(row, &mut text)?;
                if present && !text.is_empty() {
                    write_csv_cell(&mut out, &text);
                } else if readers.len() == 1 {
                    // A lone empty cell would be a blank line, which CSV
                    // readers skip: quoted, it is a record with one empty value.
                    out.extend_from_slice(b"\"\"");
                }
            }
            out.push(b'\n');
        }
        self.header = Some(names);
        Ok(out)
    }
}

/// A column with its slice checked against its buffers.
struct Reader<'a> {
    col: &'a ArrowColumn,
    /// Bytes per value of a fixed-width kind (0 for the others).
    width: usize,
}

impl<'a> Reader<'a> {
    fn new(col: &'a ArrowColumn) -> Result<Reader<'a>> {
        let name = &col.name;
        let end = col.offset.checked_add(col.length).ok_or_else(|| bad(name, "slice out of range"))?;
        let end = usize::try_from(end).map_err(|_| bad(name, "slice out of range"))?;
        if let Some(v) = &col.validity {
            if v.len().saturating_mul(8) < end {
                return Err(bad(name, "validity bitmap shorter than the slice"));
            }
        }
        let width = match col.kind {
            ArrowKind::Int8 | ArrowKind::UInt8 => 1,
            ArrowKind::Int16 | ArrowKind::UInt16 => 2,
            ArrowKind::Int32 | ArrowKind::UInt32 | ArrowKind::Float32 => 4,
            ArrowKind::Int64 | ArrowKind::UInt64 | ArrowKind::Float64 => 8,
            _ => 0,
        };
        let short = |what: &str| bad(name, format!("{what} buffer shorter than the slice"));
        match col.kind {
            ArrowKind::Null => {}
            ArrowKind::Bool => {
                if col.data.len().saturating_mul(8) < end {
                    return Err(short("value"));
                }
            }
            ArrowKind::Utf8 | ArrowKind::LargeUtf8 => {
                let w = if col.kind == ArrowKind::Utf8 { 4 } else { 8 };
                if col.offsets.len() < end.saturating_add(1).saturating_mul(w) {
                    return Err(short("offsets"));
                }
            }
            _ => {
                if col.data.len() < end.saturating_mul(width) {
                    return Err(short("value"));
                }
            }
        }
        Ok(Reader { col, width })
    }

    /// Writes the text of value `row` of the slice; false when it is null.
    fn value(&self, row: u64, out: &mut String) -> Result<bool> {
        use std::fmt::Write;
        let c = self.col;
        let name = &c.name;
        // In range: checked against the buffers in `new`.
        let i = usize::try_from(c.offset + row).map_err(|_| bad(name, "slice out of range"))?;
        let bit = |bytes: &[u8], i: usize| bytes.get(i / 8).is_some_and(|b| b & (1 << (i % 8)) != 0);
        if c.kind == ArrowKind::Null || c.validity.as_deref().is_some_and(|v| !bit(v, i)) {
            return Ok(false);
        }
        let fixed = |w: usize| -> Result<&[u8]> {
            c.data.get(i * w..(i + 1) * w).ok_or_else(|| bad(name, "value buffer shorter than the slice"))
        };
        macro_rules! int {
            ($t:ty) => {{
                let b = fixed(self.width)?;
                let v = <$t>::from_le_bytes(b.try_into().map_err(|_| bad(name, "value width"))?);
                let _ = write!(out, "{v}");
            }};
        }
        match c.kind {
            ArrowKind::Null => return Ok(false),
            ArrowKind::Bool => out.push_str(if bit(&c.data, i) { "true" } else { "false" }),
            ArrowKind::Int8 => int!(i8),
            ArrowKind::Int16 => int!(i16),
            ArrowKind::Int32 => int!(i32),
            ArrowKind::Int64 => int!(i64),
            ArrowKind::UInt8 => int!(u8),
            ArrowKind::UInt16 => int!(u16),
            ArrowKind::UInt32 => int!(u32),
            ArrowKind::UInt64 => int!(u64),
            ArrowKind::Float32 | ArrowKind::Float64 => {
                let b = fixed(self.width)?;
                let v = if c.kind == ArrowKind::Float32 {
                    let f = f32::from_le_bytes(b.try_into().map_err(|_| bad(name, "value width"))?);
                    // The shortest decimal of the 32-bit value, read as a 64-bit one.
                    f.to_string().parse::<f64>().unwrap_or(f64::NAN)
                } else {
                    f64::from_le_bytes(b.try_into().map_err(|_| bad(name, "value width"))?)
                };
                if v.is_nan() {
                    return Ok(false);
                }
                if v.is_infinite() {
                    return Err(bad(
                        name,
                        format!("row {row}: an infinite number (no JSON number spells it)"),
                    ));
                }
                out.push_str(&crate::jcs::es_number_string(v));
            }
            ArrowKind::Utf8 | ArrowKind::LargeUtf8 => {
                let w = if c.kind == ArrowKind::Utf8 { 4 } else { 8 };
                let at = |k: usize| -> Result<usize> {
                    let b = c
                        .offsets
                        .get(k * w..(k + 1) * w)
                        .ok_or_else(|| bad(name, "offsets buffer too short"))?;
                    let v = if w == 4 {
                        u64::from(u32::from_le_bytes(b.try_into().map_err(|_| bad(name, "offset width"))?))
                    } else {
                        u64::from_le_bytes(b.try_into().map_err(|_| bad(name, "offset width"))?)
                    };
                    usize::try_from(v).map_err(|_| bad(name, "offset out of range"))
                };
                let (start, end) = (at(i)?, at(i + 1)?);
                let bytes = c.data.get(start..end).ok_or_else(|| {
                    bad(name, format!("row {row}: string offsets out of order or past the data"))
                })?;
                let s = std::str::from_utf8(bytes).map_err(|_| bad(name, format!("row {row}: not UTF-8")))?;
                out.push_str(s);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, kind: ArrowKind, length: u64, offsets: Vec<u8>, data: Vec<u8>) -> ArrowColumn {
        ArrowColumn { name: name.into(), kind, length, offset: 0, validity: None, offsets, data }
    }

    fn utf8(name: &str, values: &[&str]) -> ArrowColumn {
        let mut offsets = vec![0u8; 4];
        let mut data = Vec::new();
        for v in values {
            data.extend_from_slice(v.as_bytes());
            offsets.extend_from_slice(&(data.len() as u32).to_le_bytes());
        }
        col(name, ArrowKind::Utf8, values.len() as u64, offsets, data)
    }

    #[test]
    fn values_as_text_with_header_once() {
        let mut w = ColumnsCsv::new();
        let floats: Vec<u8> = [30.0f64, f64::NAN, 1e21].iter().flat_map(|f| f.to_le_bytes()).collect();
        let mut ints = col(
            "n",
            ArrowKind::Int64,
            3,
            vec![],
            [-5i64, 0, 7].iter().flat_map(|v| v.to_le_bytes()).collect(),
        );
        ints.validity = Some(vec![0b101]);
        let batch = [
            utf8("name, \"x\"", &["a,b", "", "q\""]),
            col("f", ArrowKind::Float64, 3, vec![], floats),
            ints,
            col("b", ArrowKind::Bool, 3, vec![], vec![0b110]),
            col("z", ArrowKind::Null, 3, vec![], vec![]),
        ];
        let out = String::from_utf8(w.batch(&batch).unwrap()).unwrap();
        assert_eq!(
            out,
            "\"name, \"\"x\"\"\",f,n,b,z\n\"a,b\",30,-5,false,\n,,,true,\n\"q\"\"\",1e+21,7,true,\n"
        );
        let again = String::from_utf8(w.batch(&batch).unwrap()).unwrap();
        assert!(!again.starts_with("\"name"), "the header is written once");
        let mut lone = col("n", ArrowKind::Int8, 2, vec![], vec![7, 0]);
        lone.validity = Some(vec![0b01]);
        assert_eq!(String::from_utf8(ColumnsCsv::new().batch(&[lone]).unwrap()).unwrap(), "n\n7\n\"\"\n");
        let f32s = col("g", ArrowKind::Float32, 1, vec![], 0.1f32.to_le_bytes().to_vec());
        assert_eq!(String::from_utf8(ColumnsCsv::new().batch(&[f32s]).unwrap()).unwrap(), "g\n0.1\n");
    }

    #[test]
    fn slices_and_bad_buffers() {
        let mut sliced = utf8("s", &["x", "yy", "zzz"]);
        sliced.offset = 1;
        sliced.length = 2;
        assert_eq!(
            String::from_utf8(ColumnsCsv::new().batch(&[sliced.clone()]).unwrap()).unwrap(),
            "s\nyy\nzzz\n"
        );
        let mut past = sliced.clone();
        past.length = 3;
        assert_eq!(ColumnsCsv::new().batch(&[past]).unwrap_err().code(), "invalid_argument");
        let mut backwards = utf8("s", &["ab", "c"]);
        backwards.offsets[4..8].copy_from_slice(&9u32.to_le_bytes());
        assert_eq!(ColumnsCsv::new().batch(&[backwards]).unwrap_err().code(), "invalid_argument");
        let inf = col("f", ArrowKind::Float64, 1, vec![], f64::INFINITY.to_le_bytes().to_vec());
        assert_eq!(ColumnsCsv::new().batch(&[inf]).unwrap_err().code(), "invalid_argument");
        let short = col("i", ArrowKind::Int32, 2, vec![], vec![0; 7]);
        assert_eq!(ColumnsCsv::new().batch(&[short]).unwrap_err().code(), "invalid_argument");
        let ragged = [utf8("a", &["1", "2"]), utf8("b", &["1"])];
        assert_eq!(ColumnsCsv::new().batch(&ragged).unwrap_err().code(), "invalid_argument");
        let twice = [utf8("a", &["1"]), utf8("a", &["1"])];
        assert_eq!(ColumnsCsv::new().batch(&twice).unwrap_err().code(), "invalid_argument");
        let mut w = ColumnsCsv::new();
        w.batch(&[utf8("a", &["1"])]).unwrap();
        assert_eq!(w.batch(&[utf8("b", &["1"])]).unwrap_err().code(), "invalid_argument");
        let not_utf8 = col(
            "s",
            ArrowKind::Utf8,
            1,
            [0u32, 2].iter().flat_map(|v| v.to_le_bytes()).collect(),
            vec![0xff, 0xfe],
        );
        let e = ColumnsCsv::new().batch(&[not_utf8]).unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
    }
}
