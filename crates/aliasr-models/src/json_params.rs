//! SubmitASRJob parameters that travel as "a JSON object in a string": [`EditingConfig`] and
//! [`UserData`]. Both are written compactly (no insignificant whitespace, key order kept), the
//! same text `json.dumps(separators=(',', ':'), ensure_ascii=False)` gives.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::str::FromStr;

use crate::ModelError;
use crate::json::{
    ObjectMembers, minify, parse_document, parse_object, parse_plain, push_json_string, shorten,
};

const HOTWORD_KEY: &str = "HotwordLibraryIdList";

/// The `EditingConfig` of SubmitASRJob: the recognition settings.
///
/// The documented key is `HotwordLibraryIdList` (hotword library ids; the service currently
/// uses one). Other keys are kept in order as raw JSON, so settings this crate does not know
/// yet still reach the service.
///
/// The SDK comment calls `HotwordLibraryIdList` a list, which is how this type writes it; the
/// documentation's example gives a single string (`{"HotwordLibraryIdList": "****"}`), which
/// [`EditingConfig::from_json`] accepts and writes back as a single string.
///
/// ```
/// use aliasr_models::EditingConfig;
///
/// let config = EditingConfig::new()
///     .with_hotword_library_id("hwl-3a9c2e8f1b")
///     .with_extra_json("SentenceMaxLength", "20")?;
/// assert_eq!(config.to_json(), r#"{"HotwordLibraryIdList":["hwl-3a9c2e8f1b"],"SentenceMaxLength":20}"#);
///
/// let doc_example = EditingConfig::from_json(r#"{ "HotwordLibraryIdList": "lib-1" }"#)?;
/// assert_eq!(doc_example.hotword_library_ids(), ["lib-1"]);
/// assert_eq!(doc_example.to_json(), r#"{"HotwordLibraryIdList":"lib-1"}"#);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EditingConfig {
    hotwords: Option<HotwordIds>,
    /// Other members in document order: (key, compact JSON text of the value).
    extra: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct HotwordIds {
    ids: Vec<String>,
    /// Written as `"id"` rather than `["id"]`, as in the documentation's example.
    single_string: bool,
}

impl EditingConfig {
    /// An empty configuration: `{}`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a hotword library id to `HotwordLibraryIdList` (written as a list).
    pub fn with_hotword_library_id(mut self, id: impl Into<String>) -> Self {
        let hotwords = self.hotwords.get_or_insert(HotwordIds {
            ids: Vec::new(),
            single_string: false,
        });
        hotwords.ids.push(id.into());
        hotwords.single_string = false;
        self
    }

    /// Adds (or replaces) another member, given as JSON text (`"20"`, `"true"`, `"\"zh\""`).
    ///
    /// Fails when `json` is not JSON, or when `key` is `HotwordLibraryIdList` (use
    /// [`EditingConfig::with_hotword_library_id`]).
    pub fn with_extra_json(
        mut self,
        key: impl Into<String>,
        json: &str,
    ) -> Result<Self, ModelError> {
        let key = key.into();
        if key == HOTWORD_KEY {
            return Err(ModelError::InvalidValue {
                what: "EditingConfig member",
                value: key,
                reason: "set hotword library ids with with_hotword_library_id".to_owned(),
            });
        }
        let _checked: Box<serde_json::value::RawValue> =
            parse_plain(&format!("EditingConfig member {key:?}"), json)?;
        let value = minify(json);
        match self.extra.iter_mut().find(|(existing, _)| *existing == key) {
            Some(member) => member.1 = value,
            None => self.extra.push((key, value)),
        }
        Ok(self)
    }

    /// The hotword library ids, in order.
    pub fn hotword_library_ids(&self) -> &[String] {
        self.hotwords.as_ref().map_or(&[], |h| h.ids.as_slice())
    }

    /// The other members, in order, each as (key, compact JSON text of the value).
    pub fn extra_members(&self) -> impl Iterator<Item = (&str, &str)> {
        self.extra
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }

    /// Reads an `EditingConfig` from its JSON text (as sent on the wire).
    pub fn from_json(json: &str) -> Result<Self, ModelError> {
        let ObjectMembers(members) = parse_object("EditingConfig", json)?;
        let mut config = Self::default();
        for (key, raw) in members {
            if key == HOTWORD_KEY {
                config.hotwords = Some(parse_hotwords(raw.get())?);
            } else {
                config.extra.push((key, minify(raw.get())));
            }
        }
        Ok(config)
    }

    /// The compact JSON text sent on the wire; `HotwordLibraryIdList` comes first.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        let mut first = true;
        let mut separator = |out: &mut String| {
            if !first {
                out.push(',');
            }
            first = false;
        };
        if let Some(hotwords) = &self.hotwords {
            separator(&mut out);
            push_json_string(&mut out, HOTWORD_KEY);
            out.push(':');
            match hotwords.ids.as_slice() {
                [only] if hotwords.single_string => push_json_string(&mut out, only),
                ids => {
                    out.push('[');
                    for (i, id) in ids.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        push_json_string(&mut out, id);
                    }
                    out.push(']');
                }
            }
        }
        for (key, value) in &self.extra {
            separator(&mut out);
            push_json_string(&mut out, key);
            out.push(':');
            out.push_str(value);
        }
        out.push('}');
        out
    }
}

fn parse_hotwords(raw: &str) -> Result<HotwordIds, ModelError> {
    let invalid = || ModelError::InvalidValue {
        what: "EditingConfig.HotwordLibraryIdList",
        value: shorten(raw, 80),
        reason: "must be a list of id strings or a single id string".to_owned(),
    };
    match serde_json::from_str::<serde_json::Value>(raw).map_err(|_| invalid())? {
        serde_json::Value::String(id) => Ok(HotwordIds {
            ids: vec![id],
            single_string: true,
        }),
        serde_json::Value::Array(items) => {
            let ids = items
                .into_iter()
                .map(|item| match item {
                    serde_json::Value::String(id) => Ok(id),
                    _ => Err(invalid()),
                })
                .collect::<Result<_, _>>()?;
            Ok(HotwordIds {
                ids,
                single_string: false,
            })
        }
        _ => Err(invalid()),
    }
}

impl fmt::Display for EditingConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl FromStr for EditingConfig {
    type Err = ModelError;
    fn from_str(json: &str) -> Result<Self, ModelError> {
        Self::from_json(json)
    }
}

/// The `UserData` of SubmitASRJob: a JSON object of your own (business environment, trace
/// ids, a callback address), returned unchanged by GetSmartHandleJob.
///
/// Holds the compact JSON text of an object, key order kept.
///
/// ```
/// use aliasr_models::UserData;
///
/// let data = UserData::from_json(r#"{ "user": "data", "env": "prod" }"#)?;
/// assert_eq!(data.as_json(), r#"{"user":"data","env":"prod"}"#);
///
/// #[derive(serde::Serialize)]
/// struct Trace { trace: &'static str }
/// assert_eq!(UserData::from_serialize(&Trace { trace: "a b" })?.as_json(), r#"{"trace":"a b"}"#);
///
/// assert!(UserData::from_json("[1, 2]").is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserData(String);

impl UserData {
    /// Checks that `json` is a JSON object and keeps its compact form.
    pub fn from_json(json: &str) -> Result<Self, ModelError> {
        let _: ObjectMembers = parse_object("UserData", json)?;
        Ok(Self(minify(json)))
    }

    /// Serialises `value`, which must serialise to a JSON object.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, ModelError> {
        let json = serde_json::to_string(value).map_err(|err| ModelError::InvalidValue {
            what: "UserData",
            value: String::new(),
            reason: err.to_string(),
        })?;
        Self::from_json(&json)
    }

    /// The compact JSON text sent on the wire.
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// Decodes the object into your own type.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, ModelError> {
        parse_document("UserData", &self.0)
    }
}

impl fmt::Display for UserData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for UserData {
    type Err = ModelError;
    fn from_str(json: &str) -> Result<Self, ModelError> {
        Self::from_json(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_config_keeps_order_and_compacts() {
        let text = "{\"HotwordLibraryIdList\": [\"hwl-3a9c2e8f1b\"], \"SentenceMaxLength\": 20, \"EnableSemanticSentenceDetection\": true}";
        let config = EditingConfig::from_json(text).unwrap();
        assert_eq!(
            config.to_json(),
            r#"{"HotwordLibraryIdList":["hwl-3a9c2e8f1b"],"SentenceMaxLength":20,"EnableSemanticSentenceDetection":true}"#
        );
        assert_eq!(EditingConfig::from_json(&config.to_json()).unwrap(), config);
    }

    #[test]
    fn editing_config_errors() {
        let message = EditingConfig::from_json("[]").unwrap_err().to_string();
        assert!(message.starts_with("EditingConfig: "), "{message}");
        let message = EditingConfig::from_json(r#"{"HotwordLibraryIdList": [1]}"#)
            .unwrap_err()
            .to_string();
        assert!(message.contains("list of id strings"), "{message}");
        assert!(EditingConfig::new().with_extra_json("A", "nope").is_err());
        assert!(
            EditingConfig::new()
                .with_extra_json(HOTWORD_KEY, "[]")
                .is_err()
        );
        assert_eq!(EditingConfig::new().to_json(), "{}");
    }

    #[test]
    fn extra_json_replaces_existing_member() {
        let config = EditingConfig::new()
            .with_extra_json("A", "1")
            .unwrap()
            .with_extra_json("A", " [ 2 ] ")
            .unwrap();
        assert_eq!(config.to_json(), r#"{"A":[2]}"#);
    }
}
