//! The controller message decoder (`metadata::rpc`: every frame a peer controller sends over the
//! CONTROLLER listener is decoded by it) must never panic, whatever the bytes, and what it
//! accepts must be a message that travels again unchanged.
//!
//! Input: one frame's payload, an envelope (a FlatBuffer with the file identifier `SLRP` at
//! bytes 4..8); the seeds are one message of every type, every controller request and result
//! included. Checked for every message that decodes: encoding it and decoding that gives the
//! same message, and so does framing it and reading the frame back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use metadata::rpc::{frame, FrameHeader, PeerMessage, FRAME_HEADER_BYTES, FRAME_PAYLOAD_MAX};

fuzz_target!(|data: &[u8]| {
    let Ok(message) = PeerMessage::decode(data) else {
        return;
    };
    assert_eq!(
        PeerMessage::decode(&message.encode()).as_ref(),
        Ok(&message),
        "a re-encoded message decodes to itself"
    );
    let frame = frame(&message);
    let (header, payload) = frame.split_at(FRAME_HEADER_BYTES);
    let header = FrameHeader::parse(header.try_into().expect("8 bytes"), FRAME_PAYLOAD_MAX)
        .expect("a frame's own header");
    assert_eq!(header.decode(payload).as_ref(), Ok(&message), "the frame reads back");
});
