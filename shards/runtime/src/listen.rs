//! Listening sockets, bound as Kafka binds its own (Java's `ServerSocketChannel` sets
//! SO_REUSEADDR on Linux) plus SO_REUSEPORT, so each shard has its own accept queue on the port.
//!
//! SO_REUSEADDR is what lets a broker start on a port whose earlier connections are still in
//! TIME_WAIT: with SO_REUSEPORT alone, the kernel refuses the bind when those connections came
//! from a socket without SO_REUSEPORT (another program that served the port before, such as an
//! Apache Kafka broker, or a client connection of an earlier process), and the start fails with
//! "Address already in use" for up to a minute.

use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::os::fd::{FromRawFd, IntoRawFd};

use socket2::{Domain, Protocol, Socket, Type};

/// The backlog of a listener that is not given one (the controller's, the HTTP one), glommio's.
const BACKLOG: i32 = 1024;

/// The first address `address` resolves to.
pub fn resolve(address: &str) -> io::Result<SocketAddr> {
    address.to_socket_addrs()?.next().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::AddrNotAvailable,
            format!("{address} resolves to nothing"),
        )
    })
}

/// A TCP socket bound to `addr` with SO_REUSEADDR and SO_REUSEPORT, not yet listening
/// (close-on-exec, as socket2 creates every socket).
pub fn bound(addr: SocketAddr) -> io::Result<Socket> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    socket.bind(&addr.into())?;
    Ok(socket)
}

/// The port a bound socket got (the one the kernel chose for port 0).
pub fn local_port(socket: &Socket) -> io::Result<u16> {
    socket
        .local_addr()?
        .as_socket()
        .map(|a| a.port())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not an inet socket"))
}

/// A glommio listener on `address` (host:port), for the calling shard's reactor.
pub fn listener(address: &str) -> io::Result<glommio::net::TcpListener> {
    listener_with(address, ListenOptions::default())
}

/// What a client listener's socket is given: Kafka's `socket.send.buffer.bytes`,
/// `socket.receive.buffer.bytes` (`None`: the OS default, which the kernel tunes) and
/// `socket.listen.backlog.size`.
#[derive(Clone, Copy, Debug)]
pub struct ListenOptions {
    pub send_buffer: Option<usize>,
    pub receive_buffer: Option<usize>,
    pub backlog: i32,
}

impl Default for ListenOptions {
    fn default() -> ListenOptions {
        ListenOptions {
            send_buffer: None,
            receive_buffer: None,
            backlog: BACKLOG,
        }
    }
}

impl ListenOptions {
    /// Kafka's reading of the keys: a buffer of -1 (any value ≤ 0 here) is the OS default.
    pub fn from_config(send: i32, receive: i32, backlog: u32) -> ListenOptions {
        let bytes = |v: i32| usize::try_from(v).ok().filter(|&v| v > 0);
        ListenOptions {
            send_buffer: bytes(send),
            receive_buffer: bytes(receive),
            backlog: i32::try_from(backlog).unwrap_or(i32::MAX),
        }
    }
}

/// A listener whose accepted connections get `options`' buffers (set on the listening socket,
/// before `listen`, so every connection inherits them and its receive window is scaled for
/// them from its SYN, as Kafka's acceptor sets them).
pub fn listener_with(
    address: &str,
    options: ListenOptions,
) -> io::Result<glommio::net::TcpListener> {
    let socket = bound(resolve(address)?)?;
    if let Some(bytes) = options.send_buffer {
        socket.set_send_buffer_size(bytes)?;
    }
    if let Some(bytes) = options.receive_buffer {
        socket.set_recv_buffer_size(bytes)?;
    }
    socket.listen(options.backlog)?;
    // SAFETY: the descriptor is a bound, listening TCP socket this function owns and gives away.
    Ok(unsafe { glommio::net::TcpListener::from_raw_fd(socket.into_raw_fd()) })
}
