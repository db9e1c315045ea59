//! Assertions on the partition log's invariants, in TigerBeetle's style: preconditions and
//! postconditions on the write path, pair assertions where the read path relies on what the
//! write path promised. They are on in release builds (not `debug_assert!`): each costs O(1)
//! comparisons of in-memory state and never does IO.
//!
//! A broken invariant is a bug in this crate, so it stops the process: one panic line naming
//! the partition, the invariant and the values (the broker turns a shard panic into a process
//! exit). What a client sends or what is found on disk never reaches an assertion: client
//! batches are refused by `batch` validation, on-disk corruption is truncated by recovery or
//! answered KAFKA_STORAGE_ERROR by a read (`StorageError::Corrupt`), IO errors take the log
//! offline. Only values this process computed itself — or that recovery verified — are asserted.

/// `invariant!(partition, condition, "name", "values {} ...", args)`: panics with one line
/// `storage invariant broken: partition <p>: <name> (<values>)` when `condition` is false.
macro_rules! invariant {
    ($partition:expr, $condition:expr, $name:literal, $($values:tt)+) => {
        if !$condition {
            $crate::invariant::broken(&$partition, $name, format_args!($($values)+));
        }
    };
}
pub(crate) use invariant;

#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn broken(partition: &str, name: &str, values: std::fmt::Arguments<'_>) -> ! {
    panic!("storage invariant broken: partition {partition}: {name} ({values})")
}

#[cfg(test)]
mod tests;
