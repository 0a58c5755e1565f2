//! Credentials and signing keys, redacted by construction.

use std::fmt;

/// What `Debug`/`Display` print in place of a secret.
pub const REDACTED: &str = "** REDACTED **";

/// Prints [`REDACTED`] in `Debug` output, in place of a secret value.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// An AccessKey pair, optionally with an STS security token.
///
/// The secret and the token never appear in `Debug` or `Display` output; read them with
/// [`access_key_secret`](Self::access_key_secret) and [`security_token`](Self::security_token).
///
/// ```
/// use aliasr_sign::Credentials;
/// let creds = Credentials::new("LTAI5tExample", "very-secret").with_security_token("sts-token");
/// assert!(!format!("{creds:?} {creds}").contains("very-secret"));
/// assert!(!format!("{creds:?} {creds}").contains("sts-token"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
}

impl Credentials {
    /// A long-term AccessKey pair.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token. An empty token means "none", as in the official SDK.
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.security_token = (!token.is_empty()).then_some(token);
        self
    }

    /// The AccessKey ID (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret. Handle with care: this is the one value that must never be logged.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, if these are temporary credentials.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &Redacted)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key {} (secret {REDACTED}", self.access_key_id)?;
        if self.security_token.is_some() {
            write!(f, ", security token {REDACTED}")?;
        }
        f.write_str(")")
    }
}

/// The HMAC key derived from a secret: V1 uses `secret + "&"`, V3 the secret itself.
/// `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey {
    bytes: Vec<u8>,
}

impl SigningKey {
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// The raw key bytes (they contain the secret).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({REDACTED})")
    }
}
