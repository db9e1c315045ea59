//! Request framing: size prefix, header, body; response encoding with its header.

use crate::versions;
use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, RequestKind, ResponseHeader, ResponseKind};
use kafka_protocol::protocol::{Decodable, Encodable};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Every Kafka frame starts with a big-endian i32 size of what follows.
pub const FRAME_SIZE_PREFIX_LEN: usize = 4;

/// The fixed first 8 bytes of every request header, readable before anything is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawHeader {
    pub api_key: i16,
    pub api_version: i16,
    pub correlation_id: i32,
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("request shorter than a header ({0} bytes)")]
    TooShort(usize),
    #[error("unknown api key {0}")]
    UnknownApiKey(i16),
    #[error("unsupported version {version} of {key:?}")]
    UnsupportedVersion { key: ApiKey, version: i16 },
    #[error("malformed {key:?} v{version} request: {reason}")]
    Malformed {
        key: ApiKey,
        version: i16,
        reason: String,
    },
}

#[derive(Debug)]
pub struct Request {
    pub api_key: ApiKey,
    pub header: RequestHeader,
    pub body: RequestKind,
}

impl Request {
    pub fn version(&self) -> i16 {
        self.header.request_api_version
    }
}

pub fn peek_header(body: &[u8]) -> Option<RawHeader> {
    if body.len() < 8 {
        return None;
    }
    Some(RawHeader {
        api_key: i16::from_be_bytes([body[0], body[1]]),
        api_version: i16::from_be_bytes([body[2], body[3]]),
        correlation_id: i32::from_be_bytes([body[4], body[5], body[6], body[7]]),
    })
}

/// Decodes one request frame (without its size prefix). Record batches inside stay slices of
/// `frame` (no copy).
pub fn decode_request(frame: Bytes) -> Result<Request, FrameError> {
    let raw = peek_header(&frame).ok_or(FrameError::TooShort(frame.len()))?;
    let key = ApiKey::try_from(raw.api_key).map_err(|_| FrameError::UnknownApiKey(raw.api_key))?;
    if !versions::is_accepted(key, raw.api_version) {
        return Err(FrameError::UnsupportedVersion {
            key,
            version: raw.api_version,
        });
    }
    let version = raw.api_version;
    let malformed = |reason: String| FrameError::Malformed {
        key,
        version,
        reason,
    };
    // kafka-protocol returns errors for bad input; catch_unwind is a second line of defence
    // so that no client byte can take a shard down.
    let decoded = catch_unwind(AssertUnwindSafe(|| {
        let mut buf = frame;
        let header = RequestHeader::decode(&mut buf, key.request_header_version(version))?;
        let body = RequestKind::decode(key, &mut buf, version)?;
        Ok::<_, anyhow::Error>((header, body))
    }));
    match decoded {
        Ok(Ok((header, body))) => Ok(Request {
            api_key: key,
            header,
            body,
        }),
        Ok(Err(e)) => Err(malformed(e.to_string())),
        Err(_) => Err(malformed("decoder panicked".to_string())),
    }
}

/// Encodes a whole response frame: size prefix, response header, body.
pub fn encode_response(
    key: ApiKey,
    version: i16,
    correlation_id: i32,
    body: &ResponseKind,
) -> anyhow::Result<Bytes> {
    let mut buf = BytesMut::with_capacity(256);
    buf.put_i32(0);
    // ApiVersions responses always use header v0 so that any client can read them (KIP-511).
    let header_version = key.response_header_version(version);
    ResponseHeader::default()
        .with_correlation_id(correlation_id)
        .encode(&mut buf, header_version)?;
    body.encode(&mut buf, version)?;
    let size = (buf.len() - FRAME_SIZE_PREFIX_LEN) as i32;
    buf[..4].copy_from_slice(&size.to_be_bytes());
    Ok(buf.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::ApiVersionsRequest;

    fn request_bytes(key: i16, version: i16, body: impl Encodable) -> Bytes {
        let mut buf = BytesMut::new();
        let api = ApiKey::try_from(key).unwrap();
        RequestHeader::default()
            .with_request_api_key(key)
            .with_request_api_version(version)
            .with_correlation_id(7)
            .encode(&mut buf, api.request_header_version(version))
            .unwrap();
        body.encode(&mut buf, version).unwrap();
        buf.freeze()
    }

    #[test]
    fn decodes_api_versions_v3() {
        let req = decode_request(request_bytes(18, 3, ApiVersionsRequest::default())).unwrap();
        assert_eq!(req.api_key, ApiKey::ApiVersions);
        assert_eq!(req.header.correlation_id, 7);
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(matches!(
            decode_request(Bytes::from_static(b"ab")),
            Err(FrameError::TooShort(2))
        ));
        assert!(matches!(
            decode_request(Bytes::from_static(&[0x7f, 0, 0, 0, 0, 0, 0, 1])),
            Err(FrameError::UnknownApiKey(0x7f00))
        ));
        assert!(matches!(
            decode_request(Bytes::from_static(&[0, 18, 0, 99, 0, 0, 0, 1])),
            Err(FrameError::UnsupportedVersion { .. })
        ));
        // Metadata v9 with a truncated body.
        assert!(matches!(
            decode_request(Bytes::from_static(&[0, 3, 0, 9, 0, 0, 0, 1, 0])),
            Err(FrameError::Malformed { .. })
        ));
    }
}
