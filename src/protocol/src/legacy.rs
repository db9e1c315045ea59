//! Produce v0–2: advertised (librdkafka builds before 2.11.1 enable gzip/snappy only if
//! Produce v0 is in the range) but rejected when sent, as Kafka 4.x does: every partition is
//! answered UNSUPPORTED_VERSION in the old format. kafka-protocol no longer decodes these
//! versions, so this module reads the few fields it needs by hand, checking every claimed
//! length against the bytes actually present.

use bytes::{Buf, BufMut, Bytes, BytesMut};

const UNSUPPORTED_VERSION: i16 = 35;

/// The error response for a Produce v0–2 request, or `Ok(None)` when acks=0 (no response).
pub fn reject_old_produce(frame: &[u8]) -> Result<Option<Bytes>, String> {
    let mut r = frame;
    let (_key, version, correlation_id) = (get_i16(&mut r)?, get_i16(&mut r)?, get_i32(&mut r)?);
    if !(0..=2).contains(&version) {
        return Err(format!("not an old Produce version: {version}"));
    }
    skip_nullable_string(&mut r)?; // client id
    let acks = get_i16(&mut r)?;
    let _timeout_ms = get_i32(&mut r)?;
    let topics = get_count(&mut r, 2 + 4)?;
    let mut out = BytesMut::new();
    out.put_i32(0);
    out.put_i32(correlation_id);
    out.put_i32(topics as i32);
    for _ in 0..topics {
        let name = get_string(&mut r)?;
        out.put_i16(name.len() as i16);
        out.put_slice(name);
        let partitions = get_count(&mut r, 4 + 4)?;
        out.put_i32(partitions as i32);
        for _ in 0..partitions {
            let index = get_i32(&mut r)?;
            skip_nullable_bytes(&mut r)?;
            out.put_i32(index);
            out.put_i16(UNSUPPORTED_VERSION);
            out.put_i64(-1); // base offset
            if version >= 2 {
                out.put_i64(-1); // log append time
            }
        }
    }
    if version >= 1 {
        out.put_i32(0); // throttle time
    }
    if acks == 0 {
        return Ok(None);
    }
    let size = (out.len() - 4) as i32;
    out[..4].copy_from_slice(&size.to_be_bytes());
    Ok(Some(out.freeze()))
}

fn need(r: &[u8], n: usize) -> Result<(), String> {
    if r.len() < n {
        Err(format!("truncated: need {n} bytes, {} left", r.len()))
    } else {
        Ok(())
    }
}

fn get_i16(r: &mut &[u8]) -> Result<i16, String> {
    need(r, 2)?;
    Ok(r.get_i16())
}

fn get_i32(r: &mut &[u8]) -> Result<i32, String> {
    need(r, 4)?;
    Ok(r.get_i32())
}

/// An array count, refused if the remaining bytes cannot hold that many minimal elements.
fn get_count(r: &mut &[u8], element_bytes_min: usize) -> Result<usize, String> {
    let n = get_i32(r)?;
    if n < 0 || (n as usize).saturating_mul(element_bytes_min) > r.len() {
        return Err(format!(
            "array length {n} does not fit the {} bytes left",
            r.len()
        ));
    }
    Ok(n as usize)
}

fn get_string<'a>(r: &mut &'a [u8]) -> Result<&'a [u8], String> {
    let n = get_i16(r)?;
    if n < 0 {
        return Err("null topic name".into());
    }
    need(r, n as usize)?;
    let (s, rest) = r.split_at(n as usize);
    *r = rest;
    Ok(s)
}

fn skip_nullable_string(r: &mut &[u8]) -> Result<(), String> {
    let n = get_i16(r)?;
    if n > 0 {
        need(r, n as usize)?;
        r.advance(n as usize);
    }
    Ok(())
}

fn skip_nullable_bytes(r: &mut &[u8]) -> Result<(), String> {
    let n = get_i32(r)?;
    if n > 0 {
        need(r, n as usize)?;
        r.advance(n as usize);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(version: i16, acks: i16) -> Vec<u8> {
        let mut b = BytesMut::new();
        b.put_i16(0);
        b.put_i16(version);
        b.put_i32(9);
        b.put_i16(3);
        b.put_slice(b"cli");
        b.put_i16(acks);
        b.put_i32(1000);
        b.put_i32(1);
        b.put_i16(1);
        b.put_slice(b"t");
        b.put_i32(2);
        for p in 0..2 {
            b.put_i32(p);
            b.put_i32(3);
            b.put_slice(b"xyz");
        }
        b.to_vec()
    }

    #[test]
    fn answers_every_partition_with_unsupported_version() {
        let out = reject_old_produce(&request(2, 1)).unwrap().unwrap();
        let mut r = &out[..];
        assert_eq!(r.get_i32() as usize, out.len() - 4);
        assert_eq!(r.get_i32(), 9);
        assert_eq!(r.get_i32(), 1);
        assert_eq!(r.get_i16(), 1);
        assert_eq!(r.get_u8(), b't');
        assert_eq!(r.get_i32(), 2);
        for p in 0..2 {
            assert_eq!(r.get_i32(), p);
            assert_eq!(r.get_i16(), 35);
            assert_eq!(r.get_i64(), -1);
            assert_eq!(r.get_i64(), -1);
        }
        assert_eq!(r.get_i32(), 0);
        assert!(r.is_empty());
    }

    #[test]
    fn acks_zero_gets_no_response_and_lies_are_errors() {
        assert_eq!(reject_old_produce(&request(0, 0)).unwrap(), None);
        let mut lying = request(1, 1);
        lying[19..23].copy_from_slice(&i32::MAX.to_be_bytes()); // topic count
        assert!(reject_old_produce(&lying).is_err());
        for cut in 0..request(1, 1).len() - 1 {
            let _ = reject_old_produce(&request(1, 1)[..cut]);
        }
    }
}
