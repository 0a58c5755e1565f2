//! Where credentials come from: a chain of small providers, each either giving credentials,
//! saying "not here (why)" so the next one is tried, or failing the chain with an error.
//! The order and file formats follow the official `alibabacloud-credentials` package.

mod ecs;
mod env;
mod files;
mod uri;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

pub use aliasr_sign::Credentials;
pub use ecs::{ECS_METADATA_URL, EcsRoleProvider};
pub use env::EnvProvider;
pub use files::{CliProfileProvider, IniFileProvider};
pub use uri::UriProvider;

/// A boxed future, so providers stay object safe without extra crates.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Something that can produce credentials.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// A short name for messages (`env`, `cli_profile`, …).
    fn name(&self) -> &'static str;
    /// Produces credentials, or says why not.
    fn provide(&self) -> ProvideFuture<'_>;
}

/// Why a provider gave no credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// This provider has nothing configured; the chain tries the next one.
    #[error("not configured: {0}")]
    NotLoaded(String),
    /// This provider is configured but broken; the chain stops here.
    #[error("{0}")]
    Failed(String),
    /// No provider in the chain gave credentials; each one's reason, in order.
    #[error("no credentials found; tried {}", format_attempts(.0))]
    Exhausted(Vec<(String, String)>),
}

fn format_attempts(attempts: &[(String, String)]) -> String {
    attempts
        .iter()
        .map(|(name, why)| format!("{name} ({why})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The process environment and home folder, injectable so tests never read the real ones.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    vars: HashMap<String, String>,
    home: Option<PathBuf>,
}

impl Environment {
    /// The current process's variables and `$HOME`.
    pub fn from_process() -> Self {
        let vars: HashMap<String, String> = std::env::vars().collect();
        let home = vars
            .get("HOME")
            .or_else(|| vars.get("HOMEPATH"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        Self { vars, home }
    }

    /// An environment with only these variables and this home folder.
    pub fn new(vars: impl IntoIterator<Item = (String, String)>, home: Option<PathBuf>) -> Self {
        Self {
            vars: vars.into_iter().collect(),
            home,
        }
    }

    /// A variable's value, if set and not empty.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Whether a variable says `true` (case-insensitive).
    pub fn flag(&self, name: &str) -> bool {
        self.var(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The home folder.
    pub fn home(&self) -> Option<&PathBuf> {
        self.home.as_ref()
    }
}

/// Fixed credentials, for programs that pass keys directly.
#[derive(Debug, Clone)]
pub struct StaticProvider {
    credentials: Credentials,
}

impl StaticProvider {
    /// Always gives `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials }
    }
}

impl ProvideCredentials for StaticProvider {
    fn name(&self) -> &'static str {
        "static"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move { Ok(self.credentials.clone()) })
    }
}

/// Providers tried in order; the first that works is remembered and asked first next time.
#[derive(Debug, Clone)]
pub struct CredentialsChain {
    providers: Arc<Vec<Box<dyn ProvideCredentials>>>,
    last_good: Arc<Mutex<Option<usize>>>,
}

impl CredentialsChain {
    /// A chain of these providers.
    pub fn new(providers: Vec<Box<dyn ProvideCredentials>>) -> Self {
        Self {
            providers: Arc::new(providers),
            last_good: Arc::new(Mutex::new(None)),
        }
    }

    /// The official order: environment, CLI profile (`~/.aliyun/config.json`), INI file
    /// (`~/.alibabacloud/credentials.ini`), ECS RAM role (unless
    /// `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`), then `ALIBABA_CLOUD_CREDENTIALS_URI`.
    /// `profile` overrides `ALIBABA_CLOUD_PROFILE` for both files.
    pub fn default_chain(environment: &Environment, profile: Option<&str>) -> Self {
        Self::new(vec![
            Box::new(EnvProvider::new(environment)),
            Box::new(CliProfileProvider::new(environment, profile)),
            Box::new(IniFileProvider::new(environment, profile)),
            Box::new(EcsRoleProvider::from_environment(environment)),
            Box::new(UriProvider::from_environment(environment)),
        ])
    }
}

impl ProvideCredentials for CredentialsChain {
    fn name(&self) -> &'static str {
        "default"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let remembered = *self
                .last_good
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(index) = remembered
                && let Some(provider) = self.providers.get(index)
                && let Ok(credentials) = provider.provide().await
            {
                return Ok(credentials);
            }
            let mut attempts = Vec::new();
            for (index, provider) in self.providers.iter().enumerate() {
                match provider.provide().await {
                    Ok(credentials) => {
                        *self
                            .last_good
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner) = Some(index);
                        return Ok(credentials);
                    }
                    Err(CredentialsError::NotLoaded(why)) => {
                        attempts.push((provider.name().to_owned(), why));
                    }
                    Err(error) => {
                        return Err(CredentialsError::Failed(format!(
                            "{}: {error}",
                            provider.name()
                        )));
                    }
                }
            }
            Err(CredentialsError::Exhausted(attempts))
        })
    }
}

/// A one-answer-per-connection HTTP server on 127.0.0.1 for provider tests.
#[cfg(test)]
pub(crate) mod fake_http {
    use std::sync::{Arc, Mutex};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Request lines seen, each with `token=true` when the IMDSv2 token header was sent.
    pub(crate) type Log = Arc<Mutex<Vec<String>>>;

    /// Serves `answer(request line)` as a 200 body to every request; returns the base URL.
    pub(crate) async fn serve(answer: impl Fn(&str) -> String + Send + 'static) -> (String, Log) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let seen: Log = Arc::default();
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut buffer = vec![0; 4096];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buffer[..n]).into_owned();
                let line = request.lines().next().unwrap_or_default().to_owned();
                let has_token = request
                    .to_ascii_lowercase()
                    .contains("x-aliyun-ecs-metadata-token: tok");
                log.lock()
                    .unwrap()
                    .push(format!("{line} token={has_token}"));
                let body = answer(&line);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
            }
        });
        (format!("http://{address}"), seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::new(
            vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            Some(PathBuf::from("/nonexistent-home-for-tests")),
        )
    }

    #[tokio::test]
    async fn an_empty_chain_lists_every_provider_and_why_it_was_skipped() {
        let chain = CredentialsChain::default_chain(
            &env(&[("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]),
            None,
        );
        let error = chain.provide().await.unwrap_err().to_string();
        for name in [
            "env",
            "cli_profile",
            "profile",
            "ecs_ram_role",
            "credentials_uri",
        ] {
            assert!(error.contains(name), "{name} missing from: {error}");
        }
        assert!(
            error.contains("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_environment_comes_first() {
        let chain = CredentialsChain::default_chain(
            &env(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"),
                ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
            ]),
            None,
        );
        assert_eq!(chain.provide().await.unwrap().access_key_id(), "LTAIenv");
    }
}
