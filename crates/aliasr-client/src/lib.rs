#![doc = include_str!("../README.md")]

mod client;
pub mod credentials;
mod endpoint;
mod error;
mod rate_limit;
mod retry;
mod waiter;

pub use client::{Client, ClientBuilder, SignatureVersion};
pub use credentials::{Credentials, CredentialsChain, Environment, StaticProvider};
pub use endpoint::{Network, resolve_endpoint};
pub use error::{Error, ServiceFailure, TransportKind};
pub use rate_limit::RateLimits;
pub use retry::RetryPolicy;
pub use waiter::{FinishedJob, ProgressFn, WaitOptions};
