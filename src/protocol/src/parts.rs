//! A response as a list of chunks: encoded bytes, and file slices sent with sendfile.

use bytes::Bytes;
use std::fs::File;
use std::sync::Arc;

/// A byte range of a file (a log segment), to be sent to the socket without a user-space copy.
/// The handle is read-only and `Send`, so the shard owning the partition can hand it to the
/// shard owning the connection.
#[derive(Clone, Debug)]
pub struct FileSlice {
    pub file: Arc<File>,
    pub position: u64,
    pub len: u32,
}

#[derive(Clone, Debug)]
pub enum Chunk {
    Bytes(Bytes),
    File(FileSlice),
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Bytes(b) => b.len(),
            Chunk::File(f) => f.len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A whole response frame, size prefix included, in the order it goes on the wire.
#[derive(Clone, Debug, Default)]
pub struct ResponseParts {
    pub chunks: Vec<Chunk>,
}

impl ResponseParts {
    pub fn from_bytes(bytes: Bytes) -> Self {
        ResponseParts {
            chunks: vec![Chunk::Bytes(bytes)],
        }
    }

    pub fn len(&self) -> usize {
        self.chunks.iter().map(Chunk::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the response that sit in files (sent zero-copy on plaintext connections).
    pub fn file_bytes(&self) -> usize {
        self.chunks
            .iter()
            .map(|c| match c {
                Chunk::File(f) => f.len as usize,
                Chunk::Bytes(_) => 0,
            })
            .sum()
    }
}
