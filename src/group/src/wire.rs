//! Kafka's primitive encodings for the `__consumer_offsets` record schemas: big-endian integers,
//! int16-length strings, int32-length bytes and arrays, and the "flexible" (compact, tagged-field)
//! variants. Every read is bounds-checked and returns `DecodeError`; nothing here panics on input.

use crate::config::STRING_BYTES_MAX;
use crate::record::DecodeError;

/// A cursor over untrusted bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        if len > self.bytes.len() {
            return Err(DecodeError::Truncated);
        }
        let (head, tail) = self.bytes.split_at(len);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub(crate) fn i16(&mut self) -> Result<i16, DecodeError> {
        Ok(i16::from_be_bytes(self.array()?))
    }

    pub(crate) fn i32(&mut self) -> Result<i32, DecodeError> {
        Ok(i32::from_be_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, DecodeError> {
        Ok(i64::from_be_bytes(self.array()?))
    }

    /// Unsigned LEB128 varint, at most 5 bytes (a u32), as Kafka's `ByteUtils.readUnsignedVarint`.
    pub(crate) fn uvarint(&mut self) -> Result<u32, DecodeError> {
        let mut value: u32 = 0;
        for i in 0..5 {
            let byte = self.array::<1>()?[0];
            value |= u32::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(DecodeError::Malformed("varint longer than 5 bytes"))
    }

    fn utf8(&mut self, len: usize) -> Result<String, DecodeError> {
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| DecodeError::Malformed("string is not UTF-8"))
    }

    /// int16 length, -1 = null.
    pub(crate) fn nullable_string(&mut self) -> Result<Option<String>, DecodeError> {
        let len = self.i16()?;
        if len < 0 {
            return if len == -1 {
                Ok(None)
            } else {
                Err(DecodeError::Malformed("negative string length"))
            };
        }
        self.utf8(len as usize).map(Some)
    }

    pub(crate) fn string(&mut self) -> Result<String, DecodeError> {
        self.nullable_string()?
            .ok_or(DecodeError::Malformed("null in a non-nullable string"))
    }

    /// uvarint length + 1, 0 = null.
    pub(crate) fn compact_nullable_string(&mut self) -> Result<Option<String>, DecodeError> {
        match self.uvarint()? {
            0 => Ok(None),
            // As Kafka's readers: a string longer than an int16 length could express is refused,
            // so every decoded string can be written back in any version.
            n if (n - 1) as usize > STRING_BYTES_MAX => {
                Err(DecodeError::Malformed("string longer than 32767 bytes"))
            }
            n => self.utf8((n - 1) as usize).map(Some),
        }
    }

    pub(crate) fn compact_string(&mut self) -> Result<String, DecodeError> {
        self.compact_nullable_string()?
            .ok_or(DecodeError::Malformed("null in a non-nullable string"))
    }

    /// int32 length; null is read as empty (the schemas' byte fields are not nullable).
    pub(crate) fn bytes(&mut self) -> Result<Vec<u8>, DecodeError> {
        let len = self.i32()?;
        if len < 0 {
            return Err(DecodeError::Malformed("negative bytes length"));
        }
        Ok(self.take(len as usize)?.to_vec())
    }

    pub(crate) fn compact_bytes(&mut self) -> Result<Vec<u8>, DecodeError> {
        match self.uvarint()? {
            0 => Err(DecodeError::Malformed("null in non-nullable bytes")),
            n if (n - 1) > i32::MAX as u32 => {
                Err(DecodeError::Malformed("bytes longer than i32::MAX"))
            }
            n => Ok(self.take((n - 1) as usize)?.to_vec()),
        }
    }

    /// int32 element count. A count larger than the bytes left cannot be honest (every element takes
    /// at least one byte), so it is refused before anything is allocated for it.
    pub(crate) fn array_len(&mut self) -> Result<usize, DecodeError> {
        let len = self.i32()?;
        self.checked_count(
            len.try_into()
                .map_err(|_| DecodeError::Malformed("negative array length"))?,
        )
    }

    pub(crate) fn compact_array_len(&mut self) -> Result<usize, DecodeError> {
        match self.uvarint()? {
            0 => Err(DecodeError::Malformed("null array")),
            n => self.checked_count((n - 1) as usize),
        }
    }

    fn checked_count(&self, count: usize) -> Result<usize, DecodeError> {
        if count > self.remaining() {
            return Err(DecodeError::Truncated);
        }
        Ok(count)
    }

    /// Skips a tagged-field section (flexible versions); no tag in these schemas is needed here.
    pub(crate) fn skip_tagged_fields(&mut self) -> Result<(), DecodeError> {
        self.tagged_fields(|_, _| Ok(()))
    }

    /// Reads a tagged-field section, handing each (tag, field bytes) to `field`.
    pub(crate) fn tagged_fields(
        &mut self,
        mut field: impl FnMut(u32, &'a [u8]) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        let count = self.uvarint()?;
        for _ in 0..count {
            let tag = self.uvarint()?;
            let size = self.uvarint()? as usize;
            field(tag, self.take(size)?)?;
        }
        Ok(())
    }

    pub(crate) fn i8(&mut self) -> Result<i8, DecodeError> {
        Ok(i8::from_be_bytes(self.array()?))
    }

    pub(crate) fn uuid(&mut self) -> Result<[u8; 16], DecodeError> {
        self.array()
    }

    /// A compact array of int32s.
    pub(crate) fn compact_i32s(&mut self) -> Result<Vec<i32>, DecodeError> {
        let count = self.compact_array_len()?;
        (0..count).map(|_| self.i32()).collect()
    }

    /// A compact array of compact strings.
    pub(crate) fn compact_strings(&mut self) -> Result<Vec<String>, DecodeError> {
        let count = self.compact_array_len()?;
        (0..count).map(|_| self.compact_string()).collect()
    }
}

/// Appends Kafka encodings to a byte vector.
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Writer { bytes: Vec::new() }
    }

    pub(crate) fn i16(&mut self, v: i16) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    pub(crate) fn i32(&mut self, v: i32) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    pub(crate) fn i64(&mut self, v: i64) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    /// Strings longer than i16::MAX cannot be represented; the coordinator's limits (group id,
    /// member id, metadata bytes) keep them far below, so a longer one is a broken invariant.
    pub(crate) fn nullable_string(&mut self, v: Option<&str>) {
        match v {
            None => self.i16(-1),
            Some(s) => {
                let len = i16::try_from(s.len()).expect("string longer than i16::MAX in a record");
                self.i16(len);
                self.bytes.extend_from_slice(s.as_bytes());
            }
        }
    }

    pub(crate) fn string(&mut self, v: &str) {
        self.nullable_string(Some(v));
    }

    pub(crate) fn bytes(&mut self, v: &[u8]) {
        let len = i32::try_from(v.len()).expect("bytes longer than i32::MAX in a record");
        self.i32(len);
        self.bytes.extend_from_slice(v);
    }

    pub(crate) fn array_len(&mut self, len: usize) {
        self.i32(i32::try_from(len).expect("array longer than i32::MAX in a record"));
    }

    pub(crate) fn i8(&mut self, v: i8) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    pub(crate) fn uuid(&mut self, v: &[u8; 16]) {
        self.bytes.extend_from_slice(v);
    }

    pub(crate) fn uvarint(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// Same limit as [`Writer::nullable_string`]: the coordinator never builds longer strings.
    pub(crate) fn compact_nullable_string(&mut self, v: Option<&str>) {
        match v {
            None => self.uvarint(0),
            Some(s) => {
                assert!(s.len() <= STRING_BYTES_MAX, "string too long for a record");
                self.uvarint(s.len() as u32 + 1);
                self.bytes.extend_from_slice(s.as_bytes());
            }
        }
    }

    pub(crate) fn compact_string(&mut self, v: &str) {
        self.compact_nullable_string(Some(v));
    }

    pub(crate) fn compact_array_len(&mut self, len: usize) {
        let len = u32::try_from(len).expect("array longer than u32::MAX in a record");
        self.uvarint(len.saturating_add(1));
    }

    pub(crate) fn compact_i32s(&mut self, values: impl ExactSizeIterator<Item = i32>) {
        self.compact_array_len(values.len());
        for v in values {
            self.i32(v);
        }
    }

    /// A tagged-field section with the given (tag, bytes) fields, in ascending tag order.
    pub(crate) fn tagged_fields(&mut self, fields: &[(u32, &[u8])]) {
        self.uvarint(fields.len() as u32);
        for (tag, bytes) in fields {
            self.uvarint(*tag);
            self.uvarint(u32::try_from(bytes.len()).expect("tagged field too long"));
            self.bytes.extend_from_slice(bytes);
        }
    }
}
