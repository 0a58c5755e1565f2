//! [`NumberOrString`]: for fields the service sends sometimes as a number, sometimes as a string.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A value that arrives as a JSON integer or as a string, such as `SmartJobInfo.UserId`
/// (`1234562230123456` in the documented sample, a string in the SDK model) or a real-time
/// ASR task's `status` (`1` in the documentation, `"running"` elsewhere).
///
/// Integers that fit an `i64` are kept as [`NumberOrString::Integer`]; anything else (a
/// string, a fraction, a boolean, a huge integer) is kept as its text, so nothing is lost and
/// nothing fails to parse.
///
/// ```
/// use aliasr_models::NumberOrString;
///
/// let from_number: NumberOrString = serde_json::from_str("1234562230123456").unwrap();
/// let from_text: NumberOrString = serde_json::from_str("\"1234562230123456\"").unwrap();
/// assert_eq!(from_number.to_string(), from_text.to_string());
/// assert_eq!(from_text.as_i64(), Some(1234562230123456));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NumberOrString {
    /// The value was a JSON integer.
    Integer(i64),
    /// The value was a string (or a number that is not an `i64`, kept as its JSON text).
    Text(String),
}

impl NumberOrString {
    /// The value as an integer, parsing the text form when it holds one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Integer(n) => Some(*n),
            Self::Text(text) => text.parse().ok(),
        }
    }
}

impl fmt::Display for NumberOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Integer(n) => write!(f, "{n}"),
            Self::Text(text) => f.write_str(text),
        }
    }
}

impl From<i64> for NumberOrString {
    fn from(n: i64) -> Self {
        Self::Integer(n)
    }
}

impl From<&str> for NumberOrString {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for NumberOrString {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl Serialize for NumberOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(n) => serializer.serialize_i64(*n),
            Self::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = NumberOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(NumberOrString::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v).map_or_else(
                    |_| NumberOrString::Text(v.to_string()),
                    NumberOrString::Integer,
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                let text = serde_json::Number::from_f64(v)
                    .map_or_else(|| v.to_string(), |n| n.to_string());
                Ok(NumberOrString::Text(text))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(NumberOrString::Text(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(NumberOrString::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(NumberOrString::Text(v))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}
