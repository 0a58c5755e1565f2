#![doc = include_str!("../README.md")]

mod credentials;
mod crypto;
mod encode;
mod error;
#[cfg(feature = "fresh")]
mod fresh;
mod request;
mod settings;
mod signer;
mod timestamp;
mod verify;

pub mod v1;
pub mod v3;

pub use credentials::{Credentials, REDACTED, SigningKey};
pub use encode::{form_urlencode, is_unreserved, percent_encode};
pub use error::{MismatchDiagnostics, SignError};
#[cfg(feature = "fresh")]
pub use fresh::{fresh_nonce, utc_timestamp_now};
pub use request::{HttpMethod, SignableRequest, SignedHeader, SignedRequest};
pub use settings::{
    FormatParam, ParamPlacement, SignatureVersion, SigningSettings, V1Style, WireEncoding,
};
pub use signer::{FORM_CONTENT_TYPE, sign};
pub use timestamp::Timestamp;
pub use verify::{IncomingRequest, SecretLookup, Verified, verify};
