//! A connection's read side, able to read a frame's body into memory that is not zeroed first.
//!
//! A produce frame is read from the socket into a buffer and then written to a segment: zeroing
//! that buffer before the kernel overwrites it cost ~7 % of the broker's CPU (perf/README,
//! "Where the CPU goes now"). `AsyncRead` can only read into initialised memory, so a plaintext
//! connection reads through glommio's `poll_read_uninit` instead (`recv` into the buffer's spare
//! capacity); TLS decrypts through rustls's `AsyncRead` and keeps zeroing.

use bytes::{Bytes, BytesMut};
use futures::io::{AsyncRead, AsyncWrite, IoSlice};
use glommio::net::TcpStream;
use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

/// What the request loop reads a connection through.
pub(crate) trait FrameRead: AsyncRead + Unpin {
    /// Appends up to `len` (> 0) bytes that arrived to `buf`; `Ready(Ok(0))` at end of stream.
    /// The default zeroes the room first and reads through `AsyncRead`.
    fn poll_read_append(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
        len: usize,
    ) -> Poll<io::Result<usize>> {
        let start = buf.len();
        buf.resize(start + len, 0);
        let read = Pin::new(&mut *self).poll_read(cx, &mut buf[start..]);
        let n = match &read {
            Poll::Ready(Ok(n)) => *n,
            _ => 0,
        };
        buf.truncate(start + n);
        read
    }
}

/// Reads exactly `len` bytes appended to `buf` (an early end of stream is `UnexpectedEof`).
pub(crate) async fn read_append<R: FrameRead>(
    reader: &mut R,
    buf: &mut BytesMut,
    len: usize,
) -> io::Result<()> {
    let end = buf.len() + len;
    while buf.len() < end {
        let want = end - buf.len();
        let n = futures::future::poll_fn(|cx| reader.poll_read_append(cx, buf, want)).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    assert_eq!(
        buf.len(),
        end,
        "network invariant broken: read past a frame's end"
    );
    Ok(())
}

impl<R: AsyncRead + Unpin> FrameRead for futures::io::Chain<futures::io::Cursor<Vec<u8>>, R> {}

/// A plaintext connection, shared by its reader and its writer task (one thread; each poll
/// borrows it only for the poll, so the two never overlap).
#[derive(Clone)]
pub(crate) struct Plain(Rc<RefCell<TcpStream>>);

/// The reader of a plaintext connection: what is left of the bytes read before it was known to
/// be a Kafka client, then the socket.
pub(crate) struct PlainReader {
    already: Bytes,
    stream: Plain,
}

/// Splits a plaintext connection into its reader (after `already`) and its writer.
pub(crate) fn plain(stream: TcpStream, already: Vec<u8>) -> (PlainReader, Plain) {
    let stream = Plain(Rc::new(RefCell::new(stream)));
    let reader = PlainReader {
        already: Bytes::from(already),
        stream: stream.clone(),
    };
    (reader, stream)
}

impl PlainReader {
    /// Takes up to `max` of the bytes read before (empty once they are all taken).
    fn take_already(&mut self, max: usize) -> Bytes {
        self.already.split_to(self.already.len().min(max))
    }
}

impl AsyncRead for PlainReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if !self.already.is_empty() {
            let taken = self.take_already(buf.len());
            buf[..taken.len()].copy_from_slice(&taken);
            return Poll::Ready(Ok(taken.len()));
        }
        Pin::new(&mut *self.stream.0.borrow_mut()).poll_read(cx, buf)
    }
}

impl FrameRead for PlainReader {
    fn poll_read_append(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut BytesMut,
        len: usize,
    ) -> Poll<io::Result<usize>> {
        if !self.already.is_empty() {
            let taken = self.take_already(len);
            buf.extend_from_slice(&taken);
            return Poll::Ready(Ok(taken.len()));
        }
        buf.reserve(len);
        let room = &mut buf.spare_capacity_mut()[..len];
        let read = self.stream.0.borrow_mut().poll_read_uninit(cx, room);
        if let Poll::Ready(Ok(n)) = read {
            assert!(
                n <= len,
                "network invariant broken: recv wrote {n} of {len} bytes"
            );
            // SAFETY: `recv` wrote the first `n` bytes of the spare capacity (`n` ≤ its length).
            unsafe { buf.set_len(buf.len() + n) };
        }
        read
    }
}

impl AsyncWrite for Plain {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_write_vectored(cx, bufs)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_flush(cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_close(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::io::{AsyncReadExt, AsyncWriteExt, Cursor};

    /// The default (TLS's): appends exactly what was asked, across the chain's parts, and keeps
    /// what arrived before an early end of stream.
    #[test]
    fn the_zeroing_reader_appends_exactly_what_was_asked() {
        futures::executor::block_on(async {
            let mut reader = Cursor::new(b"abc".to_vec()).chain(Cursor::new(b"defgh".to_vec()));
            let mut buf = BytesMut::from(&b"x"[..]);
            read_append(&mut reader, &mut buf, 6).await.unwrap();
            assert_eq!(&buf[..], b"xabcdef");
            let err = read_append(&mut reader, &mut buf, 3).await.unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
            assert_eq!(&buf[..], b"xabcdefgh");
        });
    }

    /// The plaintext reader: the bytes read before first, then the socket's into unzeroed
    /// room, whatever the sender's chunking; the writer half writes on the same socket; an
    /// early close is `UnexpectedEof`.
    #[test]
    fn the_plaintext_reader_reads_into_unzeroed_room_in_order() {
        glommio::LocalExecutorBuilder::default()
            .spawn(|| async {
                let listener = glommio::net::TcpListener::bind("127.0.0.1:0").unwrap();
                let addr = listener.local_addr().unwrap();
                let client = glommio::spawn_local(async move {
                    let mut stream = TcpStream::connect(addr).await.unwrap();
                    // Pauses make separate arrivals likely; the result does not depend on them.
                    for chunk in [&b"llo "[..], b"wor", b"ld!"] {
                        stream.write_all(chunk).await.unwrap();
                        glommio::timer::sleep(std::time::Duration::from_millis(1)).await;
                    }
                    let mut answer = [0u8; 2];
                    stream.read_exact(&mut answer).await.unwrap();
                    assert_eq!(&answer, b"ok");
                    stream.write_all(b"tail").await.unwrap();
                });
                let accepted = listener.accept().await.unwrap();
                let (mut reader, mut writer) = plain(accepted, b"he".to_vec());
                let mut buf = BytesMut::new();
                read_append(&mut reader, &mut buf, 12).await.unwrap();
                assert_eq!(&buf[..], b"hello world!");
                writer.write_all(b"ok").await.unwrap();
                let mut more = BytesMut::with_capacity(1 << 20);
                let err = read_append(&mut reader, &mut more, 1 << 20)
                    .await
                    .unwrap_err();
                assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
                assert_eq!(&more[..], b"tail");
                client.await;
            })
            .unwrap()
            .join()
            .unwrap();
    }
}
