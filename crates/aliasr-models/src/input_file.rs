//! [`InputFile`]: what SubmitASRJob transcribes, an `oss://bucket.endpoint/object` URL or a media id.

use std::fmt;
use std::str::FromStr;

use crate::ModelError;
use crate::json::shorten;

/// The `InputFile` of a SubmitASRJob request.
///
/// The documentation accepts an OSS URL (`oss://example-bucket.oss-cn-shanghai.aliyuncs.com/example.mp4`)
/// or the id of a media asset in the media library (`****20b48fb04483915d4f2cd8ac****`).
/// Parsing and [`fmt::Display`] are exact inverses, so the wire value is never rewritten.
///
/// ```
/// use aliasr_models::InputFile;
///
/// let url: InputFile = "oss://my-bucket.oss-cn-shanghai.aliyuncs.com/a/b c.mp4".parse()?;
/// let InputFile::Oss(location) = &url else { unreachable!() };
/// assert_eq!(location.bucket(), "my-bucket");
/// assert_eq!(location.endpoint(), "oss-cn-shanghai.aliyuncs.com");
/// assert_eq!(location.object(), "a/b c.mp4");
/// assert_eq!(url.to_string(), "oss://my-bucket.oss-cn-shanghai.aliyuncs.com/a/b c.mp4");
///
/// assert!(matches!("20b48fb04483915d4f2cd8ac".parse()?, InputFile::MediaId(_)));
/// assert!("https://example.com/a.mp4".parse::<InputFile>().is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFile {
    /// An object in OSS.
    Oss(OssLocation),
    /// A media asset id from the ICE media library.
    MediaId(String),
}

/// The three parts of an `oss://bucket.endpoint/object` URL.
///
/// ```
/// use aliasr_models::{InputFile, OssLocation};
///
/// let location = OssLocation::new("example-bucket", "oss-cn-shanghai.aliyuncs.com", "asr/a.mp4")?;
/// assert_eq!(location.to_string(), "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/asr/a.mp4");
/// assert_eq!(InputFile::Oss(location.clone()).to_string().parse::<InputFile>()?, InputFile::Oss(location));
/// assert!(OssLocation::new("Bad_Bucket", "oss-cn-shanghai.aliyuncs.com", "a.mp4").is_err());
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OssLocation {
    bucket: String,
    endpoint: String,
    object: String,
}

/// OSS object keys are at most 1023 bytes.
const MAX_OBJECT_BYTES: usize = 1023;

impl OssLocation {
    /// Checks and combines the parts of an OSS URL.
    ///
    /// Bucket names follow the OSS rules (3 to 63 lowercase letters, digits and hyphens, not
    /// starting or ending with a hyphen); the endpoint is a host name such as
    /// `oss-cn-shanghai.aliyuncs.com`; the object key is 1 to 1023 bytes, does not start with
    /// `/` or `\` and has no control characters.
    pub fn new(
        bucket: impl Into<String>,
        endpoint: impl Into<String>,
        object: impl Into<String>,
    ) -> Result<Self, ModelError> {
        let location = Self {
            bucket: bucket.into(),
            endpoint: endpoint.into(),
            object: object.into(),
        };
        location
            .check()
            .map_err(|reason| invalid(&location.to_string(), reason))?;
        Ok(location)
    }

    /// The bucket name.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The endpoint host, for example `oss-cn-shanghai.aliyuncs.com`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The object key (no leading `/`).
    pub fn object(&self) -> &str {
        &self.object
    }

    fn check(&self) -> Result<(), String> {
        let bucket = &self.bucket;
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !bucket.starts_with('-')
            && !bucket.ends_with('-');
        if !bucket_ok {
            return Err(format!(
                "bucket name {:?} must be 3 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
                shorten(bucket, 70)
            ));
        }
        let endpoint_ok = !self.endpoint.is_empty()
            && self.endpoint.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !endpoint_ok {
            return Err(format!(
                "endpoint {:?} is not a host name such as oss-cn-shanghai.aliyuncs.com",
                shorten(&self.endpoint, 70)
            ));
        }
        let object = &self.object;
        if object.is_empty() {
            return Err("the object key after the endpoint is empty (expected oss://bucket.endpoint/object)".to_owned());
        }
        if object.len() > MAX_OBJECT_BYTES {
            return Err(format!(
                "the object key is {} bytes, at most {MAX_OBJECT_BYTES} allowed",
                object.len()
            ));
        }
        if object.starts_with('/') || object.starts_with('\\') {
            return Err("the object key must not start with '/' or '\\'".to_owned());
        }
        if object.chars().any(char::is_control) {
            return Err("the object key contains a control character".to_owned());
        }
        Ok(())
    }
}

impl fmt::Display for OssLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "oss://{}.{}/{}", self.bucket, self.endpoint, self.object)
    }
}

impl InputFile {
    /// A media asset id, checked: not empty, no whitespace, control characters or `/`.
    pub fn media_id(id: impl Into<String>) -> Result<Self, ModelError> {
        let id = id.into();
        check_media_id(&id).map_err(|reason| invalid(&id, reason))?;
        Ok(Self::MediaId(id))
    }
}

fn check_media_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("a media id must not be empty".to_owned());
    }
    if let Some((scheme, _)) = id.split_once("://") {
        return Err(format!(
            "scheme {:?} is not supported: InputFile is an oss://bucket.endpoint/object URL or a media id",
            shorten(scheme, 20)
        ));
    }
    if id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '/')
    {
        return Err(
            "neither an oss:// URL nor a media id (a media id has no spaces, control characters or '/')".to_owned(),
        );
    }
    Ok(())
}

/// Splits `oss://bucket.endpoint/object` into its parts, or says what is missing.
fn split_oss_url(rest: &str) -> Result<(&str, &str, &str), String> {
    let Some((host, object)) = rest.split_once('/') else {
        return Err(
            "no object key after the endpoint (expected oss://bucket.endpoint/object)".to_owned(),
        );
    };
    let Some((bucket, endpoint)) = host.split_once('.') else {
        return Err(format!(
            "no endpoint after the bucket name {:?} (expected oss://bucket.endpoint/object)",
            shorten(host, 70)
        ));
    };
    Ok((bucket, endpoint, object))
}

impl FromStr for InputFile {
    type Err = ModelError;

    fn from_str(text: &str) -> Result<Self, ModelError> {
        parse_input_file(text).map_err(|reason| invalid(text, reason))
    }
}

/// Parses an InputFile, the reason for a rejection as a sentence fragment.
pub(crate) fn parse_input_file(text: &str) -> Result<InputFile, String> {
    match text.strip_prefix("oss://") {
        Some(rest) => {
            let (bucket, endpoint, object) = split_oss_url(rest)?;
            let location = OssLocation {
                bucket: bucket.to_owned(),
                endpoint: endpoint.to_owned(),
                object: object.to_owned(),
            };
            location.check()?;
            Ok(InputFile::Oss(location))
        }
        None => {
            check_media_id(text)?;
            Ok(InputFile::MediaId(text.to_owned()))
        }
    }
}

impl fmt::Display for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Oss(location) => write!(f, "{location}"),
            Self::MediaId(id) => f.write_str(id),
        }
    }
}

fn invalid(value: &str, reason: String) -> ModelError {
    ModelError::InvalidValue {
        what: "InputFile",
        value: shorten(value, 120),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_forms() {
        for text in [
            "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/example.mp4",
            "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/asr/会议 录音~v1*final+x.mp4",
            "****20b48fb04483915d4f2cd8ac****",
            "20b48fb04483915d4f2cd8ac",
        ] {
            let parsed: InputFile = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn rejects_with_reasons() {
        let cases = [
            ("oss://bucket", "no object key"),
            ("oss://bucket/a.mp4", "no endpoint"),
            (
                "oss://Bucket.oss-cn-shanghai.aliyuncs.com/a.mp4",
                "bucket name \"Bucket\"",
            ),
            (
                "oss://ab.oss-cn-shanghai.aliyuncs.com/a.mp4",
                "bucket name \"ab\"",
            ),
            ("oss://-abc.oss.aliyuncs.com/a.mp4", "bucket name"),
            ("oss://bucket.oss..com/a.mp4", "endpoint"),
            (
                "oss://bucket.oss-cn-shanghai.aliyuncs.com/",
                "object key after the endpoint is empty",
            ),
            (
                "oss://bucket.oss-cn-shanghai.aliyuncs.com//a.mp4",
                "must not start with '/'",
            ),
            (
                "oss://bucket.oss-cn-shanghai.aliyuncs.com/a\nb",
                "control character",
            ),
            (
                "https://example.com/a.mp4",
                "scheme \"https\" is not supported",
            ),
            ("media id", "neither an oss:// URL nor a media id"),
            ("", "must not be empty"),
        ];
        for (text, expected) in cases {
            let message = text.parse::<InputFile>().unwrap_err().to_string();
            assert!(message.contains(expected), "{text:?}: {message}");
            assert!(message.starts_with("InputFile "), "{message}");
        }
        let long = format!("oss://bucket.e.com/{}", "x".repeat(1024));
        assert!(
            long.parse::<InputFile>()
                .unwrap_err()
                .to_string()
                .contains("1024 bytes")
        );
    }

    #[test]
    fn constructors_check_too() {
        assert!(OssLocation::new("bucket", "oss-cn-shanghai.aliyuncs.com", "a.mp4").is_ok());
        assert!(OssLocation::new("bucket", "", "a.mp4").is_err());
        assert!(InputFile::media_id("a/b").is_err());
    }
}
