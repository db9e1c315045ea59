//! Record-batch compression codecs as Kafka writes them: gzip, snappy (raw block; xerial
//! framing also read), LZ4 *frame* format with independent blocks, zstd.

use std::io::{self, Read, Write};

/// Upper bound on one batch's decompressed records section. Reason: a Fetch answer is capped
/// at 64 MiB by this client, so a decompressed batch beyond it is a bomb, not data.
pub const DECOMPRESSED_BYTES_MAX: usize = 64 * 1024 * 1024;

/// The xerial snappy-java stream header that older Java clients write.
const XERIAL_MAGIC: [u8; 8] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0];
/// Magic (8) + version (4) + compatible version (4).
const XERIAL_HEADER_BYTES: usize = 16;

/// The compression codec of a record batch (attributes bits 0–2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    /// The codec id stored in the low three bits of a batch's attributes.
    pub fn attribute_bits(self) -> i16 {
        match self {
            Compression::None => 0,
            Compression::Gzip => 1,
            Compression::Snappy => 2,
            Compression::Lz4 => 3,
            Compression::Zstd => 4,
        }
    }

    /// The codec of a batch from its attributes; `None` for an unknown id (5–7).
    pub fn from_attributes(attributes: i16) -> Option<Compression> {
        match attributes & 0x07 {
            0 => Some(Compression::None),
            1 => Some(Compression::Gzip),
            2 => Some(Compression::Snappy),
            3 => Some(Compression::Lz4),
            4 => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// Compresses a records section.
    pub fn compress(self, raw: &[u8]) -> io::Result<Vec<u8>> {
        match self {
            Compression::None => Ok(raw.to_vec()),
            Compression::Gzip => {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(raw)?;
                encoder.finish()
            }
            Compression::Snappy => snap::raw::Encoder::new()
                .compress_vec(raw)
                .map_err(io::Error::other),
            Compression::Lz4 => compress_lz4(raw),
            // Level 3 is Kafka's default zstd level.
            Compression::Zstd => zstd::bulk::compress(raw, 3),
        }
    }

    /// Decompresses a records section, failing (not panicking) on corrupt input or output
    /// beyond [`DECOMPRESSED_BYTES_MAX`].
    pub fn decompress(self, data: &[u8]) -> io::Result<Vec<u8>> {
        match self {
            Compression::None => Ok(data.to_vec()),
            Compression::Gzip => read_bounded(flate2::read::GzDecoder::new(data)),
            Compression::Snappy => decompress_snappy(data),
            Compression::Lz4 => read_bounded(lz4_flex::frame::FrameDecoder::new(data)),
            Compression::Zstd => read_bounded(zstd::stream::read::Decoder::new(data)?),
        }
    }
}

fn compress_lz4(raw: &[u8]) -> io::Result<Vec<u8>> {
    // Kafka's KafkaLZ4BlockInputStream reads independent 64 KiB blocks without checksums.
    let info = lz4_flex::frame::FrameInfo::new()
        .block_mode(lz4_flex::frame::BlockMode::Independent)
        .block_size(lz4_flex::frame::BlockSize::Max64KB);
    let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
    encoder.write_all(raw)?;
    encoder.finish().map_err(io::Error::other)
}

fn read_bounded(reader: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    reader
        .take(DECOMPRESSED_BYTES_MAX as u64 + 1)
        .read_to_end(&mut out)?;
    if out.len() > DECOMPRESSED_BYTES_MAX {
        return Err(too_large());
    }
    Ok(out)
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "decompressed batch exceeds DECOMPRESSED_BYTES_MAX",
    )
}

fn decompress_snappy(data: &[u8]) -> io::Result<Vec<u8>> {
    if data.len() >= XERIAL_HEADER_BYTES && data[..XERIAL_MAGIC.len()] == XERIAL_MAGIC {
        return decompress_xerial(&data[XERIAL_HEADER_BYTES..]);
    }
    decompress_snappy_block(data, 0)
}

/// xerial framing: repeated (u32 big-endian length, raw snappy block).
fn decompress_xerial(mut chunks: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    while !chunks.is_empty() {
        let (len_bytes, rest) = chunks
            .split_first_chunk::<4>()
            .ok_or_else(|| invalid("truncated xerial chunk length"))?;
        let len = u32::from_be_bytes(*len_bytes) as usize;
        let block = rest
            .get(..len)
            .ok_or_else(|| invalid("truncated xerial chunk"))?;
        out.extend_from_slice(&decompress_snappy_block(block, out.len())?);
        chunks = &rest[len..];
    }
    Ok(out)
}

fn decompress_snappy_block(block: &[u8], already_bytes: usize) -> io::Result<Vec<u8>> {
    let len = snap::raw::decompress_len(block).map_err(io::Error::other)?;
    if already_bytes.saturating_add(len) > DECOMPRESSED_BYTES_MAX {
        return Err(too_large());
    }
    snap::raw::Decoder::new()
        .decompress_vec(block)
        .map_err(io::Error::other)
}

pub(crate) fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_codec_round_trips() {
        let raw: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let packed = codec.compress(&raw).unwrap();
            assert_eq!(codec.decompress(&packed).unwrap(), raw, "{codec:?}");
            assert_eq!(
                Compression::from_attributes(codec.attribute_bits()),
                Some(codec)
            );
        }
    }

    #[test]
    fn xerial_framed_snappy_is_read() {
        let raw = b"hello hello hello hello xerial".repeat(10);
        let block = snap::raw::Encoder::new().compress_vec(&raw).unwrap();
        let mut framed = XERIAL_MAGIC.to_vec();
        framed.extend_from_slice(&1u32.to_be_bytes());
        framed.extend_from_slice(&1u32.to_be_bytes());
        framed.extend_from_slice(&(block.len() as u32).to_be_bytes());
        framed.extend_from_slice(&block);
        assert_eq!(Compression::Snappy.decompress(&framed).unwrap(), raw);
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        let junk = [0xffu8; 64];
        for codec in [
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            assert!(codec.decompress(&junk).is_err(), "{codec:?}");
        }
        assert!(Compression::from_attributes(5).is_none());
    }
}
