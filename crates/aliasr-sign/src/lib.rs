//! aliasr-sign (being built; see the workspace README).
