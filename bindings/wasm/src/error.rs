//! `govshare_core::Error` → JS `Error` with a stable `.code`.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsError, JsValue};

/// What every fallible export returns.
pub type JsResult<T> = Result<T, JsErr>;

/// A core error on its way to JS.
#[derive(Debug)]
pub struct JsErr(govshare_core::Error);

impl From<govshare_core::Error> for JsErr {
    fn from(e: govshare_core::Error) -> Self {
        JsErr(e)
    }
}

impl From<JsErr> for JsValue {
    fn from(JsErr(e): JsErr) -> JsValue {
        let err: JsValue = JsError::new(&e.to_string()).into();
        let set = |k: &str, v: JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
        };
        set("name", "GovshareError".into());
        set("code", e.code().into());
        set("kind", e.kind().as_str().into());
        set("messageZh", e.message_zh().into());
        if let govshare_core::Error::PlatformError { status, platform_code, .. } = &e {
            set("status", f64::from(*status).into());
            set("platformCode", platform_code.as_str().into());
        }
        if let Some(loc) = e.location() {
            if let Some(p) = &loc.path {
                set("path", p.as_str().into());
            }
            if let Some(l) = loc.line {
                set("line", (l as f64).into());
            }
            if let Some(c) = loc.column {
                set("column", (c as f64).into());
            }
        }
        err
    }
}

/// Accepts a `Uint8Array` (or any ArrayBuffer view) or a string, as bytes.
pub fn bytes_or_string(v: &JsValue, name: &str) -> Result<Vec<u8>, JsErr> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    if v.is_instance_of::<js_sys::Uint8Array>() {
        return Ok(js_sys::Uint8Array::new(v).to_vec());
    }
    if v.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(v).to_vec());
    }
    Err(JsErr(govshare_core::Error::InvalidArgument {
        name: name.to_owned(),
        detail: "expected a Uint8Array, an ArrayBuffer or a string".to_owned(),
    }))
}

/// JSON input the core parses itself: a string or bytes as given; any other
/// value (an object, an array) as its JSON text.
pub fn json_bytes(v: &JsValue, name: &str) -> Result<Vec<u8>, JsErr> {
    if v.is_string() || v.is_instance_of::<js_sys::Uint8Array>() || v.is_instance_of::<js_sys::ArrayBuffer>()
    {
        return bytes_or_string(v, name);
    }
    let text = js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string());
    text.map(String::into_bytes).ok_or_else(|| {
        JsErr(govshare_core::Error::InvalidArgument {
            name: name.to_owned(),
            detail: "expected a string, bytes or a JSON-serializable value".to_owned(),
        })
    })
}

/// [`json_bytes`] as text; bytes must be UTF-8.
pub fn text_or_json(v: &JsValue, name: &str) -> Result<String, JsErr> {
    String::from_utf8(json_bytes(v, name)?).map_err(|_| {
        JsErr(govshare_core::Error::InvalidArgument {
            name: name.to_owned(),
            detail: "not valid UTF-8".to_owned(),
        })
    })
}

/// Rust value → typed JS value (the `.d.ts` names the core type).
pub fn to_js<T: tsify::Tsify + serde::Serialize>(value: &T) -> Result<tsify::Ts<T>, JsErr> {
    tsify::Ts::from_rust(value).map_err(|e| {
        JsErr(govshare_core::Error::InvalidArgument { name: "result".to_owned(), detail: e.to_string() })
    })
}

/// Typed JS value → Rust value; a wrong shape is an `invalid_value` error naming the argument.
///
/// serde-wasm-bindgen reads only the members a struct names, so a core type's
/// `deny_unknown_fields` never fires on a JS object: a misspelled member would
/// be silently ignored here while Rust and Python refuse it. The value is
/// therefore also read through its JSON form, and an unknown member is refused
/// as in every other binding.
pub fn from_js<T>(value: tsify::Ts<T>, name: &str) -> Result<T, JsErr>
where
    T: tsify::Tsify + serde::de::DeserializeOwned,
    <T as tsify::Tsify>::JsType: Clone,
{
    let invalid = |detail: String| {
        JsErr(govshare_core::Error::InvalidValue { location: govshare_core::Location::path(name), detail })
    };
    // serde quotes the value it could not read: only its kind reaches the error.
    let rust =
        value.to_rust().map_err(|e| invalid(govshare_core::error::sanitize_serde_detail(&e.to_string())))?;
    let text = js_sys::JSON::stringify(&value.js_value()).ok().and_then(|s| s.as_string());
    if let Some(Err(e)) = text.map(|t| serde_json::from_str::<T>(&t)) {
        let mut detail = e.to_string();
        if detail.starts_with("unknown field") {
            if let Some(at) = detail.rfind(" at line ") {
                detail.truncate(at);
            }
            return Err(invalid(detail));
        }
    }
    Ok(rust)
}

/// A list of Rust values → an array of typed JS values.
pub fn list_to_js<T: tsify::Tsify + serde::Serialize>(values: &[T]) -> Result<Vec<tsify::Ts<T>>, JsErr> {
    values.iter().map(to_js).collect()
}

/// A JS number that must be a whole number from 0 to 2^53 − 1 (a sequence
/// number or a version): anything else is `invalid_argument`, never rounded.
pub fn u64_arg(v: f64, name: &str) -> Result<u64, JsErr> {
    if v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        Ok(v as u64)
    } else {
        Err(govshare_core::Error::InvalidArgument {
            name: name.to_owned(),
            detail: "expected a non-negative integer".into(),
        }
        .into())
    }
}
