//! `ALIBABA_CLOUD_CREDENTIALS_URI`: a local endpoint that hands out temporary credentials.

use std::sync::Arc;

use super::ecs::{Cache, TemporaryCredentials, http_client};
use super::{CredentialsError, Environment, ProvideCredentials, ProvideFuture};

/// Credentials from the URI in `ALIBABA_CLOUD_CREDENTIALS_URI`, cached until near expiry.
#[derive(Debug, Clone)]
pub struct UriProvider {
    uri: Option<String>,
    cache: Arc<Cache>,
}

impl UriProvider {
    /// Reads `ALIBABA_CLOUD_CREDENTIALS_URI`.
    pub fn from_environment(environment: &Environment) -> Self {
        Self {
            uri: environment
                .var("ALIBABA_CLOUD_CREDENTIALS_URI")
                .map(str::to_owned),
            cache: Arc::default(),
        }
    }
}

impl ProvideCredentials for UriProvider {
    fn name(&self) -> &'static str {
        "credentials_uri"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let Some(uri) = &self.uri else {
                return Err(CredentialsError::NotLoaded(
                    "ALIBABA_CLOUD_CREDENTIALS_URI is not set".into(),
                ));
            };
            self.cache
                .get_or_refresh(|| async {
                    let failed =
                        |e: reqwest::Error| CredentialsError::Failed(format!("{uri}: {e}"));
                    let response = http_client()?.get(uri).send().await.map_err(failed)?;
                    let status = response.status();
                    let body = response.text().await.map_err(failed)?;
                    if !status.is_success() {
                        return Err(CredentialsError::Failed(format!("{uri} answered {status}")));
                    }
                    let parsed: TemporaryCredentials =
                        serde_json::from_str(&body).map_err(|e| {
                            CredentialsError::Failed(format!(
                                "{uri}: not valid credentials JSON: {e}"
                            ))
                        })?;
                    parsed.into_credentials(uri)
                })
                .await
        })
    }
}
