//! The two credentials files: the CLI's `~/.aliyun/config.json` and the SDK's
//! `~/.alibabacloud/credentials.ini`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Credentials, CredentialsError, Environment, ProvideCredentials, ProvideFuture};

/// `~/.aliyun/config.json` profiles in `AK` and `StsToken` mode.
#[derive(Debug, Clone)]
pub struct CliProfileProvider {
    path: Option<PathBuf>,
    profile: Option<String>,
    disabled: bool,
}

impl CliProfileProvider {
    /// The profile is `profile`, else `ALIBABA_CLOUD_PROFILE`, else the file's `current`.
    pub fn new(environment: &Environment, profile: Option<&str>) -> Self {
        Self {
            path: environment
                .home()
                .map(|home| home.join(".aliyun/config.json")),
            profile: profile
                .map(str::to_owned)
                .or_else(|| environment.var("ALIBABA_CLOUD_PROFILE").map(str::to_owned)),
            disabled: environment.flag("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"),
        }
    }
}

#[derive(Debug, Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(Deserialize)]
struct CliProfile {
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
}

impl std::fmt::Debug for CliProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CliProfile")
            .field("name", &self.name)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn name(&self) -> &'static str {
        "cli_profile"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            if self.disabled {
                return Err(CredentialsError::NotLoaded(
                    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true".into(),
                ));
            }
            let Some(path) = &self.path else {
                return Err(CredentialsError::NotLoaded("no home folder".into()));
            };
            let Some(text) = read_optional(path)? else {
                return Err(CredentialsError::NotLoaded(format!(
                    "{} does not exist",
                    path.display()
                )));
            };
            let config: CliConfig = serde_json::from_str(&text).map_err(|e| {
                CredentialsError::Failed(format!(
                    "{}: line {}, column {}: {e}",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            let Some(name) = self.profile.clone().or(config.current) else {
                return Err(CredentialsError::NotLoaded(format!(
                    "{} names no current profile and none was chosen",
                    path.display()
                )));
            };
            let profile = config
                .profiles
                .iter()
                .find(|p| p.name == name)
                .ok_or_else(|| {
                    CredentialsError::Failed(format!(
                        "{}: no profile named `{name}`",
                        path.display()
                    ))
                })?;
            let credentials = Credentials::new(&profile.access_key_id, &profile.access_key_secret);
            let incomplete = || {
                CredentialsError::Failed(format!(
                    "{}: profile `{name}` lacks access_key_id or access_key_secret",
                    path.display()
                ))
            };
            if profile.access_key_id.is_empty() || profile.access_key_secret.is_empty() {
                return Err(incomplete());
            }
            match profile.mode.as_str() {
                "AK" | "" => Ok(credentials),
                "StsToken" if !profile.sts_token.is_empty() => {
                    Ok(credentials.with_security_token(&profile.sts_token))
                }
                "StsToken" => Err(CredentialsError::Failed(format!(
                    "{}: profile `{name}` is StsToken mode but has no sts_token",
                    path.display()
                ))),
                other => Err(CredentialsError::Failed(format!(
                    "{}: profile `{name}` uses mode `{other}`, which aliasr does not support (use AK or StsToken)",
                    path.display()
                ))),
            }
        })
    }
}

/// `~/.alibabacloud/credentials.ini` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`), `type = access_key`.
#[derive(Debug, Clone)]
pub struct IniFileProvider {
    path: Option<PathBuf>,
    section: String,
}

impl IniFileProvider {
    /// The section is `profile`, else `ALIBABA_CLOUD_PROFILE`, else `default`.
    pub fn new(environment: &Environment, profile: Option<&str>) -> Self {
        let path = environment
            .var("ALIBABA_CLOUD_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| {
                environment
                    .home()
                    .map(|h| h.join(".alibabacloud/credentials.ini"))
            });
        let section = profile
            .or(environment.var("ALIBABA_CLOUD_PROFILE"))
            .unwrap_or("default")
            .to_owned();
        Self { path, section }
    }
}

impl ProvideCredentials for IniFileProvider {
    fn name(&self) -> &'static str {
        "profile"
    }

    fn provide(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let Some(path) = &self.path else {
                return Err(CredentialsError::NotLoaded("no home folder".into()));
            };
            let Some(text) = read_optional(path)? else {
                return Err(CredentialsError::NotLoaded(format!(
                    "{} does not exist",
                    path.display()
                )));
            };
            let Some(values) = ini_section(&text, &self.section) else {
                return Err(CredentialsError::NotLoaded(format!(
                    "{} has no [{}] section",
                    path.display(),
                    self.section
                )));
            };
            let get = |key: &str| {
                values
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
                    .filter(|v| !v.is_empty())
            };
            let where_ = format!("{} [{}]", path.display(), self.section);
            match get("type").unwrap_or("access_key") {
                "access_key" => match (get("access_key_id"), get("access_key_secret")) {
                    (Some(id), Some(secret)) => Ok(Credentials::new(id, secret)),
                    _ => Err(CredentialsError::Failed(format!(
                        "{where_}: access_key_id and access_key_secret are required"
                    ))),
                },
                other => Err(CredentialsError::Failed(format!(
                    "{where_}: type `{other}` is not supported by aliasr (use access_key)"
                ))),
            }
        })
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CredentialsError::Failed(format!("{}: {e}", path.display()))),
    }
}

/// The `key = value` pairs of one INI section; anything after `#` or `;` in a value is a comment.
fn ini_section(text: &str, wanted: &str) -> Option<Vec<(String, String)>> {
    let mut current: Option<&str> = None;
    let mut found = None::<Vec<(String, String)>>;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim());
            if current == Some(wanted) && found.is_none() {
                found = Some(Vec::new());
            }
            continue;
        }
        if current == Some(wanted)
            && let (Some(values), Some((key, value))) = (found.as_mut(), line.split_once('='))
        {
            let value = value.split(['#', ';']).next().unwrap_or_default().trim();
            values.push((key.trim().to_owned(), value.to_owned()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Environment) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let env = Environment::new([], Some(dir.path().to_path_buf()));
        (dir, env)
    }

    const CONFIG: &str = r#"{"current":"p1","profiles":[
        {"name":"p1","mode":"AK","access_key_id":"LTAIp1","access_key_secret":"s1","region_id":"cn-shanghai"},
        {"name":"sts","mode":"StsToken","access_key_id":"STS.x","access_key_secret":"s2","sts_token":"tok"},
        {"name":"role","mode":"RamRoleArn","access_key_id":"a","access_key_secret":"b"}]}"#;

    #[tokio::test]
    async fn cli_profiles_current_named_sts_and_unsupported() {
        let (_dir, env) = home_with(&[(".aliyun/config.json", CONFIG)]);
        let current = CliProfileProvider::new(&env, None).provide().await.unwrap();
        assert_eq!(current.access_key_id(), "LTAIp1");
        let sts = CliProfileProvider::new(&env, Some("sts"))
            .provide()
            .await
            .unwrap();
        assert_eq!(sts.security_token(), Some("tok"));
        let role = CliProfileProvider::new(&env, Some("role"))
            .provide()
            .await
            .unwrap_err();
        assert!(role.to_string().contains("RamRoleArn"), "{role}");
        let missing = CliProfileProvider::new(&env, Some("nope"))
            .provide()
            .await
            .unwrap_err();
        assert!(
            missing.to_string().contains("no profile named `nope`"),
            "{missing}"
        );
    }

    #[tokio::test]
    async fn a_broken_config_file_says_where() {
        let (_dir, env) = home_with(&[(".aliyun/config.json", "{\n \"current\": ,\n}")]);
        let error = CliProfileProvider::new(&env, None)
            .provide()
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("line 2"), "{error}");
    }

    proptest::proptest! {
        /// Whatever profiles a config.json holds, the chosen one gives exactly its keys when its
        /// mode is supported and complete, an error otherwise; no error shows a secret or token.
        #[test]
        fn cli_profiles_give_their_keys_or_an_error_without_secrets(
            profiles in proptest::collection::vec(
                (
                    "p[0-3]",
                    "AK|StsToken|RamRoleArn|EcsRamRole|",
                    "(LTAI[a-z]{4})?",
                    "(SECRET[A-Za-z0-9+/=]{6})?",
                    "(TOKEN[A-Za-z0-9+/=]{6})?",
                ),
                0..5,
            ),
            current in proptest::option::of("p[0-3]"),
            chosen in proptest::option::of("p[0-3]"),
        ) {
            let config = serde_json::json!({
                "current": current,
                "profiles": profiles.iter().map(|(name, mode, id, secret, token)| serde_json::json!({
                    "name": name, "mode": mode, "access_key_id": id,
                    "access_key_secret": secret, "sts_token": token,
                })).collect::<Vec<_>>(),
            });
            let (_dir, env) = home_with(&[(".aliyun/config.json", &config.to_string())]);
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let result = runtime.block_on(CliProfileProvider::new(&env, chosen.as_deref()).provide());
            let wanted = chosen.clone().or(current.clone());
            let profile = wanted.and_then(|w| profiles.iter().find(|p| p.0 == w));
            match (profile, result) {
                (Some((_, mode, id, secret, token)), Ok(credentials)) => {
                    proptest::prop_assert!(!id.is_empty() && !secret.is_empty());
                    proptest::prop_assert_eq!(credentials.access_key_id(), id.as_str());
                    proptest::prop_assert_eq!(credentials.access_key_secret(), secret.as_str());
                    match mode.as_str() {
                        "AK" | "" => proptest::prop_assert_eq!(credentials.security_token(), None),
                        "StsToken" => proptest::prop_assert_eq!(credentials.security_token(), Some(token.as_str())),
                        other => proptest::prop_assert!(false, "mode {other} gave credentials"),
                    }
                }
                (None, Ok(_)) => proptest::prop_assert!(false, "credentials without a profile"),
                (_, Err(error)) => {
                    let message = error.to_string();
                    for (_, _, _, secret, token) in &profiles {
                        proptest::prop_assert!(secret.is_empty() || !message.contains(secret.as_str()), "{message}");
                        proptest::prop_assert!(token.is_empty() || !message.contains(token.as_str()), "{message}");
                    }
                }
            }
        }

        /// Any text is read without panicking; a section written with plain keys and values
        /// reads back exactly, whatever sections surround it.
        #[test]
        fn ini_sections_read_back(
            noise in "\\PC{0,200}",
            name in "[a-z][a-z0-9_-]{0,10}",
            pairs in proptest::collection::vec(("[a-z_]{1,12}", "[A-Za-z0-9+/=._-]{0,24}"), 0..6),
        ) {
            let _ = ini_section(&noise, &name);
            let mut text = format!("[0other]\nx = 1\n[{name}]\n");
            for (key, value) in &pairs {
                text.push_str(&format!("{key} = {value}  # comment\n"));
            }
            text.push_str("[0after]\ny = 2\n");
            let read = ini_section(&text, &name).unwrap();
            let expected: Vec<(String, String)> = pairs.clone();
            proptest::prop_assert_eq!(read, expected);
        }
    }

    #[tokio::test]
    async fn ini_file_sections_comments_and_override_path() {
        let ini = "[default]\ntype = access_key\naccess_key_id = foo # comment\naccess_key_secret = bar\n[other]\naccess_key_id = o\naccess_key_secret = p\n";
        let (dir, env) = home_with(&[(".alibabacloud/credentials.ini", ini)]);
        let default = IniFileProvider::new(&env, None).provide().await.unwrap();
        assert_eq!(default.access_key_id(), "foo");
        let other = IniFileProvider::new(&env, Some("other"))
            .provide()
            .await
            .unwrap();
        assert_eq!(other.access_key_id(), "o");
        std::fs::write(
            dir.path().join("elsewhere.ini"),
            "[default]\naccess_key_id = e\naccess_key_secret = f\n",
        )
        .unwrap();
        let overridden = Environment::new(
            [(
                "ALIBABA_CLOUD_CREDENTIALS_FILE".to_owned(),
                dir.path().join("elsewhere.ini").display().to_string(),
            )],
            Some(dir.path().to_path_buf()),
        );
        assert_eq!(
            IniFileProvider::new(&overridden, None)
                .provide()
                .await
                .unwrap()
                .access_key_id(),
            "e"
        );
        let missing = IniFileProvider::new(&env, Some("nope"))
            .provide()
            .await
            .unwrap_err();
        assert!(matches!(missing, CredentialsError::NotLoaded(_)));
    }
}
