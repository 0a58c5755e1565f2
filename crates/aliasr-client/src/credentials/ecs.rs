//! ECS RAM role credentials from the instance metadata service (IMDSv2 token first), cached and
//! refreshed 15 minutes before they expire, as the official provider does.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Mutex;

use super::{Credentials, CredentialsError, Environment, ProvideCredentials, ProvideFuture};

/// The metadata service of every ECS instance.
pub const ECS_METADATA_URL: &str = "http://100.100.100.200";
/// Credentials are refreshed this long before they expire.
const REFRESH_MARGIN_SECONDS: i64 = 15 * 60;

/// Temporary credentials with an expiry, as the metadata service and credential URIs return.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct TemporaryCredentials {
    #[serde(default)]
    code: Option<String>,
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

impl TemporaryCredentials {
    /// Checks `Code` and the expiry format; returns the credentials and their expiry (Unix s).
    pub(super) fn into_credentials(
        self,
        source: &str,
    ) -> Result<(Credentials, i64), CredentialsError> {
        if self.code.as_deref().is_some_and(|code| code != "Success") {
            return Err(CredentialsError::Failed(format!(
                "{source} answered Code {:?}",
                self.code.unwrap_or_default()
            )));
        }
        let expires = aliasr_sign::Timestamp::parse(&self.expiration)
            .ok_or_else(|| {
                CredentialsError::Failed(format!(
                    "{source}: Expiration `{}` is not YYYY-MM-DDThh:mm:ssZ",
                    self.expiration
                ))
            })?
            .unix_seconds();
        let credentials = Credentials::new(self.access_key_id, self.access_key_secret)
            .with_security_token(self.security_token);
        Ok((credentials, expires))
    }
}

/// Credentials kept until shortly before they expire.
#[derive(Debug, Default)]
pub(super) struct Cache {
    held: Mutex<Option<(Credentials, i64)>>,
}

impl Cache {
    pub(super) async fn get_or_refresh<F, Fut>(
        &self,
        fetch: F,
    ) -> Result<Credentials, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(Credentials, i64), CredentialsError>>,
    {
        let mut held = self.held.lock().await;
        let now = unix_now();
        if let Some((credentials, expires)) = held.as_ref()
            && now < expires - REFRESH_MARGIN_SECONDS
        {
            return Ok(credentials.clone());
        }
        let (credentials, expires) = fetch().await?;
        *held = Some((credentials.clone(), expires));
        Ok(credentials)
    }
}

pub(super) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

pub(super) fn http_client() -> Result<reqwest::Client, CredentialsError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(1))
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .map_err(|e| CredentialsError::Failed(format!("building an HTTP client: {e}")))
}

/// The ECS RAM role provider.
#[derive(Debug, Clone)]
pub struct EcsRoleProvider {
    base_url: String,
    role: Option<String>,
    disabled: bool,
    imds_v1_disabled: bool,
    cache: Arc<Cache>,
}

impl EcsRoleProvider {
    /// Reads `ALIBABA_CLOUD_ECS_METADATA_DISABLED`, `ALIBABA_CLOUD_ECS_METADATA` (role name) and
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED`.
    pub fn from_environment(environment: &Environment) -> Self {
        Self {
            base_url: ECS_METADATA_URL.to_owned(),
            role: environment
                .var("ALIBABA_CLOUD_ECS_METADATA")
                .map(str::to_owned),
            disabled: environment.flag("ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
            imds_v1_disabled: environment.flag("ALIBABA_CLOUD_IMDSV1_DISABLED"),
            cache: Arc::default(),
        }
    }

    /// Uses another metadata address (tests point this at a local server).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    async fn fetch(&self) -> Result<(Credentials, i64), CredentialsError> {
        let http = http_client()?;
        let unreachable = |e: reqwest::Error| {
            CredentialsError::NotLoaded(format!(
                "metadata service at {} unreachable: {e}",
                self.base_url
            ))
        };
        let token = match http
            .put(format!("{}/latest/api/token", self.base_url))
            .header("X-aliyun-ecs-metadata-token-ttl-seconds", "21600")
            .send()
            .await
        {
            Ok(response) if response.status().is_success() => {
                Some(response.text().await.map_err(unreachable)?)
            }
            Ok(response) if self.imds_v1_disabled => {
                return Err(CredentialsError::Failed(format!(
                    "metadata token request answered {} and IMDSv1 is disabled",
                    response.status()
                )));
            }
            Ok(_) => None,
            Err(e) => return Err(unreachable(e)),
        };
        let get = |path: String| {
            let mut request = http.get(format!("{}{path}", self.base_url));
            if let Some(token) = &token {
                request = request.header("X-aliyun-ecs-metadata-token", token);
            }
            request.send()
        };
        let role = match &self.role {
            Some(role) => role.clone(),
            None => {
                let response = get("/latest/meta-data/ram/security-credentials/".into())
                    .await
                    .map_err(unreachable)?;
                if !response.status().is_success() {
                    return Err(CredentialsError::Failed(format!(
                        "metadata service lists no RAM role ({})",
                        response.status()
                    )));
                }
                response
                    .text()
                    .await
                    .map_err(unreachable)?
                    .trim()
                    .to_owned()
            }
        };
        let response = get(format!("/latest/meta-data/ram/security-credentials/{role}"))
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(CredentialsError::Failed(format!(
                "metadata service has no credentials for role `{role}` ({})",
                response.status()
            )));
        }
        let body = response.text().await.map_err(unreachable)?;
        let parsed: TemporaryCredentials = serde_json::from_str(&body).map_err(|e| {
            CredentialsError::Failed(format!(
                "metadata credentials for role `{role}` are not valid JSON: {e}"
            ))
        })?;
        parsed.into_credentials("the ECS metadata service")
    }
}

impl ProvideCredentials for EcsRoleProvider {
    fn name(&self) -> &'static str {
        "ecs_ram_role"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            if self.disabled {
                return Err(CredentialsError::NotLoaded(
                    "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true".into(),
                ));
            }
            self.cache.get_or_refresh(|| self.fetch()).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::credentials::fake_http;

    /// A fake metadata service: token, role list, role credentials.
    async fn fake_metadata(expiration: &'static str) -> (String, fake_http::Log) {
        fake_http::serve(move |line| {
            if line.starts_with("PUT /latest/api/token") {
                "tok".to_owned()
            } else if line.starts_with("GET /latest/meta-data/ram/security-credentials/ ") {
                "EcsRole".to_owned()
            } else {
                format!(r#"{{"Code":"Success","AccessKeyId":"STS.ecs","AccessKeySecret":"ecs-secret","SecurityToken":"ecs-token","Expiration":"{expiration}"}}"#)
            }
        })
        .await
    }

    #[tokio::test]
    async fn imds_v2_token_then_role_then_credentials_cached_until_near_expiry() {
        let (url, seen) = fake_metadata("2099-01-01T00:00:00Z").await;
        let provider =
            EcsRoleProvider::from_environment(&Environment::default()).with_base_url(url);
        let credentials = provider.provide().await.unwrap();
        assert_eq!(credentials.access_key_id(), "STS.ecs");
        assert_eq!(credentials.security_token(), Some("ecs-token"));
        let requests = seen.lock().unwrap().clone();
        assert_eq!(requests.len(), 3, "{requests:?}");
        assert!(requests[0].starts_with("PUT /latest/api/token"));
        assert!(
            requests[1].ends_with("token=true")
                && requests[2].contains("/EcsRole ")
                && requests[2].ends_with("token=true"),
            "{requests:?}"
        );
        provider.provide().await.unwrap();
        assert_eq!(seen.lock().unwrap().len(), 3, "served from the cache");
    }

    #[tokio::test]
    async fn credentials_close_to_expiry_are_fetched_again() {
        let (url, seen) = fake_metadata("2000-01-01T00:00:00Z").await;
        let provider =
            EcsRoleProvider::from_environment(&Environment::default()).with_base_url(url);
        provider.provide().await.unwrap();
        provider.provide().await.unwrap();
        assert_eq!(seen.lock().unwrap().len(), 6);
    }

    #[tokio::test]
    async fn disabled_or_unreachable_metadata_passes_to_the_next_provider() {
        let disabled = Environment::new(
            [("ALIBABA_CLOUD_ECS_METADATA_DISABLED".into(), "true".into())],
            None,
        );
        let error = EcsRoleProvider::from_environment(&disabled)
            .provide()
            .await
            .unwrap_err();
        assert!(matches!(error, CredentialsError::NotLoaded(_)));
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let provider = EcsRoleProvider::from_environment(&Environment::default())
            .with_base_url(format!("http://{closed}"));
        assert!(matches!(
            provider.provide().await,
            Err(CredentialsError::NotLoaded(_))
        ));
    }
}
