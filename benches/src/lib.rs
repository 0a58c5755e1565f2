//! Deterministic input generators shared by the criterion benches and `benches/compare/`.
