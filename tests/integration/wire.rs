//! A raw Kafka-protocol connection for tests that need exact control over the bytes: encode
//! requests with kafka-protocol, read responses, send hand-made frames, see closes.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable, Request};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Bound on waiting for one response: a test broker answers in milliseconds.
const READ_TIMEOUT: Duration = Duration::from_secs(20);

pub struct Wire {
    stream: TcpStream,
    next_correlation_id: i32,
    /// The request header's client id (`sluice-wire-test` unless set).
    client_id: String,
}

impl Wire {
    pub fn connect(bootstrap: &str) -> Wire {
        Wire::try_connect(bootstrap).expect("connect to broker")
    }

    pub fn try_connect(bootstrap: &str) -> std::io::Result<Wire> {
        let stream = TcpStream::connect(bootstrap)?;
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Wire {
            stream,
            next_correlation_id: 1,
            client_id: "sluice-wire-test".to_string(),
        })
    }

    /// Sends later requests with `client_id` in their header.
    pub fn set_client_id(&mut self, client_id: &str) {
        self.client_id = client_id.to_string();
    }

    /// Encodes and sends a request; returns its correlation id.
    pub fn send<R: Request>(&mut self, version: i16, request: &R) -> i32 {
        let correlation_id = self.next_correlation_id;
        self.next_correlation_id += 1;
        let mut body = BytesMut::new();
        RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(correlation_id)
            .with_client_id(Some(self.client_id.clone().into()))
            .encode(&mut body, R::header_version(version))
            .unwrap();
        request.encode(&mut body, version).unwrap();
        self.send_frame(&body);
        correlation_id
    }

    /// Sends `body` with a correct size prefix.
    pub fn send_frame(&mut self, body: &[u8]) {
        let mut frame = Vec::with_capacity(body.len() + 4);
        frame.extend_from_slice(&(body.len() as i32).to_be_bytes());
        frame.extend_from_slice(body);
        self.send_raw(&frame);
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write to broker");
    }

    /// Reads one response frame (without its size prefix).
    pub fn recv_frame(&mut self) -> Bytes {
        let mut size = [0u8; 4];
        self.stream
            .read_exact(&mut size)
            .expect("read response size");
        let mut body = vec![0u8; i32::from_be_bytes(size) as usize];
        self.stream
            .read_exact(&mut body)
            .expect("read response body");
        Bytes::from(body)
    }

    /// Reads one response and decodes it as `R`'s response; returns (correlation id, body).
    pub fn recv<R: Request>(&mut self, version: i16) -> (i32, R::Response)
    where
        R::Response: Decodable,
    {
        let mut frame = self.recv_frame();
        let header_version = ApiKey::try_from(R::KEY)
            .unwrap()
            .response_header_version(version);
        let header = ResponseHeader::decode(&mut frame, header_version).unwrap();
        let body = R::Response::decode(&mut frame, version).unwrap();
        assert!(!frame.has_remaining(), "trailing bytes after the response");
        (header.correlation_id, body)
    }

    pub fn call<R: Request>(&mut self, version: i16, request: &R) -> R::Response
    where
        R::Response: Decodable,
    {
        let sent = self.send(version, request);
        let (got, response) = self.recv::<R>(version);
        assert_eq!(got, sent, "correlation id");
        response
    }

    /// Sets how long reads wait (default 20 s).
    pub fn set_read_timeout(&mut self, timeout: Duration) {
        self.stream.set_read_timeout(Some(timeout)).unwrap();
    }

    /// Reads one response frame if one arrives before the read timeout; `None` on a timeout,
    /// a close or a reset.
    pub fn try_recv_frame(&mut self) -> Option<Bytes> {
        let mut size = [0u8; 4];
        self.stream.read_exact(&mut size).ok()?;
        let len = usize::try_from(i32::from_be_bytes(size)).ok()?;
        let mut body = vec![0u8; len];
        self.stream.read_exact(&mut body).ok()?;
        Some(Bytes::from(body))
    }

    /// Encodes a request (header included) without sending it.
    pub fn encode<R: Request>(version: i16, correlation_id: i32, request: &R) -> Vec<u8> {
        let mut body = BytesMut::new();
        RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(correlation_id)
            .with_client_id(Some("sluice-wire-test".into()))
            .encode(&mut body, R::header_version(version))
            .unwrap();
        request.encode(&mut body, version).unwrap();
        body.to_vec()
    }

    /// True when the broker closed the connection (EOF or reset) within the read timeout.
    pub fn is_closed(&mut self) -> bool {
        let mut buf = [0u8; 1];
        match self.stream.read(&mut buf) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe),
        }
    }
}

/// A request header + body for hand-made frames: key, version, correlation id, client id.
pub fn raw_header(key: i16, version: i16, correlation_id: i32) -> BytesMut {
    let mut b = BytesMut::new();
    b.put_i16(key);
    b.put_i16(version);
    b.put_i32(correlation_id);
    b.put_i16(-1); // null client id
    b
}

/// Sends `rounds` random mutations of the `valid` request bodies (truncated, extended, or with
/// bytes flipped after the api key and version, so the body decoder is the one exercised), each
/// in a correctly sized frame, reconnecting whenever the broker closes the connection or does
/// not answer within 500 ms. Returns (answered, closed or unanswered).
pub fn send_mutations(
    bootstrap: &str,
    valid: &[Vec<u8>],
    rounds: usize,
    next: &mut impl FnMut() -> u64,
) -> (usize, usize) {
    let connect = || {
        let mut w = Wire::connect(bootstrap);
        w.set_read_timeout(Duration::from_millis(500));
        w
    };
    let mut w = connect();
    let (mut answered, mut closed) = (0, 0);
    for _ in 0..rounds {
        let mut body = valid[(next() % valid.len() as u64) as usize].clone();
        match next() % 4 {
            0 => body.truncate((next() % body.len() as u64) as usize),
            1 => {
                let extra = (next() % 16) as usize;
                body.extend((0..extra).map(|_| next() as u8));
            }
            _ => {
                for _ in 0..1 + next() % 6 {
                    let at = 4 + (next() % (body.len() as u64 - 4)) as usize;
                    body[at] = next() as u8;
                }
            }
        }
        w.send_frame(&body);
        if w.try_recv_frame().is_some() {
            answered += 1;
        } else {
            closed += 1;
            w = connect();
        }
    }
    (answered, closed)
}
