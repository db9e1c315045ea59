//! Blocking Kafka-protocol connections: framing, ApiVersions negotiation, and the few
//! administrative calls the bench needs (Metadata, CreateTopics, ListOffsets).

use anyhow::{anyhow, bail, Context, Result};
use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, ApiVersionsRequest, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::time::Duration;

/// Largest response frame accepted. Reason: Fetch asks for at most 64 MiB; anything far
/// beyond is a framing error, not data.
pub const RESPONSE_BYTES_MAX: usize = 128 * 1024 * 1024;
/// How long an administrative call may take. Reason: CreateTopics on Kafka waits for the
/// controller; 30 s is its default request timeout.
const ADMIN_TIMEOUT: Duration = Duration::from_secs(30);
const CLIENT_ID: &str = "sluice-bench";

/// The version ranges a broker announced in ApiVersions.
#[derive(Clone, Debug, Default)]
pub struct ApiVersions {
    ranges: HashMap<i16, (i16, i16)>,
}

impl ApiVersions {
    /// The highest version both sides speak within `ours` (inclusive).
    pub fn pick(&self, key: ApiKey, ours: (i16, i16)) -> Result<i16> {
        let (broker_min, broker_max) = self
            .ranges
            .get(&(key as i16))
            .copied()
            .ok_or_else(|| anyhow!("broker does not support {key:?}"))?;
        let version = broker_max.min(ours.1);
        if version < broker_min.max(ours.0) {
            bail!("no common {key:?} version: broker {broker_min}..={broker_max}, ours {ours:?}");
        }
        Ok(version)
    }
}

/// Encodes one request frame (size prefix, header, body).
pub fn encode_request<R: Request>(request: &R, version: i16, correlation_id: i32) -> Result<Bytes> {
    let header = RequestHeader::default()
        .with_request_api_key(R::KEY)
        .with_request_api_version(version)
        .with_correlation_id(correlation_id)
        .with_client_id(Some(StrBytes::from_static_str(CLIENT_ID)));
    let mut buf = BytesMut::with_capacity(256);
    buf.put_i32(0);
    header.encode(&mut buf, R::header_version(version))?;
    request.encode(&mut buf, version)?;
    let body_bytes = (buf.len() - 4) as i32;
    buf[..4].copy_from_slice(&body_bytes.to_be_bytes());
    Ok(buf.freeze())
}

/// Reads one size-prefixed frame.
pub fn read_frame(stream: &mut (impl Read + AsRawFd)) -> std::io::Result<Bytes> {
    read_frame_reusing(stream, &mut BytesMut::new())
}

/// Reads one size-prefixed frame into `buffer`'s allocation, which the next frame reuses once
/// every `Bytes` of this one is dropped. A fresh allocation per frame cost a consumer that
/// lags (32 MiB answers) an mmap, page faults and kernel zeroing each time: it fell further
/// behind (issue 15, W5 durable). The body is received straight into the allocation's spare
/// capacity, not zero-filled first: at W5's 1.6 GB/s of fetched bytes the fill was a second
/// pass over every byte on the cores the client shares with the broker.
pub fn read_frame_reusing(
    stream: &mut (impl Read + AsRawFd),
    buffer: &mut BytesMut,
) -> std::io::Result<Bytes> {
    let mut size = [0u8; 4];
    stream.read_exact(&mut size)?;
    let size = i32::from_be_bytes(size);
    let size = usize::try_from(size)
        .ok()
        .filter(|&size| size <= RESPONSE_BYTES_MAX)
        .ok_or_else(|| crate::compression::invalid("response frame size out of range"))?;
    buffer.clear();
    buffer.reserve(size);
    let spare = buffer.spare_capacity_mut();
    assert!(spare.len() >= size, "reserve gave room for the frame");
    let at = spare.as_mut_ptr().cast::<u8>();
    let mut got = 0;
    while got < size {
        // SAFETY: `at + got .. at + size` lies inside the reserved spare capacity, which this
        // function holds exclusively (`&mut buffer`); recv(2) writes through the raw pointer and
        // no reference to the not yet written bytes is made.
        let n = unsafe {
            libc::recv(
                stream.as_raw_fd(),
                at.add(got).cast(),
                size - got,
                libc::MSG_WAITALL,
            )
        };
        match n {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n if n > 0 => got += n as usize,
            _ => {
                let err = std::io::Error::last_os_error();
                if err.kind() != std::io::ErrorKind::Interrupted {
                    return Err(err);
                }
            }
        }
    }
    // SAFETY: recv(2) initialised all `size` bytes above.
    unsafe { buffer.set_len(size) };
    Ok(buffer.split().freeze())
}

/// Splits a response frame into its correlation id and body, given the API and version.
pub fn decode_response<R: Request>(frame: Bytes, version: i16) -> Result<(i32, R::Response)> {
    let mut buf = frame;
    let header_version = <R::Response as HeaderVersion>::header_version(version);
    let header = ResponseHeader::decode(&mut buf, header_version)?;
    let response = R::Response::decode(&mut buf, version)?;
    Ok((header.correlation_id, response))
}

/// Peeks the correlation id of a response frame (the first field of every response header).
pub fn correlation_id_of(frame: &Bytes) -> Option<i32> {
    frame.first_chunk::<4>().map(|id| i32::from_be_bytes(*id))
}

/// One blocking connection with negotiated versions, for request/response calls.
pub struct Connection {
    pub stream: TcpStream,
    pub versions: ApiVersions,
    next_correlation_id: i32,
    /// The storage responses are read into, reused from one to the next.
    buffer: BytesMut,
}

impl Connection {
    /// Connects, sets TCP_NODELAY and negotiates versions with ApiVersions.
    pub fn connect(address: &str) -> Result<Connection> {
        let stream =
            TcpStream::connect(address).with_context(|| format!("connecting to {address}"))?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(ADMIN_TIMEOUT))?;
        let mut connection = Connection {
            stream,
            versions: ApiVersions::default(),
            next_correlation_id: 0,
            buffer: BytesMut::new(),
        };
        connection.versions = connection.negotiate()?;
        Ok(connection)
    }

    fn negotiate(&mut self) -> Result<ApiVersions> {
        let request = ApiVersionsRequest::default()
            .with_client_software_name(StrBytes::from_static_str(CLIENT_ID))
            .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")));
        // v3 first; a broker without it answers UNSUPPORTED_VERSION in the v0 format.
        let response = match self.call(&request, 3) {
            Ok(response) if response.error_code == 0 => response,
            _ => self.call(&request, 0)?,
        };
        if response.error_code != 0 {
            bail!("ApiVersions failed with error code {}", response.error_code);
        }
        let ranges = response
            .api_keys
            .iter()
            .map(|api| (api.api_key, (api.min_version, api.max_version)))
            .collect();
        Ok(ApiVersions { ranges })
    }

    /// Sends one request and waits for its response.
    pub fn call<R: Request>(&mut self, request: &R, version: i16) -> Result<R::Response> {
        let correlation_id = self.next_correlation_id;
        self.next_correlation_id = self.next_correlation_id.wrapping_add(1);
        let frame = encode_request(request, version, correlation_id)?;
        self.stream.write_all(&frame)?;
        let response = read_frame_reusing(&mut self.stream, &mut self.buffer)?;
        let (got, body) = decode_response::<R>(response, version)
            .with_context(|| format!("decoding {:?} v{version} response", R::KEY))?;
        if got != correlation_id {
            bail!("correlation id {got}, expected {correlation_id}");
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &[u8]) -> Vec<u8> {
        let mut out = (body.len() as i32).to_be_bytes().to_vec();
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn a_frame_reuses_the_storage_of_the_last_one_once_it_is_dropped() {
        let mut input = framed(&[1; 4096]);
        input.extend(framed(&[2; 4096]));
        input.extend(framed(&[3; 100]));
        let (mut stream, mut peer) = std::os::unix::net::UnixStream::pair().unwrap();
        std::io::Write::write_all(&mut peer, &input).unwrap();
        drop(peer);
        let mut buffer = BytesMut::new();
        let first = read_frame_reusing(&mut stream, &mut buffer).unwrap();
        assert_eq!(&first[..], &[1; 4096][..]);
        let at = first.as_ptr();
        drop(first);
        let second = read_frame_reusing(&mut stream, &mut buffer).unwrap();
        assert_eq!(&second[..], &[2; 4096][..]);
        assert_eq!(
            second.as_ptr(),
            at,
            "the dropped frame's storage is read into again"
        );
        // Still held: the next frame goes elsewhere and leaves it intact.
        let third = read_frame_reusing(&mut stream, &mut buffer).unwrap();
        assert_eq!(&third[..], &[3; 100][..]);
        assert_eq!(&second[..], &[2; 4096][..]);
        // The peer closed: a cut frame is an error, not a short frame.
        assert!(read_frame_reusing(&mut stream, &mut buffer).is_err());
    }
}
