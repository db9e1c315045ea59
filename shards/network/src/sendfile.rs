//! Writing a response: bytes through the stream, file slices with `sendfile(2)`.

use futures::io::{AsyncWrite, AsyncWriteExt};
use protocol::{Chunk, FileSlice, ResponseParts};
use runtime::Counters;
use std::os::fd::{AsRawFd, RawFd};

/// Largest copy done when the socket is full: one bounded chunk, then sendfile resumes.
const COPY_CHUNK_BYTES_MAX: usize = 64 * 1024;

pub(crate) async fn write_response<W: AsyncWrite + Unpin>(
    writer: &mut W,
    socket: RawFd,
    parts: &ResponseParts,
    counters: &Counters,
) -> std::io::Result<()> {
    for chunk in &parts.chunks {
        match chunk {
            Chunk::Bytes(bytes) => writer.write_all(bytes).await?,
            Chunk::File(slice) => {
                writer.flush().await?;
                send_file(writer, socket, slice, counters).await?;
            }
        }
    }
    writer.flush().await
}

async fn send_file<W: AsyncWrite + Unpin>(
    writer: &mut W,
    socket: RawFd,
    slice: &FileSlice,
    counters: &Counters,
) -> std::io::Result<()> {
    let file = slice.file.as_raw_fd();
    let mut offset = slice.position as libc::off_t;
    let mut left = slice.len as usize;
    while left > 0 {
        // SAFETY: both fds are open for the duration of the call (the socket is owned by
        // this connection, the file by the Arc in `slice`); `offset` is a valid pointer.
        let sent = unsafe { libc::sendfile(socket, file, &mut offset, left) };
        if sent > 0 {
            left -= sent as usize;
            counters
                .fetch_bytes_zero_copy
                .set(counters.fetch_bytes_zero_copy.get() + sent as u64);
            continue;
        }
        if sent == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "segment shorter than the fetched range",
            ));
        }
        let err = std::io::Error::last_os_error();
        match err.kind() {
            std::io::ErrorKind::Interrupted => continue,
            std::io::ErrorKind::WouldBlock => {
                // Socket buffer full: copy one bounded chunk through the runtime's write, which
                // waits for the socket to drain, then go back to sendfile.
                let n = left.min(COPY_CHUNK_BYTES_MAX);
                let mut buf = vec![0u8; n];
                read_exact_at(&slice.file, &mut buf, offset as u64)?;
                writer.write_all(&buf).await?;
                writer.flush().await?;
                offset += n as libc::off_t;
                left -= n;
                counters
                    .fetch_bytes_copied
                    .set(counters.fetch_bytes_copied.get() + n as u64);
            }
            _ => return Err(err),
        }
    }
    Ok(())
}

fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Puts the socket in non-blocking mode so `sendfile` returns EAGAIN instead of blocking the
/// shard when the socket buffer is full.
pub(crate) fn set_nonblocking(fd: RawFd) -> std::io::Result<()> {
    // SAFETY: fcntl on a valid, owned fd with integer arguments.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}
