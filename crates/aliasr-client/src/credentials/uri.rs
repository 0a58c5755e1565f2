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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::fake_http;

    fn environment(uri: &str) -> Environment {
        Environment::new(
            [("ALIBABA_CLOUD_CREDENTIALS_URI".to_owned(), uri.to_owned())],
            None,
        )
    }

    #[tokio::test]
    async fn reads_temporary_credentials_and_caches_them() {
        let (url, seen) = fake_http::serve(|_| {
            r#"{"Code":"Success","AccessKeyId":"STS.uri","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2099-01-01T00:00:00Z"}"#.to_owned()
        })
        .await;
        let provider = UriProvider::from_environment(&environment(&format!("{url}/creds")));
        assert_eq!(provider.provide().await.unwrap().access_key_id(), "STS.uri");
        provider.provide().await.unwrap();
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_failure_code_or_bad_json_stops_the_chain_with_a_reason() {
        let (url, _) = fake_http::serve(|_| r#"{"Code":"Denied","AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"2099-01-01T00:00:00Z"}"#.to_owned()).await;
        let error = UriProvider::from_environment(&environment(&url))
            .provide()
            .await
            .unwrap_err();
        assert!(
            matches!(&error, CredentialsError::Failed(m) if m.contains("Denied")),
            "{error}"
        );
        let (url, _) = fake_http::serve(|_| "not json".to_owned()).await;
        let error = UriProvider::from_environment(&environment(&url))
            .provide()
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("not valid credentials JSON"),
            "{error}"
        );
        let unset = UriProvider::from_environment(&Environment::default())
            .provide()
            .await
            .unwrap_err();
        assert!(matches!(unset, CredentialsError::NotLoaded(_)));
    }
}
