//! aliasr-emulator (being built; see the workspace README).
