//! JavaScript helpers that know nothing of emis: JSON-shaped values, properties, `Error`
//! objects. A leaf module: the others use it, it uses none of them.

use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serialises to JSON and parses it on the JS side, so every result is made of plain objects,
/// arrays, strings, numbers and booleans. Serialising these plain structs cannot fail; if it
/// ever did, the result is `null` rather than a trap.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

/// `undefined` or `null`.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// Sets a property of an object this crate made (a fresh `Error`): that cannot fail, so the
/// impossible error is ignored.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Which JS constructor an error is made with (all three are `instanceof Error`).
#[derive(Clone, Copy)]
pub enum Ctor {
    /// `Error`.
    Error,
    /// `TypeError`: a value of the wrong type.
    Type,
    /// `RangeError`: a value out of range, an unknown name.
    Range,
}

/// A new `Error` (or `TypeError`, `RangeError`) with this `name` and `message`.
pub fn new_error(ctor: Ctor, name: &str, message: &str) -> JsValue {
    let e: js_sys::Error = match ctor {
        Ctor::Error => js_sys::Error::new(message),
        Ctor::Type => js_sys::TypeError::new(message).into(),
        Ctor::Range => js_sys::RangeError::new(message).into(),
    };
    e.set_name(name);
    e.into()
}
