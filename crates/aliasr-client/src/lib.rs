//! aliasr-client (being built; see the workspace README).
