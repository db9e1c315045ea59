//! Recompression of a produce batch to its topic's `compression.type`: the one place where
//! Kafka itself re-encodes a batch on the produce path (`LogValidator`, when the topic's codec
//! is not `producer` and differs from the batch's). Only the compression wrapper changes: the
//! records section is decompressed as a stream and compressed again byte for byte, so every
//! record (offset and timestamp deltas, key, value, headers) stays as the producer wrote it.
//! The header keeps every field except the codec bits of the attributes, the batch length and
//! the CRC, which are recomputed.

use std::io::Write;

use bytes::Bytes;

use crate::header::{
    BatchHeader, Compression, ATTRIBUTES_AT, BATCH_HEADER_BYTES, BATCH_LENGTH_AT, COMPRESSION_MASK,
    CRC_AT, LOG_OVERHEAD_BYTES,
};
use crate::validate::{BatchError, ValidatedBatch};
use crate::walk::decompress_into;

/// The codec a topic stores and its level (`compression.gzip.level`, `compression.zstd.level`;
/// `compression.lz4.level` has no equivalent in the pure-Rust LZ4 encoder, which has one level).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetCodec {
    pub compression: Compression,
    /// gzip: 1..=9 or -1 (zlib's default, 6); zstd: its level; ignored otherwise.
    pub level: i32,
}

/// Uncompressed bytes per snappy chunk, as snappy-java's `SnappyOutputStream` (Kafka's
/// writer) frames them.
const SNAPPY_CHUNK_BYTES: usize = 32 * 1024;
/// The xerial stream header Kafka's snappy writer puts first: magic, version 1, compatible 1.
const XERIAL_HEADER: [u8; 16] = [
    0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1,
];

/// Returns `batch` with its records compressed by `target`, or `batch` itself when it already
/// uses that codec. At most `max_decompressed_bytes` are decompressed (the same bound as the
/// validation walk); a result larger than `max_batch_bytes` is `TooLarge` (Kafka's
/// RecordTooLargeException after recompression: MESSAGE_TOO_LARGE).
pub fn recompress(
    batch: &ValidatedBatch,
    target: TargetCodec,
    max_decompressed_bytes: usize,
    max_batch_bytes: usize,
) -> Result<ValidatedBatch, BatchError> {
    let source = batch.header().compression();
    if source == target.compression {
        return Ok(batch.clone());
    }
    let bytes = batch.bytes();
    let records = &bytes[BATCH_HEADER_BYTES..];
    let mut out = bytes[..BATCH_HEADER_BYTES].to_vec();
    out.reserve(records.len());
    let out = compress(source, records, target, max_decompressed_bytes, out)?;
    finish(out, target.compression, max_batch_bytes)
}

fn compress(
    source: Compression,
    records: &[u8],
    target: TargetCodec,
    max_bytes: usize,
    mut out: Vec<u8>,
) -> Result<Vec<u8>, BatchError> {
    let io_error = |e: std::io::Error| BatchError::CorruptCompressed {
        detail: e.to_string(),
    };
    match target.compression {
        Compression::None | Compression::Unknown(_) => {
            decompress_into(source, records, max_bytes, &mut out)?;
            Ok(out)
        }
        Compression::Gzip => {
            let level = match target.level {
                1..=9 => flate2::Compression::new(target.level as u32),
                _ => flate2::Compression::default(),
            };
            let mut encoder = flate2::write::GzEncoder::new(out, level);
            decompress_into(source, records, max_bytes, &mut encoder)?;
            encoder.finish().map_err(io_error)
        }
        Compression::Snappy => {
            let mut writer = SnappyWriter::new(out);
            decompress_into(source, records, max_bytes, &mut writer)?;
            writer.finish().map_err(io_error)
        }
        Compression::Lz4 => {
            let info = lz4_flex::frame::FrameInfo::new()
                .block_mode(lz4_flex::frame::BlockMode::Independent)
                .block_size(lz4_flex::frame::BlockSize::Max64KB);
            let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(info, out);
            decompress_into(source, records, max_bytes, &mut encoder)?;
            encoder.finish().map_err(|e| BatchError::CorruptCompressed {
                detail: e.to_string(),
            })
        }
        Compression::Zstd => {
            let mut encoder =
                zstd::stream::write::Encoder::new(out, target.level).map_err(io_error)?;
            decompress_into(source, records, max_bytes, &mut encoder)?;
            encoder.finish().map_err(io_error)
        }
    }
}

/// Sets the codec bits, batch length and CRC of a re-encoded batch and checks its size.
fn finish(
    mut out: Vec<u8>,
    compression: Compression,
    max_batch_bytes: usize,
) -> Result<ValidatedBatch, BatchError> {
    if out.len() > max_batch_bytes {
        return Err(BatchError::TooLarge {
            size: out.len(),
            max_bytes: max_batch_bytes,
        });
    }
    let attributes = i16::from_be_bytes([out[ATTRIBUTES_AT], out[ATTRIBUTES_AT + 1]]);
    let attributes = (attributes & !COMPRESSION_MASK) | compression.id();
    out[ATTRIBUTES_AT..ATTRIBUTES_AT + 2].copy_from_slice(&attributes.to_be_bytes());
    let batch_length =
        i32::try_from(out.len() - LOG_OVERHEAD_BYTES).map_err(|_| BatchError::TooLarge {
            size: out.len(),
            max_bytes: max_batch_bytes,
        })?;
    out[BATCH_LENGTH_AT..BATCH_LENGTH_AT + 4].copy_from_slice(&batch_length.to_be_bytes());
    let crc = crc32c::crc32c(&out[ATTRIBUTES_AT..]);
    out[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
    let header = BatchHeader::parse(&out).expect("starts with the validated batch's header");
    Ok(ValidatedBatch::new(Bytes::from(out), header))
}

/// Snappy in the xerial framing Kafka's own writer produces (and every client reads):
/// the stream header, then (u32 length, raw snappy block) chunks of up to 32 KiB input.
struct SnappyWriter {
    out: Vec<u8>,
    pending: Vec<u8>,
    encoder: snap::raw::Encoder,
}

impl SnappyWriter {
    fn new(mut out: Vec<u8>) -> Self {
        out.extend_from_slice(&XERIAL_HEADER);
        SnappyWriter {
            out,
            pending: Vec::with_capacity(SNAPPY_CHUNK_BYTES),
            encoder: snap::raw::Encoder::new(),
        }
    }

    fn flush_chunk(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let block = self
            .encoder
            .compress_vec(&self.pending)
            .map_err(std::io::Error::other)?;
        let length = u32::try_from(block.len()).map_err(std::io::Error::other)?;
        self.out.extend_from_slice(&length.to_be_bytes());
        self.out.extend_from_slice(&block);
        self.pending.clear();
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<Vec<u8>> {
        self.flush_chunk()?;
        Ok(self.out)
    }
}

impl Write for SnappyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(SNAPPY_CHUNK_BYTES - self.pending.len());
        self.pending.extend_from_slice(&buf[..n]);
        if self.pending.len() == SNAPPY_CHUNK_BYTES {
            self.flush_chunk()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::BatchBuilder;
    use crate::validate::validate_produce_batch;

    const CODECS: [Compression; 5] = [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];

    fn builder() -> BatchBuilder {
        let mut builder = BatchBuilder::new()
            .base_timestamp_ms(1_700_000_000_000)
            .producer(7, 1, 40);
        for i in 0..300i64 {
            let value = format!("value-{i}-").repeat(40);
            builder = builder.record(
                i * 3,
                Some(format!("k{i}").as_bytes()),
                Some(value.as_bytes()),
            );
        }
        builder
    }

    fn decompressed(batch: &ValidatedBatch) -> Vec<u8> {
        let mut out = Vec::new();
        decompress_into(
            batch.header().compression(),
            &batch.bytes()[BATCH_HEADER_BYTES..],
            usize::MAX,
            &mut out,
        )
        .unwrap();
        out
    }

    #[test]
    fn every_codec_to_every_codec_keeps_records_and_header() {
        let plain = validate_produce_batch(&Bytes::from(builder().build()), 1 << 24).unwrap();
        let records = decompressed(&plain);
        for from in CODECS {
            let sent = Bytes::from(builder().build_compressed(from));
            let sent = validate_produce_batch(&sent, 1 << 24).unwrap();
            for to in CODECS {
                let target = TargetCodec {
                    compression: to,
                    level: -1,
                };
                let out = recompress(&sent, target, 1 << 24, 1 << 24).unwrap();
                // The output is a valid batch (length, CRC, record walk) with the new codec.
                let again = validate_produce_batch(out.bytes(), 1 << 24)
                    .unwrap_or_else(|e| panic!("{from:?} -> {to:?}: {e}"));
                assert_eq!(again.header().compression(), to, "{from:?} -> {to:?}");
                assert_eq!(decompressed(&again), records, "{from:?} -> {to:?}");
                let (a, b) = (sent.header(), again.header());
                assert_eq!(
                    (
                        a.producer_id,
                        a.base_sequence,
                        a.records_count,
                        a.max_timestamp
                    ),
                    (
                        b.producer_id,
                        b.base_sequence,
                        b.records_count,
                        b.max_timestamp
                    )
                );
                assert_eq!(
                    a.attributes & !COMPRESSION_MASK,
                    b.attributes & !COMPRESSION_MASK
                );
                if from == to {
                    assert_eq!(out.bytes(), sent.bytes(), "same codec: untouched");
                }
            }
        }
    }

    #[test]
    fn snappy_output_is_xerial_framed() {
        let sent = validate_produce_batch(&Bytes::from(builder().build()), 1 << 24).unwrap();
        let target = TargetCodec {
            compression: Compression::Snappy,
            level: 0,
        };
        let out = recompress(&sent, target, 1 << 24, 1 << 24).unwrap();
        assert_eq!(out.bytes()[BATCH_HEADER_BYTES..][..16], XERIAL_HEADER);
    }

    #[test]
    fn limits_are_kept() {
        let sent = Bytes::from(builder().build_compressed(Compression::Gzip));
        let sent = validate_produce_batch(&sent, 1 << 24).unwrap();
        let plain = TargetCodec {
            compression: Compression::None,
            level: 0,
        };
        // Decompressed size over the bound: refused as the validation walk refuses it.
        assert!(matches!(
            recompress(&sent, plain, 1000, 1 << 24),
            Err(BatchError::DecompressedTooLarge { .. })
        ));
        // The re-encoded batch over max.message.bytes: MESSAGE_TOO_LARGE, as Kafka.
        let err = recompress(&sent, plain, 1 << 24, sent.size_bytes()).unwrap_err();
        assert!(matches!(err, BatchError::TooLarge { .. }));
        assert_eq!(err.error_code(), model::ErrorCode::MessageTooLarge);
    }

    #[test]
    fn gzip_and_zstd_levels_are_used() {
        let sent = validate_produce_batch(&Bytes::from(builder().build()), 1 << 24).unwrap();
        let size = |compression, level| {
            recompress(&sent, TargetCodec { compression, level }, 1 << 24, 1 << 24)
                .unwrap()
                .size_bytes()
        };
        assert_ne!(size(Compression::Gzip, 1), size(Compression::Gzip, 9));
        assert_ne!(size(Compression::Zstd, 1), size(Compression::Zstd, 19));
    }
}
