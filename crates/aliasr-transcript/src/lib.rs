//! aliasr-transcript (being built; see the workspace README).
