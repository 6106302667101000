//! Reconciling exports (CSV files with EMIS column names) for analysts: fast diffs keyed by
//! an identifier column.
