//! Guangdong 政务大数据中心 request bodies and the 数据中台 `orgSign`:
//! de-facto, as deployed (domain digest §7).
//!
//! A call carries, in its JSON body, `system_id`, `vender_id` /
//! `department_id` (credit codes), `query_timestamp`, `UID`, `query` and an
//! `audit_info` block naming the operator, the data subject queried, the
//! administrative service item that justifies the call and the terminal.
//! The 数据中台 variant signs `orgSign` = UPPERCASE hex MD5 of `orgCode + "_"
//! + orgSecret + "_" + curTime + "_" + sequence`, `curTime` being
//! `yyyyMMddHHmmss` in China Standard Time.

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use crate::encoding::hex;
use crate::time::format_timestamp_cst;
use crate::{Error, Location};

/// The `audit_info` block: who queried whom, under which service item, from where.
///
/// `query_object_id` is the data subject's identifier (often a resident ID
/// number): it goes into the body and nowhere else — never into an error,
/// and `Debug` shows it redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuangdongAuditInfo {
    pub operator_id: String,
    pub operator_name: String,
    pub query_object_id: String,
    pub query_object_id_type: String,
    /// The administrative service item (事项) that justifies the call.
    pub item_id: String,
    pub item_code: String,
    pub item_sequence: String,
    pub terminal_info: String,
}

impl std::fmt::Debug for GuangdongAuditInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuangdongAuditInfo")
            .field("operator_id", &self.operator_id)
            .field("operator_name", &self.operator_name)
            .field("query_object_id", &"<redacted>")
            .field("query_object_id_type", &self.query_object_id_type)
            .field("item_id", &self.item_id)
            .field("item_code", &self.item_code)
            .field("item_sequence", &self.item_sequence)
            .field("terminal_info", &self.terminal_info)
            .finish()
    }
}

/// The typed input of [`guangdong_body`], in the body's own member names
/// (its JSON form is the body itself). At least one of `vender_id` and
/// `department_id` is given; every other member is required and non-empty.
/// `Debug` shows `query` (the query conditions, personal values) redacted.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuangdongRequest {
    pub system_id: String,
    /// The vendor's 统一社会信用代码, where the deployment asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vender_id: Option<String>,
    /// The department's 统一社会信用代码, where the deployment asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    /// As the deployment writes it (the caller supplies the time).
    pub query_timestamp: String,
    #[serde(rename = "UID")]
    pub uid: String,
    /// The query conditions: a JSON object.
    pub query: serde_json::Value,
    pub audit_info: GuangdongAuditInfo,
}

impl std::fmt::Debug for GuangdongRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuangdongRequest")
            .field("system_id", &self.system_id)
            .field("vender_id", &self.vender_id)
            .field("department_id", &self.department_id)
            .field("query_timestamp", &self.query_timestamp)
            .field("uid", &self.uid)
            .field("query", &"<redacted>")
            .field("audit_info", &self.audit_info)
            .finish()
    }
}

impl GuangdongRequest {
    /// Reads the JSON form strictly (unknown members refused); errors never quote a value.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|e| crate::error::json_error(&e))
    }
}

fn empty(path: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: "is required and must not be empty".into() }
}

fn require(value: &str, path: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(empty(path));
    }
    Ok(())
}

/// The JSON body of a Guangdong 政务大数据中心 call, after checking that
/// every required member is non-empty (`invalid_value` naming the member's
/// path, never its value) and that `query` is an object.
pub fn guangdong_body(request: &GuangdongRequest) -> Result<String, Error> {
    let r = request;
    require(&r.system_id, "$.system_id")?;
    match (&r.vender_id, &r.department_id) {
        (None, None) => {
            return Err(Error::InvalidValue {
                location: Location::path("$.department_id"),
                detail: "one of vender_id and department_id is required".into(),
            })
        }
        (v, d) => {
            if let Some(v) = v {
                require(v, "$.vender_id")?;
            }
            if let Some(d) = d {
                require(d, "$.department_id")?;
            }
        }
    }
    require(&r.query_timestamp, "$.query_timestamp")?;
    require(&r.uid, "$.UID")?;
    if !r.query.is_object() {
        return Err(Error::InvalidValue {
            location: Location::path("$.query"),
            detail: "must be a JSON object".into(),
        });
    }
    let a = &r.audit_info;
    for (value, name) in [
        (&a.operator_id, "operator_id"),
        (&a.operator_name, "operator_name"),
        (&a.query_object_id, "query_object_id"),
        (&a.query_object_id_type, "query_object_id_type"),
        (&a.item_id, "item_id"),
        (&a.item_code, "item_code"),
        (&a.item_sequence, "item_sequence"),
        (&a.terminal_info, "terminal_info"),
    ] {
        require(value, &format!("$.audit_info.{name}"))?;
    }
    serde_json::to_string(r).map_err(|_| Error::InvalidValue {
        location: Location::path("$"),
        detail: "cannot be written as JSON".into(),
    })
}

/// The 数据中台 `orgSign` and the `curTime` it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OrgSign {
    /// `yyyyMMddHHmmss`, China Standard Time.
    pub cur_time: String,
    /// UPPERCASE hex MD5 of `orgCode_orgSecret_curTime_sequence`.
    pub org_sign: String,
}

/// `curTime` of a Unix time (seconds): `yyyyMMddHHmmss` in China Standard
/// Time (the digits of [`format_timestamp_cst`], the one formatter).
pub fn org_sign_cur_time(unix_seconds: i64) -> Result<String, Error> {
    let rfc3339 = format_timestamp_cst(unix_seconds)?;
    Ok(rfc3339.chars().take(19).filter(char::is_ascii_digit).collect())
}

/// The 数据中台 `orgSign`: UPPERCASE hex MD5 of `orgCode + "_" + orgSecret +
/// "_" + curTime + "_" + sequence`, with `curTime` from `unix_seconds` (the
/// caller's clock). `org_code` and `sequence` must be non-empty.
pub fn org_sign(
    org_code: &str,
    org_secret: &str,
    unix_seconds: i64,
    sequence: &str,
) -> Result<OrgSign, Error> {
    for (name, v) in [("org_code", org_code), ("sequence", sequence)] {
        if v.is_empty() {
            return Err(Error::InvalidArgument { name: name.into(), detail: "is empty".into() });
        }
    }
    let cur_time = org_sign_cur_time(unix_seconds)?;
    let mut h = Md5::new();
    h.update([org_code, org_secret, cur_time.as_str(), sequence].join("_").as_bytes());
    Ok(OrgSign { org_sign: hex(&h.finalize()).to_ascii_uppercase(), cur_time })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> GuangdongRequest {
        GuangdongRequest {
            system_id: "sys-1".into(),
            vender_id: None,
            department_id: Some("11440000MB2C12345X".into()),
            query_timestamp: "1700000000000".into(),
            uid: "u-1".into(),
            query: serde_json::json!({"sfzh": "11010519491231002X"}),
            audit_info: GuangdongAuditInfo {
                operator_id: "op-1".into(),
                operator_name: "张三".into(),
                query_object_id: "11010519491231002X".into(),
                query_object_id_type: "111".into(),
                item_id: "item-1".into(),
                item_code: "11440000007-XK-001".into(),
                item_sequence: "1".into(),
                terminal_info: "10.0.0.1".into(),
            },
        }
    }

    #[test]
    fn the_body_has_every_member_and_refuses_empty_ones_without_the_value() {
        let body: serde_json::Value =
            serde_json::from_str(&guangdong_body(&request()).expect("body")).expect("json");
        assert_eq!(body["UID"], "u-1");
        assert_eq!(body["audit_info"]["item_code"], "11440000007-XK-001");
        assert!(body.get("vender_id").is_none());
        let mut r = request();
        r.audit_info.query_object_id = " ".into();
        assert_eq!(guangdong_body(&r).unwrap_err().code(), "invalid_value");
        let mut r = request();
        r.audit_info.item_code = String::new();
        let e = guangdong_body(&r).unwrap_err();
        let shown = format!("{e} {} {r:?}", e.message_zh());
        assert!(shown.contains("item_code") && !shown.contains("1101051949"), "{shown}");
        let mut r = request();
        r.department_id = None;
        assert_eq!(guangdong_body(&r).unwrap_err().code(), "invalid_value");
        let e = GuangdongRequest::from_json(r#"{"system_id": 11010519491231002}"#).unwrap_err();
        assert!(!e.to_string().contains("1101051949"), "{e}");
    }

    #[test]
    fn org_sign_follows_the_formula_in_beijing_time() {
        // 2023-11-14T22:13:20Z is 2023-11-15 06:13:20 in Beijing.
        let s = org_sign("ORG", "secret", 1_700_000_000, "0001").expect("signs");
        assert_eq!(s.cur_time, "20231115061320");
        let mut h = Md5::new();
        h.update(b"ORG_secret_20231115061320_0001");
        assert_eq!(s.org_sign, hex(&h.finalize()).to_ascii_uppercase());
        assert_eq!(org_sign("", "s", 0, "1").unwrap_err().code(), "invalid_argument");
        assert_eq!(org_sign("o", "s", i64::MAX, "1").unwrap_err().code(), "invalid_argument");
    }
}
