//! RAM policy evaluation, as the gateway does it before an operation runs: an explicit Deny wins,
//! otherwise some Allow must match both the action (`ice:SubmitASRJob`) and the resource
//! (`acs:live:*:{accountId}:domain/{DomainName}`); anything else is an implicit deny.

use serde::Deserialize;

use crate::config::glob_matches;
use crate::gateway::Failure;

/// A policy document: `{"Version": "1", "Statement": [{"Effect", "Action", "Resource"}]}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Policy {
    #[serde(default)]
    statement: Vec<Statement>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    effect: Effect,
    action: OneOrMany,
    #[serde(default = "any_resource")]
    resource: OneOrMany,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn matches(&self, value: &str, case_insensitive: bool) -> bool {
        let check = |pattern: &String| {
            if case_insensitive {
                glob_matches(&pattern.to_ascii_lowercase(), &value.to_ascii_lowercase())
            } else {
                glob_matches(pattern, value)
            }
        };
        match self {
            Self::One(pattern) => check(pattern),
            Self::Many(patterns) => patterns.iter().any(check),
        }
    }
}

fn any_resource() -> OneOrMany {
    OneOrMany::One("*".into())
}

impl Policy {
    /// Parses a policy document, saying where it is broken.
    pub(crate) fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    /// Allows the call, or gives the 403 the gateway answers with.
    pub(crate) fn check(
        &self,
        action: &str,
        resource: &str,
        access_key_id: &str,
        account_id: u64,
    ) -> Result<(), Failure> {
        let matching = |effect: Effect| {
            self.statement.iter().any(|statement| {
                statement.effect == effect
                    && statement.action.matches(action, true)
                    && statement.resource.matches(resource, false)
            })
        };
        let denial = if matching(Effect::Deny) {
            "ExplicitDeny"
        } else if matching(Effect::Allow) {
            return Ok(());
        } else {
            "ImplicitDeny"
        };
        let mut failure = Failure::new(
            403,
            "Forbidden.RAM",
            format!(
                "User not authorized to operate on the specified resource, or this API doesn't support RAM. ({denial}: {action} on {resource})"
            ),
        );
        failure.access_denied_detail = Some(serde_json::json!({
            "PolicyType": "AccountLevelIdentityBasedPolicy",
            "AuthPrincipalOwnerId": account_id.to_string(),
            "AuthPrincipalType": "SubUser",
            "AuthPrincipalDisplayName": access_key_id,
            "NoPermissionType": denial,
            "AuthAction": action,
        }));
        Err(failure)
    }
}

/// The RAM action and resource of a call: `ice:SubmitASRJob` on `acs:ice:*:{account}:*`, Live
/// calls on `acs:live:*:{account}:domain/{DomainName}` (`*` when the call names no domain).
pub(crate) fn action_and_resource(
    product: &str,
    action: &str,
    params: &[(String, String)],
    account_id: u64,
) -> (String, String) {
    let ram_action = format!("{product}:{action}");
    let resource = if product == "live" {
        let domain = params
            .iter()
            .find(|(name, _)| name == "DomainName")
            .map_or("*", |(_, value)| value.as_str());
        format!("acs:live:*:{account_id}:domain/{domain}")
    } else {
        format!("acs:{product}:*:{account_id}:*")
    };
    (ram_action, resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"1","Statement":[
        {"Effect":"Allow","Action":["ice:*","live:QueryRtcAsrTasks"],"Resource":"*"},
        {"Effect":"Allow","Action":"live:RealTimeRecordCommand","Resource":"acs:live:*:42:domain/push.example.com"},
        {"Effect":"Deny","Action":"ice:SubmitASRJob","Resource":"*"}]}"#;

    #[test]
    fn explicit_deny_wins_allow_must_match_and_the_rest_is_implicitly_denied() {
        let policy = Policy::from_json(POLICY).unwrap();
        let record = |domain: &str| {
            let params = vec![("DomainName".to_owned(), domain.to_owned())];
            action_and_resource("live", "RealTimeRecordCommand", &params, 42)
        };
        let (action, resource) = record("push.example.com");
        assert!(policy.check(&action, &resource, "k", 42).is_ok());
        let (action, resource) = record("other.example.com");
        let denied = policy.check(&action, &resource, "k", 42).unwrap_err();
        assert_eq!(
            (denied.status, denied.code.as_str()),
            (403, "Forbidden.RAM")
        );
        assert_eq!(
            denied.access_denied_detail.unwrap()["NoPermissionType"],
            "ImplicitDeny"
        );
        let (action, resource) = action_and_resource("ice", "SubmitASRJob", &[], 42);
        let explicit = policy.check(&action, &resource, "k", 42).unwrap_err();
        assert_eq!(
            explicit.access_denied_detail.unwrap()["NoPermissionType"],
            "ExplicitDeny"
        );
        let (action, resource) = action_and_resource("ice", "GetSmartHandleJob", &[], 42);
        assert!(policy.check(&action, &resource, "k", 42).is_ok());
    }

    /// A policy document from statements of (deny, actions, resources).
    fn document(statements: &[(bool, Vec<String>, Vec<String>)]) -> String {
        let statements: Vec<serde_json::Value> = statements
            .iter()
            .map(|(deny, actions, resources)| {
                serde_json::json!({
                    "Effect": if *deny { "Deny" } else { "Allow" },
                    "Action": actions,
                    "Resource": resources,
                })
            })
            .collect();
        serde_json::json!({"Version": "1", "Statement": statements}).to_string()
    }

    fn allowed(
        statements: &[(bool, Vec<String>, Vec<String>)],
        action: &str,
        resource: &str,
    ) -> bool {
        Policy::from_json(&document(statements))
            .unwrap()
            .check(action, resource, "k", 42)
            .is_ok()
    }

    fn statement() -> impl proptest::strategy::Strategy<Value = (bool, Vec<String>, Vec<String>)> {
        let action =
            "(ice|live|\\*):(SubmitASRJob|GetSmartHandleJob|QueryRtcAsrTasks|\\*|Get\\*|\\?et\\*)";
        let resource =
            "acs:(ice|live|\\*):\\*:(42|\\*):(\\*|domain/(push|other)\\.example\\.com|domain/\\*)";
        (
            proptest::bool::ANY,
            proptest::collection::vec(action, 1..3),
            proptest::collection::vec(resource, 1..3),
        )
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,200}") {
            let _ = Policy::from_json(&text);
        }

        #[test]
        fn a_deny_never_grants_and_an_allow_never_takes_away(
            statements in proptest::collection::vec(statement(), 0..5),
            extra in statement(),
            product in "ice|live",
            action in "SubmitASRJob|GetSmartHandleJob|QueryRtcAsrTasks|RealTimeRecordCommand",
            domain in "push|other",
        ) {
            let params = vec![("DomainName".to_owned(), format!("{domain}.example.com"))];
            let (action, resource) = action_and_resource(&product, &action, &params, 42);
            let before = allowed(&statements, &action, &resource);
            let mut after = statements.clone();
            after.push(extra.clone());
            let now = allowed(&after, &action, &resource);
            if extra.0 {
                proptest::prop_assert!(before || !now, "a Deny statement granted {action} on {resource}");
            } else {
                proptest::prop_assert!(!before || now, "an Allow statement denied {action} on {resource}");
            }
            // A Deny of everything wins wherever it stands.
            let mut deny_all = vec![(true, vec!["*".to_owned()], vec!["*".to_owned()])];
            deny_all.extend(after);
            proptest::prop_assert!(!allowed(&deny_all, &action, &resource));
        }
    }

    #[test]
    fn a_broken_policy_says_where() {
        let error = Policy::from_json("{\"Statement\": [ {\"Effect\": \"Maybe\"} ]}").unwrap_err();
        assert!(error.contains("line 1"), "{error}");
    }
}
