//! Positions inside an encoded FlatBuffer (a metadata batch rooted at `Batch`, or a controller
//! message rooted at `Envelope`), for tests that patch one field of a real one. Included by path
//! by the crate's unit tests and the integration tests.
#![allow(dead_code)]

pub fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

/// Where the offset at `at` points.
pub fn deref(b: &[u8], at: usize) -> usize {
    at + u32_at(b, at)
}

/// The position of the vtable of the table at `table`.
pub fn vtable(b: &[u8], table: usize) -> usize {
    let soffset = i32::from_le_bytes(b[table..table + 4].try_into().unwrap());
    (table as i64 - i64::from(soffset)) as usize
}

/// The position of the vtable slot of field `field` (its id in the schema) of `table`.
pub fn slot(b: &[u8], table: usize, field: usize) -> usize {
    vtable(b, table) + 4 + 2 * field
}

/// The position of field `field` (its id in the schema) of the table at `table`.
pub fn field(b: &[u8], table: usize, field: usize) -> usize {
    let slot = slot(b, table, field);
    let offset = u16::from_le_bytes(b[slot..slot + 2].try_into().unwrap()) as usize;
    assert_ne!(offset, 0, "field {field} is present");
    table + offset
}

/// The position of the records vector's length; element `i` is at `+ 4 + 4 * i`.
pub fn records_vector(b: &[u8]) -> usize {
    let batch = u32_at(b, 0);
    deref(b, field(b, batch, 0))
}

/// The table of record `i`.
pub fn record(b: &[u8], i: usize) -> usize {
    deref(b, records_vector(b) + 4 + 4 * i)
}

/// The body table of record `i`.
pub fn body(b: &[u8], i: usize) -> usize {
    let record = record(b, i);
    // Field 0 is the union's type tag, field 1 its value.
    deref(b, field(b, record, 1))
}
