//! The metadata record decoder (raft entries and snapshots, read back at every start) must
//! never panic, whatever the bytes, and what it accepts must be records the broker can keep.
//!
//! Input: the bytes of one batch, as an entry or a snapshot holds them: a flatbuffers batch
//! (file identifier `SLMB` at bytes 4..8) or one of the first, hand-written format (byte 0 = 1);
//! the seeds are one of each. Checked for every batch that decodes: encoding its records and
//! decoding them again gives the same records, and the image they fold into is rebuilt exactly
//! by its own snapshot records, through the encoding (what a snapshot and a restart do).
#![no_main]

use libfuzzer_sys::fuzz_target;
use metadata::record::{decode_batch, encode_batch};
use metadata::Image;

fuzz_target!(|data: &[u8]| {
    let Ok(records) = decode_batch(data) else {
        return;
    };
    let encoded = encode_batch(&records);
    assert_eq!(
        decode_batch(&encoded).as_ref(),
        Ok(&records),
        "re-encoded records decode to themselves"
    );

    let image = Image::from_records(1, 1, &records);
    let snapshot = decode_batch(&encode_batch(&image.to_records())).expect("a snapshot decodes");
    assert_eq!(
        Image::from_records(1, 1, &snapshot),
        image,
        "the snapshot records rebuild the image"
    );
});
