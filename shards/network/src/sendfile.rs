//! Writing a response: bytes through the stream, file slices with `sendfile(2)` on a plaintext
//! connection, or read and written through the stream on a TLS one (the kernel here has no
//! kTLS, so record bytes must pass through user space to be encrypted).

use crate::frame_read::Plain;
use futures::io::{AsyncWrite, AsyncWriteExt};
use protocol::{Chunk, FileSlice, ResponseParts};
use runtime::Counters;
use std::os::fd::{AsRawFd, RawFd};

/// Largest chunk of a file slice read and written through a TLS stream at once.
const COPY_CHUNK_BYTES_MAX: usize = 64 * 1024;

/// How a response's file slices reach the peer.
#[derive(Clone)]
pub(crate) enum FileSend {
    /// Plaintext: `sendfile(2)` from the segment file to this socket.
    ZeroCopy(Plain),
    /// TLS: read from the file and written through the (encrypting) stream, one bounded chunk
    /// at a time.
    Copy,
}

pub(crate) async fn write_response<W: AsyncWrite + Unpin>(
    writer: &mut W,
    files: &FileSend,
    parts: &ResponseParts,
    counters: &Counters,
) -> std::io::Result<()> {
    for chunk in &parts.chunks {
        match (chunk, files) {
            (Chunk::Bytes(bytes), _) => writer.write_all(bytes).await?,
            (Chunk::File(slice), FileSend::ZeroCopy(socket)) => {
                writer.flush().await?;
                send_file(socket, slice, counters).await?;
            }
            (Chunk::File(slice), FileSend::Copy) => copy_file(writer, slice, counters).await?,
        }
    }
    writer.flush().await
}

/// A file slice through the stream, `COPY_CHUNK_BYTES_MAX` at a time (the only buffer held).
async fn copy_file<W: AsyncWrite + Unpin>(
    writer: &mut W,
    slice: &FileSlice,
    counters: &Counters,
) -> std::io::Result<()> {
    let mut offset = slice.position;
    let mut left = slice.len as usize;
    while left > 0 {
        let n = left.min(COPY_CHUNK_BYTES_MAX);
        copy_chunk(writer, &slice.file, offset, n, counters).await?;
        offset += n as u64;
        left -= n;
    }
    Ok(())
}

/// `n` bytes of `file` at `offset` through the stream, counted as copied.
async fn copy_chunk<W: AsyncWrite + Unpin>(
    writer: &mut W,
    file: &std::fs::File,
    offset: u64,
    n: usize,
    counters: &Counters,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; n];
    read_exact_at(file, &mut buf, offset)?;
    writer.write_all(&buf).await?;
    let c = &counters.fetch_bytes_copied;
    c.set(c.get() + n as u64);
    Ok(())
}

/// A file slice with `sendfile(2)`; when the socket's buffer is full, waits until it has room
/// again (no byte copied through user space, whatever the buffer's size:
/// `socket.send.buffer.bytes`).
async fn send_file(socket: &Plain, slice: &FileSlice, counters: &Counters) -> std::io::Result<()> {
    let fd = socket.as_raw_fd();
    let file = slice.file.as_raw_fd();
    let mut offset = slice.position as libc::off_t;
    let mut left = slice.len as usize;
    while left > 0 {
        match sendfile_nonblocking(fd, file, &mut offset, left)? {
            Some(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "segment shorter than the fetched range",
                ));
            }
            Some(sent) => {
                left -= sent;
                let c = &counters.fetch_bytes_zero_copy;
                c.set(c.get() + sent as u64);
            }
            None => futures::future::poll_fn(|cx| socket.poll_writable(cx)).await?,
        }
    }
    Ok(())
}

fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// One `sendfile(2)` that never blocks the shard: `Ok(None)` when the socket buffer is full.
///
/// The socket is non-blocking only for the duration of the call, as glommio itself does for
/// accept: glommio drives these sockets through io_uring and expects them blocking, and a
/// socket left in O_NONBLOCK makes its io_uring reads and writes fail with EAGAIN.
fn sendfile_nonblocking(
    socket: RawFd,
    file: RawFd,
    offset: &mut libc::off_t,
    len: usize,
) -> std::io::Result<Option<usize>> {
    // SAFETY: fcntl on an open fd owned by this connection, integer arguments only.
    let flags = unsafe { libc::fcntl(socket, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(socket, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let result = loop {
        // SAFETY: both fds are open for the duration of the call (the socket is owned by this
        // connection, the file by the Arc in the slice); `offset` is a valid pointer.
        let sent = unsafe { libc::sendfile(socket, file, offset, len) };
        if sent >= 0 {
            break Ok(Some(sent as usize));
        }
        let err = std::io::Error::last_os_error();
        match err.kind() {
            std::io::ErrorKind::Interrupted => continue,
            std::io::ErrorKind::WouldBlock => break Ok(None),
            _ => break Err(err),
        }
    };
    // SAFETY: as above; restores the flags read before.
    if unsafe { libc::fcntl(socket, libc::F_SETFL, flags) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    result
}
