//! The `aliasr` command line tool.

fn main() {}
