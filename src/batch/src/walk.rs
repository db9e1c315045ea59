//! Walking the records section of a batch on the produce path: only each record's length
//! varint is read, so a batch whose `records_count` lies about the records it carries is caught
//! (Kafka's `DefaultRecordBatch.RecordIterator` throws `InvalidRecordException` for it) without
//! decoding or copying a record.
//!
//! Compressed sections are decompressed as a stream through a fixed scratch buffer and walked
//! as they come: the decompressed bytes are never held whole, and the walk stops with
//! [`WalkError::TooLarge`] as soon as more than the caller's cap
//! ([`crate::DECOMPRESSED_BATCH_MAX_BYTES`]) came out, so a decompression bomb costs at most the
//! cap in CPU and a constant in memory.
//!
//! The same walk finds a record by its timestamp (ListOffsets by timestamp and MAX_TIMESTAMP),
//! reading only each record's length, attributes, timestamp delta and offset delta.

use std::io::{self, Read};

use crate::header::Compression;

/// Scratch buffer a compressed stream is decompressed through. Reason: large enough that the
/// per-read overhead of the codecs is amortised, small enough to not matter per shard.
const SCRATCH_BYTES: usize = 16 * 1024;
/// Largest zstd window accepted (2^24 = 16 MiB of decoder memory). Reason: the decoder
/// allocates the window the frame header claims; zstd levels 1–19 (what Kafka clients use)
/// need at most 2^23, and without a cap a tiny frame could claim 2^31.
const ZSTD_WINDOW_LOG_MAX: u32 = 24;
/// A record's body is at least attributes, timestamp delta, offset delta, key length, value
/// length and header count: one byte each.
const RECORD_BODY_MIN_BYTES: u64 = 6;
/// Longest encoding of a record-length varint (an i32).
const VARINT32_MAX_BYTES: usize = 5;
/// Longest encoding of a timestamp-delta varint (an i64).
const VARINT64_MAX_BYTES: usize = 10;

/// Why a records section was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum WalkError {
    /// The records do not match the header's count, or a record length is impossible.
    Records { detail: &'static str },
    /// The codec refused the compressed bytes.
    Corrupt { detail: String },
    /// More than the cap came out of the decompressor.
    TooLarge { max_bytes: usize },
}

/// Where record bytes come from: a slice (uncompressed, zero-copy) or a decompressing stream.
trait Source {
    /// The next byte; `Ok(None)` at the end of the records.
    fn next_byte(&mut self) -> Result<Option<u8>, WalkError>;
    /// Skips `n` bytes; `Ok(false)` if the records end first.
    fn skip(&mut self, n: u64) -> Result<bool, WalkError>;
}

/// Walks `records_count` records in `source` and checks that nothing follows them.
fn walk(source: &mut impl Source, records_count: u32) -> Result<(), WalkError> {
    for _ in 0..records_count {
        let length = next_record_length(source)?;
        if !source.skip(length)? {
            return Err(WalkError::Records {
                detail: "a record runs past the end of the batch",
            });
        }
    }
    match source.next_byte()? {
        None => Ok(()),
        Some(_) => Err(WalkError::Records {
            detail: "records_count is smaller than the records in the batch",
        }),
    }
}

/// The length of the next record, which the batch's count says is there.
fn next_record_length(source: &mut impl Source) -> Result<u64, WalkError> {
    let Some(length) = read_record_length(source)? else {
        return Err(WalkError::Records {
            detail: "records_count is larger than the records in the batch",
        });
    };
    if length < RECORD_BODY_MIN_BYTES {
        return Err(WalkError::Records {
            detail: "a record length is below the smallest record",
        });
    }
    Ok(length)
}

/// Reads a record-length zigzag varint; `Ok(None)` if the records ended before it began.
fn read_record_length(source: &mut impl Source) -> Result<Option<u64>, WalkError> {
    let Some((length, _)) = read_varint(source, VARINT32_MAX_BYTES)? else {
        return Ok(None);
    };
    // No record has a negative length.
    u64::try_from(length)
        .map(Some)
        .map_err(|_| WalkError::Records {
            detail: "a record length is negative",
        })
}

/// Reads a zigzag varint of at most `max_bytes` bytes (5 for an i32, 10 for an i64): its value
/// and its length in bytes; `Ok(None)` if the records ended before it began.
fn read_varint(
    source: &mut impl Source,
    max_bytes: usize,
) -> Result<Option<(i64, u64)>, WalkError> {
    let mut raw: u64 = 0;
    for i in 0..max_bytes {
        let Some(byte) = source.next_byte()? else {
            if i == 0 {
                return Ok(None);
            }
            return Err(WalkError::Records {
                detail: "a record varint is truncated",
            });
        };
        raw |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            let value = (raw >> 1) as i64 ^ -((raw & 1) as i64);
            return Ok(Some((value, i as u64 + 1)));
        }
    }
    Err(WalkError::Records {
        detail: "a record varint is longer than its type allows",
    })
}

/// Reads a varint inside a record, where running out of bytes is an error.
fn record_varint(source: &mut impl Source, max_bytes: usize) -> Result<(i64, u64), WalkError> {
    read_varint(source, max_bytes)?.ok_or(WalkError::Records {
        detail: "a record ends inside its fields",
    })
}

/// The (offset delta, timestamp delta) of the first of `records_count` records in `source` whose
/// timestamp delta is at least `timestamp_delta`; `Ok(None)` when none is.
fn find_timestamp_delta(
    source: &mut impl Source,
    records_count: u32,
    timestamp_delta: i64,
) -> Result<Option<(i32, i64)>, WalkError> {
    for _ in 0..records_count {
        let length = next_record_length(source)?;
        let _attributes = source.next_byte()?;
        let (delta, delta_bytes) = record_varint(source, VARINT64_MAX_BYTES)?;
        let (offset_delta, offset_delta_bytes) = record_varint(source, VARINT32_MAX_BYTES)?;
        if delta >= timestamp_delta {
            return Ok(i32::try_from(offset_delta).ok().map(|o| (o, delta)));
        }
        let read = 1 + delta_bytes + offset_delta_bytes;
        let rest = length.checked_sub(read).ok_or(WalkError::Records {
            detail: "a record's fields run past its length",
        })?;
        if !source.skip(rest)? {
            return Err(WalkError::Records {
                detail: "a record runs past the end of the batch",
            });
        }
    }
    Ok(None)
}

/// Uncompressed records: a cursor over the batch's own bytes.
struct SliceSource<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Source for SliceSource<'_> {
    fn next_byte(&mut self) -> Result<Option<u8>, WalkError> {
        let byte = self.bytes.get(self.at).copied();
        self.at += usize::from(byte.is_some());
        Ok(byte)
    }

    fn skip(&mut self, n: u64) -> Result<bool, WalkError> {
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Ok(false);
        }
        self.at += n as usize;
        Ok(true)
    }
}

/// Compressed records: a decompressor read through a fixed scratch buffer, counting the
/// decompressed bytes against the cap.
struct StreamSource<R> {
    reader: R,
    scratch: Vec<u8>,
    at: usize,
    filled: usize,
    total_bytes: usize,
    max_bytes: usize,
}

impl<R: Read> StreamSource<R> {
    fn new(reader: R, max_bytes: usize) -> Self {
        StreamSource {
            reader,
            scratch: vec![0; SCRATCH_BYTES],
            at: 0,
            filled: 0,
            total_bytes: 0,
            max_bytes,
        }
    }

    /// Refills the scratch buffer; `Ok(false)` at the end of the stream.
    fn refill(&mut self) -> Result<bool, WalkError> {
        let n = loop {
            match self.reader.read(&mut self.scratch) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.get_ref().is_some_and(|inner| inner.is::<OverCap>()) => {
                    return Err(WalkError::TooLarge {
                        max_bytes: self.max_bytes,
                    })
                }
                Err(e) => {
                    return Err(WalkError::Corrupt {
                        detail: e.to_string(),
                    })
                }
            }
        };
        self.total_bytes += n;
        if self.total_bytes > self.max_bytes {
            return Err(WalkError::TooLarge {
                max_bytes: self.max_bytes,
            });
        }
        self.at = 0;
        self.filled = n;
        Ok(n > 0)
    }
}

impl<R: Read> Source for StreamSource<R> {
    fn next_byte(&mut self) -> Result<Option<u8>, WalkError> {
        if self.at == self.filled && !self.refill()? {
            return Ok(None);
        }
        self.at += 1;
        Ok(Some(self.scratch[self.at - 1]))
    }

    fn skip(&mut self, mut n: u64) -> Result<bool, WalkError> {
        loop {
            let buffered = (self.filled - self.at) as u64;
            if n <= buffered {
                self.at += n as usize;
                return Ok(true);
            }
            n -= buffered;
            self.at = self.filled;
            if !self.refill()? {
                return Ok(false);
            }
        }
    }
}

/// Walks the records section `records` (the batch after its 61-byte header) of a batch with
/// codec `compression` and `records_count` records. Decompressed output beyond `max_bytes` is
/// refused. `compression` must be a known codec (checked with the header before).
pub(crate) fn walk_records(
    compression: Compression,
    records: &[u8],
    records_count: u32,
    max_bytes: usize,
) -> Result<(), WalkError> {
    struct CheckCount(u32);
    impl Walker for CheckCount {
        type Out = ();
        fn run(self, source: &mut impl Source) -> Result<(), WalkError> {
            walk(source, self.0)
        }
    }
    with_source(compression, records, max_bytes, CheckCount(records_count))
}

/// The (offset delta, timestamp delta) of the first record whose timestamp delta is at least
/// `timestamp_delta`, walking the records section as [`walk_records`] does (compressed records
/// as a bounded stream).
pub(crate) fn find_record_by_timestamp_delta(
    compression: Compression,
    records: &[u8],
    records_count: u32,
    timestamp_delta: i64,
    max_bytes: usize,
) -> Result<Option<(i32, i64)>, WalkError> {
    struct FindDelta(u32, i64);
    impl Walker for FindDelta {
        type Out = Option<(i32, i64)>;
        fn run(self, source: &mut impl Source) -> Result<Self::Out, WalkError> {
            find_timestamp_delta(source, self.0, self.1)
        }
    }
    with_source(
        compression,
        records,
        max_bytes,
        FindDelta(records_count, timestamp_delta),
    )
}

/// A walk over a [`Source`], generic over it (a closure cannot be), so that each codec's
/// source is monomorphised: the uncompressed walk stays a loop over a slice.
trait Walker {
    type Out;
    fn run(self, source: &mut impl Source) -> Result<Self::Out, WalkError>;
}

/// Runs `walker` over the records section: the bytes themselves, or a stream out of the
/// codec's decompressor, capped at `max_bytes`.
fn with_source<W: Walker>(
    compression: Compression,
    records: &[u8],
    max_bytes: usize,
    walker: W,
) -> Result<W::Out, WalkError> {
    match compression {
        Compression::None | Compression::Unknown(_) => walker.run(&mut SliceSource {
            bytes: records,
            at: 0,
        }),
        Compression::Gzip => walker.run(&mut StreamSource::new(
            flate2::read::MultiGzDecoder::new(records),
            max_bytes,
        )),
        Compression::Snappy => walker.run(&mut StreamSource::new(
            snappy_reader(records, max_bytes),
            max_bytes,
        )),
        Compression::Lz4 => walker.run(&mut StreamSource::new(
            lz4_flex::frame::FrameDecoder::new(records),
            max_bytes,
        )),
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::new(records).map_err(corrupt)?;
            decoder
                .window_log_max(ZSTD_WINDOW_LOG_MAX)
                .map_err(corrupt)?;
            walker.run(&mut StreamSource::new(decoder, max_bytes))
        }
    }
}

fn corrupt(e: io::Error) -> WalkError {
    WalkError::Corrupt {
        detail: e.to_string(),
    }
}

/// Most a snappy block can expand: its densest element, a 3-byte copy of 64 bytes, gives 21.3x.
/// A block declaring more than this times its size is corrupt, and is refused before the
/// declared length sizes the output buffer (which the decompression bound alone would let
/// reach 100 MiB for a few bytes).
const SNAPPY_EXPANSION_MAX: usize = 32;
/// The xerial snappy-java stream header that the Java client writes before its chunks.
const XERIAL_MAGIC: [u8; 8] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0];
/// Magic (8) + version (4) + compatible version (4).
const XERIAL_HEADER_BYTES: usize = 16;

/// Snappy as Kafka clients write it: xerial-framed chunks (Java) or one raw block
/// (librdkafka and others; snappy-java reads both).
fn snappy_reader(data: &[u8], max_bytes: usize) -> SnappyReader<'_> {
    SnappyReader::new(snappy_chunks(data), max_bytes)
}

/// The chunks of a snappy section: xerial-framed when it starts with the xerial header, else
/// one raw block.
fn snappy_chunks(data: &[u8]) -> XerialChunks<'_> {
    match data.strip_prefix(&XERIAL_MAGIC) {
        Some(_) if data.len() >= XERIAL_HEADER_BYTES => XerialChunks {
            rest: &data[XERIAL_HEADER_BYTES..],
            raw: false,
        },
        _ => XerialChunks {
            rest: data,
            raw: true,
        },
    }
}

/// The raw snappy blocks of a section: one block (raw) or (u32 length, block) chunks.
struct XerialChunks<'a> {
    rest: &'a [u8],
    raw: bool,
}

impl<'a> XerialChunks<'a> {
    fn next_block(&mut self) -> io::Result<Option<&'a [u8]>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        if self.raw {
            return Ok(Some(std::mem::take(&mut self.rest)));
        }
        let invalid = |what| io::Error::new(io::ErrorKind::InvalidData, what);
        let (length, rest) = self
            .rest
            .split_first_chunk::<4>()
            .ok_or_else(|| invalid("truncated xerial chunk length"))?;
        let length = u32::from_be_bytes(*length) as usize;
        let block = rest
            .get(..length)
            .ok_or_else(|| invalid("xerial chunk runs past the data"))?;
        self.rest = &rest[length..];
        Ok(Some(block))
    }
}

/// Decompresses snappy blocks one at a time. A block's decompressed length is declared up
/// front: it is checked against the block's size and what is left of the cap before anything
/// is allocated.
struct SnappyReader<'a> {
    chunks: XerialChunks<'a>,
    block: Vec<u8>,
    at: usize,
    budget_bytes: usize,
    decoder: snap::raw::Decoder,
}

impl<'a> SnappyReader<'a> {
    fn new(chunks: XerialChunks<'a>, max_bytes: usize) -> Self {
        SnappyReader {
            chunks,
            block: Vec::new(),
            at: 0,
            budget_bytes: max_bytes,
            decoder: snap::raw::Decoder::new(),
        }
    }
}

impl Read for SnappyReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.block.len() {
            let Some(compressed) = self.chunks.next_block()? else {
                return Ok(0);
            };
            let length = snap::raw::decompress_len(compressed).map_err(io::Error::other)?;
            if length > compressed.len().saturating_mul(SNAPPY_EXPANSION_MAX) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "snappy block declares more than it can decompress to",
                ));
            }
            if length > self.budget_bytes {
                return Err(io::Error::other(OverCap));
            }
            self.budget_bytes -= length;
            self.block.resize(length, 0);
            self.at = 0;
            self.decoder
                .decompress(compressed, &mut self.block)
                .map_err(io::Error::other)?;
        }
        let n = out.len().min(self.block.len() - self.at);
        out[..n].copy_from_slice(&self.block[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A reader's way of saying "this would decompress past the cap" before decompressing.
#[derive(Debug)]
struct OverCap;

impl std::fmt::Display for OverCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("declared decompressed length exceeds the cap")
    }
}

impl std::error::Error for OverCap {}

/// Copies the decompressed records section of a batch with codec `compression` into `out`
/// (recompression, `recompress.rs`), through the same bounded decoders the walk uses: at most
/// `max_bytes` come out, more is [`WalkError::TooLarge`]. Returns the bytes copied.
pub(crate) fn decompress_into(
    compression: Compression,
    records: &[u8],
    max_bytes: usize,
    out: &mut impl io::Write,
) -> Result<usize, WalkError> {
    let reader: Box<dyn Read + '_> = match compression {
        Compression::None | Compression::Unknown(_) => Box::new(records),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(records)),
        Compression::Snappy => Box::new(SnappyReader::new(snappy_chunks(records), max_bytes)),
        Compression::Lz4 => Box::new(lz4_flex::frame::FrameDecoder::new(records)),
        Compression::Zstd => {
            let mut decoder = zstd::stream::read::Decoder::new(records).map_err(corrupt)?;
            decoder
                .window_log_max(ZSTD_WINDOW_LOG_MAX)
                .map_err(corrupt)?;
            Box::new(decoder)
        }
    };
    let mut source = StreamSource::new(reader, max_bytes);
    let mut copied = 0;
    while source.refill()? {
        out.write_all(&source.scratch[..source.filled])
            .map_err(corrupt)?;
        copied += source.filled;
    }
    Ok(copied)
}
