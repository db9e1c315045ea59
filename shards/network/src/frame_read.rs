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
use std::os::fd::AsRawFd;
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
///
/// While it waits for the rest of a frame's body it sets the socket's receive low-water mark
/// (`SO_RCVLOWAT`) to the bytes it waits for, so the kernel wakes the shard once they are all
/// there instead of on every segment: a client that dribbles a body (slowloris) costs the
/// shard no wake-up until its body is whole or its deadline cuts it, and a large body arriving
/// in pieces costs fewer. The bytes a body still owes are all coming from a client that keeps
/// to its frame's size, and the kernel still reports the socket readable when its buffer or
/// window is nearly full (`tcp_epollin_ready`), an end of stream or an error; a wait for a
/// size prefix puts the mark back to one byte.
pub(crate) struct PlainReader {
    already: Bytes,
    stream: Plain,
    /// The socket's `SO_RCVLOWAT` as last set (the kernel's default is one byte).
    low_water: usize,
}

/// Splits a plaintext connection into its reader (after `already`) and its writer.
pub(crate) fn plain(stream: TcpStream, already: Vec<u8>) -> (PlainReader, Plain) {
    let stream = Plain(Rc::new(RefCell::new(stream)));
    let reader = PlainReader {
        already: Bytes::from(already),
        stream: stream.clone(),
        low_water: 1,
    };
    (reader, stream)
}

impl PlainReader {
    /// Takes up to `max` of the bytes read before (empty once they are all taken).
    fn take_already(&mut self, max: usize) -> Bytes {
        self.already.split_to(self.already.len().min(max))
    }

    /// Before a wait: the socket is to be reported readable once `bytes` arrived. Setting it
    /// re-evaluates the socket at once (a wait already armed completes if the new mark is met).
    fn wait_for(&mut self, bytes: usize) {
        let fd = self.stream.0.borrow().as_raw_fd();
        let bytes = if bytes <= 1 {
            1
        } else {
            // At most an eighth of the receive buffer: for a mark whose room the buffer lacks,
            // Linux grows the buffer and clamps the connection's receive window to the mark
            // for good (`tcp_set_rcvlowat`), which would throttle a fast client for the rest
            // of its connection.
            let room = socket_option(fd, libc::SO_RCVBUF, None).unwrap_or(0);
            bytes.min(LOW_WATER_MAX).min(room / 8).max(1)
        };
        if bytes == self.low_water {
            return;
        }
        // Not set (not expected on a TCP socket): the kernel keeps the mark it had, and a
        // later wait tries again; only wake-ups are at stake, never bytes.
        if socket_option(fd, libc::SO_RCVLOWAT, Some(bytes)).is_some() {
            self.low_water = bytes;
        }
    }
}

/// Reads (`set` = `None`) or sets a `SOL_SOCKET` int option of `fd`; `None` if the call failed.
fn socket_option(fd: std::os::fd::RawFd, name: libc::c_int, set: Option<usize>) -> Option<usize> {
    let mut value = libc::c_int::try_from(set.unwrap_or(0)).unwrap_or(libc::c_int::MAX);
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    let ptr = (&mut value as *mut libc::c_int).cast();
    // SAFETY: `fd` is an open socket (the reader's stream outlives the call), and `value` is
    // a plain int of the length given, valid for the call.
    let rc = unsafe {
        match set {
            Some(_) => libc::setsockopt(fd, libc::SOL_SOCKET, name, ptr, len),
            None => libc::getsockopt(fd, libc::SOL_SOCKET, name, ptr, &mut len),
        }
    };
    (rc == 0).then(|| usize::try_from(value).unwrap_or(0))
}

/// The highest receive low-water mark set: one request-budget chunk, the most a body read
/// asks for at once.
const LOW_WATER_MAX: usize = crate::limits::FRAME_CHUNK_BYTES;

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
        let read = Pin::new(&mut *self.stream.0.borrow_mut()).poll_read(cx, buf);
        if read.is_pending() {
            // A size prefix, or a frame read whole: any byte is news.
            self.wait_for(1);
        }
        read
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
        if read.is_pending() {
            self.wait_for(len);
        }
        read
    }
}

impl Plain {
    /// `Ready` once the socket's send buffer has room again (after `sendfile(2)` found it full).
    pub(crate) fn poll_writable(&self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.0.borrow_mut().poll_writable(cx)
    }
}

impl AsRawFd for Plain {
    fn as_raw_fd(&self) -> std::os::fd::RawFd {
        self.0.borrow().as_raw_fd()
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
    use std::future::Future;

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

    /// Runs `client` on a connection to a fresh listener and `server` on its accepted end, on
    /// one glommio executor, until both are done.
    fn connected<C, CF, S, SF>(client: C, server: S)
    where
        C: FnOnce(TcpStream) -> CF + Send + 'static,
        CF: Future<Output = ()> + 'static,
        S: FnOnce(TcpStream) -> SF + Send + 'static,
        SF: Future<Output = ()>,
    {
        glommio::LocalExecutorBuilder::default()
            .spawn(move || async move {
                let listener = glommio::net::TcpListener::bind("127.0.0.1:0").unwrap();
                let addr = listener.local_addr().unwrap();
                let client = glommio::spawn_local(async move {
                    client(TcpStream::connect(addr).await.unwrap()).await
                });
                server(listener.accept().await.unwrap()).await;
                client.await;
            })
            .unwrap()
            .join()
            .unwrap();
    }

    /// The plaintext reader: the bytes read before first, then the socket's into unzeroed
    /// room, whatever the sender's chunking; the writer half writes on the same socket; an
    /// early close is `UnexpectedEof`.
    #[test]
    fn the_plaintext_reader_reads_into_unzeroed_room_in_order() {
        let client = |mut stream: TcpStream| async move {
            // Pauses make separate arrivals likely; the result does not depend on them.
            for chunk in [&b"llo "[..], b"wor", b"ld!"] {
                stream.write_all(chunk).await.unwrap();
                glommio::timer::sleep(std::time::Duration::from_millis(1)).await;
            }
            let mut answer = [0u8; 2];
            stream.read_exact(&mut answer).await.unwrap();
            assert_eq!(&answer, b"ok");
            stream.write_all(b"tail").await.unwrap();
        };
        connected(client, |accepted| async move {
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
        });
    }

    /// A body dribbled in small pieces wakes its reader once it is whole, not once per piece
    /// (the receive low-water mark), and the size prefix read after it is news at its first
    /// byte again.
    #[test]
    fn a_dribbled_body_wakes_its_reader_once_it_is_whole() {
        let client = |mut stream: TcpStream| async move {
            // Pauses make separate arrivals likely; the result does not depend on them.
            for piece in 0..20u8 {
                stream.write_all(&[piece; 10]).await.unwrap();
                glommio::timer::sleep(std::time::Duration::from_millis(1)).await;
            }
            let mut answer = [0u8; 2];
            stream.read_exact(&mut answer).await.unwrap();
            assert_eq!(&answer, b"ok");
            stream.write_all(&[0, 0, 0, 8]).await.unwrap();
        };
        connected(client, |accepted| async move {
            let (mut reader, mut writer) = plain(accepted, Vec::new());
            let mut body = BytesMut::new();
            let polls = std::cell::Cell::new(0);
            {
                let read = read_append(&mut reader, &mut body, 200);
                futures::pin_mut!(read);
                futures::future::poll_fn(|cx| {
                    polls.set(polls.get() + 1);
                    read.as_mut().poll(cx)
                })
                .await
                .unwrap();
            }
            let expected: Vec<u8> = (0..20u8).flat_map(|p| [p; 10]).collect();
            assert_eq!(&body[..], &expected[..]);
            // The first poll, perhaps one for a wait armed before the mark was raised, and
            // the one that finds the body whole.
            assert!(
                polls.get() <= 3,
                "a 20-piece body took {} polls",
                polls.get()
            );
            writer.write_all(b"ok").await.unwrap();
            let mut prefix = [0u8; 4];
            let read = reader.read_exact(&mut prefix);
            runtime::with_deadline(read, std::time::Duration::from_secs(30))
                .await
                .expect("the size prefix is read once its bytes arrive")
                .unwrap();
            assert_eq!(prefix, [0, 0, 0, 8]);
        });
    }
}
