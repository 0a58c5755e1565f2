//! `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`.

use super::{Credentials, CredentialsError, Environment, ProvideCredentials, ProvideFuture};

/// Credentials from environment variables, read when the provider is built.
#[derive(Debug, Clone)]
pub struct EnvProvider {
    found: Result<Credentials, CredentialsError>,
}

impl EnvProvider {
    /// Reads the variables from `environment`.
    pub fn new(environment: &Environment) -> Self {
        let id = environment.var("ALIBABA_CLOUD_ACCESS_KEY_ID");
        let secret = environment.var("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        let found = match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret);
                Ok(match environment.var("ALIBABA_CLOUD_SECURITY_TOKEN") {
                    Some(token) => credentials.with_security_token(token),
                    None => credentials,
                })
            }
            (None, None) => Err(CredentialsError::NotLoaded(
                "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set"
                    .into(),
            )),
            (Some(_), None) => Err(CredentialsError::Failed(
                "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
                    .into(),
            )),
            (None, Some(_)) => Err(CredentialsError::Failed(
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not"
                    .into(),
            )),
        };
        Self { found }
    }
}

impl ProvideCredentials for EnvProvider {
    fn name(&self) -> &'static str {
        "env"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        let found = self.found.clone();
        Box::pin(async move { found })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::new(vars.iter().map(|(k, v)| ((*k).into(), (*v).into())), None)
    }

    #[tokio::test]
    async fn reads_keys_and_token_and_refuses_half_a_pair() {
        let both = EnvProvider::new(&env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "token"),
        ]));
        let credentials = both.provide().await.unwrap();
        assert_eq!(credentials.security_token(), Some("token"));
        assert!(matches!(
            EnvProvider::new(&env(&[])).provide().await,
            Err(CredentialsError::NotLoaded(_))
        ));
        assert!(matches!(
            EnvProvider::new(&env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "id")]))
                .provide()
                .await,
            Err(CredentialsError::Failed(_))
        ));
    }
}
