pub use root::*;

const _: () = ::planus::check_version_compatibility("planus-1.3.0");

/// The root namespace
///
/// Generated from these locations:
/// * File `metadata.fbs`
#[no_implicit_prelude]
#[allow(clippy::needless_lifetimes)]
mod root {
    /// The namespace `sluice`
    ///
    /// Generated from these locations:
    /// * File `metadata.fbs`
    pub mod sluice {
        /// The namespace `sluice.metadata`
        ///
        /// Generated from these locations:
        /// * File `metadata.fbs`
        pub mod metadata {
            ///  A 128-bit id (topic id, broker incarnation id) as Kafka's Uuid: two big-endian halves.
            ///
            /// Generated from these locations:
            /// * Struct `Uuid` in the file `metadata.fbs:10`
            #[derive(
                Copy,
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                Default,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Uuid {
                /// The field `most_significant_bits` in the struct `Uuid`
                pub most_significant_bits: u64,

                /// The field `least_significant_bits` in the struct `Uuid`
                pub least_significant_bits: u64,
            }

            /// # Safety
            /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
            unsafe impl ::planus::Primitive for Uuid {
                const ALIGNMENT: usize = 8;
                const SIZE: usize = 16;
            }

            #[allow(clippy::identity_op)]
            impl ::planus::WriteAsPrimitive<Uuid> for Uuid {
                #[inline]
                fn write<const N: usize>(
                    &self,
                    cursor: ::planus::Cursor<'_, N>,
                    buffer_position: u32,
                ) {
                    let (cur, cursor) = cursor.split::<8, 8>();
                    self.most_significant_bits.write(cur, buffer_position - 0);
                    let (cur, cursor) = cursor.split::<8, 0>();
                    self.least_significant_bits.write(cur, buffer_position - 8);
                    cursor.finish([]);
                }
            }

            impl ::planus::WriteAsOffset<Uuid> for Uuid {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Uuid> {
                    unsafe {
                        builder.write_with(16, 7, |buffer_position, bytes| {
                            let bytes = bytes.as_mut_ptr();

                            ::planus::WriteAsPrimitive::write(
                                self,
                                ::planus::Cursor::new(
                                    &mut *(bytes as *mut [::core::mem::MaybeUninit<u8>; 16]),
                                ),
                                buffer_position,
                            );
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<Uuid> for Uuid {
                type Prepared = Self;
                #[inline]
                fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                    *self
                }
            }

            impl ::planus::WriteAsOptional<Uuid> for Uuid {
                type Prepared = Self;
                #[inline]
                fn prepare(
                    &self,
                    _builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<Self> {
                    ::core::option::Option::Some(*self)
                }
            }

            /// Reference to a deserialized [Uuid].
            #[derive(Copy, Clone)]
            pub struct UuidRef<'a>(::planus::ArrayWithStartOffset<'a, 16>);

            impl<'a> UuidRef<'a> {
                /// Getter for the [`most_significant_bits` field](Uuid#structfield.most_significant_bits).
                pub fn most_significant_bits(&self) -> u64 {
                    let buffer = self.0.advance_as_array::<8>(0).unwrap();

                    u64::from_le_bytes(*buffer.as_array())
                }

                /// Getter for the [`least_significant_bits` field](Uuid#structfield.least_significant_bits).
                pub fn least_significant_bits(&self) -> u64 {
                    let buffer = self.0.advance_as_array::<8>(8).unwrap();

                    u64::from_le_bytes(*buffer.as_array())
                }
            }

            impl<'a> ::core::fmt::Debug for UuidRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("UuidRef");
                    f.field("most_significant_bits", &self.most_significant_bits());
                    f.field("least_significant_bits", &self.least_significant_bits());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::From<::planus::ArrayWithStartOffset<'a, 16>> for UuidRef<'a> {
                fn from(array: ::planus::ArrayWithStartOffset<'a, 16>) -> Self {
                    Self(array)
                }
            }

            impl<'a> ::core::convert::From<UuidRef<'a>> for Uuid {
                #[allow(unreachable_code)]
                fn from(value: UuidRef<'a>) -> Self {
                    Self {
                        most_significant_bits: value.most_significant_bits(),
                        least_significant_bits: value.least_significant_bits(),
                    }
                }
            }

            impl<'a, 'b> ::core::cmp::PartialEq<UuidRef<'a>> for UuidRef<'b> {
                fn eq(&self, other: &UuidRef<'_>) -> bool {
                    self.most_significant_bits() == other.most_significant_bits()
                        && self.least_significant_bits() == other.least_significant_bits()
                }
            }

            impl<'a> ::core::cmp::Eq for UuidRef<'a> {}
            impl<'a, 'b> ::core::cmp::PartialOrd<UuidRef<'a>> for UuidRef<'b> {
                fn partial_cmp(
                    &self,
                    other: &UuidRef<'_>,
                ) -> ::core::option::Option<::core::cmp::Ordering> {
                    ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
                }
            }

            impl<'a> ::core::cmp::Ord for UuidRef<'a> {
                fn cmp(&self, other: &UuidRef<'_>) -> ::core::cmp::Ordering {
                    self.most_significant_bits()
                        .cmp(&other.most_significant_bits())
                        .then_with(|| {
                            self.least_significant_bits()
                                .cmp(&other.least_significant_bits())
                        })
                }
            }

            impl<'a> ::core::hash::Hash for UuidRef<'a> {
                fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                    self.most_significant_bits().hash(state);
                    self.least_significant_bits().hash(state);
                }
            }

            impl<'a> ::planus::TableRead<'a> for UuidRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    let buffer = buffer.advance_as_array::<16>(offset)?;
                    ::core::result::Result::Ok(Self(buffer))
                }
            }

            impl<'a> ::planus::VectorRead<'a> for UuidRef<'a> {
                const STRIDE: usize = 16;

                #[inline]
                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> Self {
                    Self(unsafe { buffer.unchecked_advance_as_array(offset) })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<Uuid> for Uuid {
                const STRIDE: usize = 16;

                type Value = Uuid;

                #[inline]
                fn prepare(&self, _builder: &mut ::planus::Builder) -> Self::Value {
                    *self
                }

                #[inline]
                unsafe fn write_values(
                    values: &[Uuid],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 16];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (16 * i) as u32,
                        );
                    }
                }
            }

            ///  A listener a broker advertises (`advertised.listeners`).
            ///
            /// Generated from these locations:
            /// * Table `BrokerEndpoint` in the file `metadata.fbs:16`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct BrokerEndpoint {
                /// The field `name` in the table `BrokerEndpoint`
                pub name: ::planus::alloc::string::String,
                /// The field `host` in the table `BrokerEndpoint`
                pub host: ::planus::alloc::string::String,
                /// The field `port` in the table `BrokerEndpoint`
                pub port: u16,
                ///  Kafka's SecurityProtocol id: 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL.
                pub security_protocol: i16,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for BrokerEndpoint {
                fn default() -> Self {
                    Self {
                        name: ::core::default::Default::default(),
                        host: ::core::default::Default::default(),
                        port: 0,
                        security_protocol: 0,
                    }
                }
            }

            impl BrokerEndpoint {
                /// Creates a [BrokerEndpointBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> BrokerEndpointBuilder<()> {
                    BrokerEndpointBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_host: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_port: impl ::planus::WriteAsDefault<u16, u16>,
                    field_security_protocol: impl ::planus::WriteAsDefault<i16, i16>,
                ) -> ::planus::Offset<Self> {
                    let prepared_name = field_name.prepare(builder);
                    let prepared_host = field_host.prepare(builder);
                    let prepared_port = field_port.prepare(builder, &0);
                    let prepared_security_protocol = field_security_protocol.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<12> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                    if prepared_port.is_some() {
                        table_writer.write_entry::<u16>(2);
                    }
                    if prepared_security_protocol.is_some() {
                        table_writer.write_entry::<i16>(3);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_name);
                            object_writer.write::<_, _, 4>(&prepared_host);
                            if let ::core::option::Option::Some(prepared_port) = prepared_port {
                                object_writer.write::<_, _, 2>(&prepared_port);
                            }
                            if let ::core::option::Option::Some(prepared_security_protocol) =
                                prepared_security_protocol
                            {
                                object_writer.write::<_, _, 2>(&prepared_security_protocol);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<BrokerEndpoint>> for BrokerEndpoint {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerEndpoint> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<BrokerEndpoint>> for BrokerEndpoint {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<BrokerEndpoint>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<BrokerEndpoint> for BrokerEndpoint {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerEndpoint> {
                    BrokerEndpoint::create(
                        builder,
                        &self.name,
                        &self.host,
                        self.port,
                        self.security_protocol,
                    )
                }
            }

            /// Builder for serializing an instance of the [BrokerEndpoint] type.
            ///
            /// Can be created using the [BrokerEndpoint::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct BrokerEndpointBuilder<State>(State);

            impl BrokerEndpointBuilder<()> {
                /// Setter for the [`name` field](BrokerEndpoint#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T0>(self, value: T0) -> BrokerEndpointBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    BrokerEndpointBuilder((value,))
                }
            }

            impl<T0> BrokerEndpointBuilder<(T0,)> {
                /// Setter for the [`host` field](BrokerEndpoint#structfield.host).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn host<T1>(self, value: T1) -> BrokerEndpointBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0,) = self.0;
                    BrokerEndpointBuilder((v0, value))
                }
            }

            impl<T0, T1> BrokerEndpointBuilder<(T0, T1)> {
                /// Setter for the [`port` field](BrokerEndpoint#structfield.port).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn port<T2>(self, value: T2) -> BrokerEndpointBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<u16, u16>,
                {
                    let (v0, v1) = self.0;
                    BrokerEndpointBuilder((v0, v1, value))
                }

                /// Sets the [`port` field](BrokerEndpoint#structfield.port) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn port_as_default(
                    self,
                ) -> BrokerEndpointBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.port(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> BrokerEndpointBuilder<(T0, T1, T2)> {
                /// Setter for the [`security_protocol` field](BrokerEndpoint#structfield.security_protocol).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn security_protocol<T3>(
                    self,
                    value: T3,
                ) -> BrokerEndpointBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0, v1, v2) = self.0;
                    BrokerEndpointBuilder((v0, v1, v2, value))
                }

                /// Sets the [`security_protocol` field](BrokerEndpoint#structfield.security_protocol) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn security_protocol_as_default(
                    self,
                ) -> BrokerEndpointBuilder<(T0, T1, T2, ::planus::DefaultValue)> {
                    self.security_protocol(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3> BrokerEndpointBuilder<(T0, T1, T2, T3)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BrokerEndpoint].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerEndpoint>
                where
                    Self: ::planus::WriteAsOffset<BrokerEndpoint>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<u16, u16>,
                    T3: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAs<::planus::Offset<BrokerEndpoint>>
                for BrokerEndpointBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<BrokerEndpoint>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerEndpoint> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<u16, u16>,
                    T3: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAsOptional<::planus::Offset<BrokerEndpoint>>
                for BrokerEndpointBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<BrokerEndpoint>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<BrokerEndpoint>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<u16, u16>,
                    T3: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAsOffset<BrokerEndpoint>
                for BrokerEndpointBuilder<(T0, T1, T2, T3)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerEndpoint> {
                    let (v0, v1, v2, v3) = &self.0;
                    BrokerEndpoint::create(builder, v0, v1, v2, v3)
                }
            }

            /// Reference to a deserialized [BrokerEndpoint].
            #[derive(Copy, Clone)]
            pub struct BrokerEndpointRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> BrokerEndpointRef<'a> {
                /// Getter for the [`name` field](BrokerEndpoint#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "BrokerEndpoint", "name")
                }

                /// Getter for the [`host` field](BrokerEndpoint#structfield.host).
                #[inline]
                pub fn host(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(1, "BrokerEndpoint", "host")
                }

                /// Getter for the [`port` field](BrokerEndpoint#structfield.port).
                #[inline]
                pub fn port(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(2, "BrokerEndpoint", "port")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`security_protocol` field](BrokerEndpoint#structfield.security_protocol).
                #[inline]
                pub fn security_protocol(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(3, "BrokerEndpoint", "security_protocol")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for BrokerEndpointRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("BrokerEndpointRef");
                    f.field("name", &self.name());
                    f.field("host", &self.host());
                    f.field("port", &self.port());
                    f.field("security_protocol", &self.security_protocol());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<BrokerEndpointRef<'a>> for BrokerEndpoint {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: BrokerEndpointRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        name: ::core::convert::Into::into(value.name()?),
                        host: ::core::convert::Into::into(value.host()?),
                        port: ::core::convert::TryInto::try_into(value.port()?)?,
                        security_protocol: ::core::convert::TryInto::try_into(
                            value.security_protocol()?,
                        )?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for BrokerEndpointRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for BrokerEndpointRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[BrokerEndpointRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<BrokerEndpoint>> for BrokerEndpoint {
                type Value = ::planus::Offset<BrokerEndpoint>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<BrokerEndpoint>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for BrokerEndpointRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[BrokerEndpointRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A broker joined (or rejoined) the cluster (Kafka's RegisterBrokerRecord).
            ///
            /// Generated from these locations:
            /// * Table `RegisterBroker` in the file `metadata.fbs:25`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct RegisterBroker {
                /// The field `version` in the table `RegisterBroker`
                pub version: u16,
                /// The field `node_id` in the table `RegisterBroker`
                pub node_id: i32,
                /// The field `listeners` in the table `RegisterBroker`
                pub listeners: ::planus::alloc::vec::Vec<self::BrokerEndpoint>,
                /// The field `rack` in the table `RegisterBroker`
                pub rack: ::core::option::Option<::planus::alloc::string::String>,
                /// The field `num_shards` in the table `RegisterBroker`
                pub num_shards: u16,
                /// The field `incarnation_id` in the table `RegisterBroker`
                pub incarnation_id: self::Uuid,
                /// The field `broker_epoch` in the table `RegisterBroker`
                pub broker_epoch: i64,
                /// The field `fenced` in the table `RegisterBroker`
                pub fenced: bool,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for RegisterBroker {
                fn default() -> Self {
                    Self {
                        version: 0,
                        node_id: 0,
                        listeners: ::core::default::Default::default(),
                        rack: ::core::default::Default::default(),
                        num_shards: 0,
                        incarnation_id: ::core::default::Default::default(),
                        broker_epoch: 0,
                        fenced: false,
                    }
                }
            }

            impl RegisterBroker {
                /// Creates a [RegisterBrokerBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RegisterBrokerBuilder<()> {
                    RegisterBrokerBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_node_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_listeners: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>,
                    >,
                    field_rack: impl ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    field_num_shards: impl ::planus::WriteAsDefault<u16, u16>,
                    field_incarnation_id: impl ::planus::WriteAs<self::Uuid>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                    field_fenced: impl ::planus::WriteAsDefault<bool, bool>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_node_id = field_node_id.prepare(builder, &0);
                    let prepared_listeners = field_listeners.prepare(builder);
                    let prepared_rack = field_rack.prepare(builder);
                    let prepared_num_shards = field_num_shards.prepare(builder, &0);
                    let prepared_incarnation_id = field_incarnation_id.prepare(builder);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &0);
                    let prepared_fenced = field_fenced.prepare(builder, &false);

                    let mut table_writer: ::planus::table_writer::TableWriter<20> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(5);
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(6);
                    }
                    if prepared_node_id.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>(
                            2,
                        );
                    if prepared_rack.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(3);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_num_shards.is_some() {
                        table_writer.write_entry::<u16>(4);
                    }
                    if prepared_fenced.is_some() {
                        table_writer.write_entry::<bool>(7);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_incarnation_id);
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_node_id) = prepared_node_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_node_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_listeners);
                            if let ::core::option::Option::Some(prepared_rack) = prepared_rack {
                                object_writer.write::<_, _, 4>(&prepared_rack);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_num_shards) =
                                prepared_num_shards
                            {
                                object_writer.write::<_, _, 2>(&prepared_num_shards);
                            }
                            if let ::core::option::Option::Some(prepared_fenced) = prepared_fenced {
                                object_writer.write::<_, _, 1>(&prepared_fenced);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RegisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<RegisterBroker> for RegisterBroker {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    RegisterBroker::create(
                        builder,
                        self.version,
                        self.node_id,
                        &self.listeners,
                        &self.rack,
                        self.num_shards,
                        self.incarnation_id,
                        self.broker_epoch,
                        self.fenced,
                    )
                }
            }

            /// Builder for serializing an instance of the [RegisterBroker] type.
            ///
            /// Can be created using the [RegisterBroker::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RegisterBrokerBuilder<State>(State);

            impl RegisterBrokerBuilder<()> {
                /// Setter for the [`version` field](RegisterBroker#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> RegisterBrokerBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    RegisterBrokerBuilder((value,))
                }

                /// Sets the [`version` field](RegisterBroker#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(
                    self,
                ) -> RegisterBrokerBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> RegisterBrokerBuilder<(T0,)> {
                /// Setter for the [`node_id` field](RegisterBroker#structfield.node_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id<T1>(self, value: T1) -> RegisterBrokerBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    RegisterBrokerBuilder((v0, value))
                }

                /// Sets the [`node_id` field](RegisterBroker#structfield.node_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id_as_default(
                    self,
                ) -> RegisterBrokerBuilder<(T0, ::planus::DefaultValue)> {
                    self.node_id(::planus::DefaultValue)
                }
            }

            impl<T0, T1> RegisterBrokerBuilder<(T0, T1)> {
                /// Setter for the [`listeners` field](RegisterBroker#structfield.listeners).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn listeners<T2>(self, value: T2) -> RegisterBrokerBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>,
                    >,
                {
                    let (v0, v1) = self.0;
                    RegisterBrokerBuilder((v0, v1, value))
                }
            }

            impl<T0, T1, T2> RegisterBrokerBuilder<(T0, T1, T2)> {
                /// Setter for the [`rack` field](RegisterBroker#structfield.rack).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn rack<T3>(self, value: T3) -> RegisterBrokerBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0, v1, v2) = self.0;
                    RegisterBrokerBuilder((v0, v1, v2, value))
                }

                /// Sets the [`rack` field](RegisterBroker#structfield.rack) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn rack_as_null(self) -> RegisterBrokerBuilder<(T0, T1, T2, ())> {
                    self.rack(())
                }
            }

            impl<T0, T1, T2, T3> RegisterBrokerBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`num_shards` field](RegisterBroker#structfield.num_shards).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn num_shards<T4>(
                    self,
                    value: T4,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<u16, u16>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    RegisterBrokerBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`num_shards` field](RegisterBroker#structfield.num_shards) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn num_shards_as_default(
                    self,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)>
                {
                    self.num_shards(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> RegisterBrokerBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`incarnation_id` field](RegisterBroker#structfield.incarnation_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn incarnation_id<T5>(
                    self,
                    value: T5,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    RegisterBrokerBuilder((v0, v1, v2, v3, v4, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Setter for the [`broker_epoch` field](RegisterBroker#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T6>(
                    self,
                    value: T6,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6)>
                where
                    T6: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0, v1, v2, v3, v4, v5) = self.0;
                    RegisterBrokerBuilder((v0, v1, v2, v3, v4, v5, value))
                }

                /// Sets the [`broker_epoch` field](RegisterBroker#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, ::planus::DefaultValue)>
                {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
                /// Setter for the [`fenced` field](RegisterBroker#structfield.fenced).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn fenced<T7>(
                    self,
                    value: T7,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
                where
                    T7: ::planus::WriteAsDefault<bool, bool>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                    RegisterBrokerBuilder((v0, v1, v2, v3, v4, v5, v6, value))
                }

                /// Sets the [`fenced` field](RegisterBroker#structfield.fenced) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn fenced_as_default(
                    self,
                ) -> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, ::planus::DefaultValue)>
                {
                    self.fenced(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7> RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RegisterBroker].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker>
                where
                    Self: ::planus::WriteAsOffset<RegisterBroker>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T4: ::planus::WriteAsDefault<u16, u16>,
                    T5: ::planus::WriteAs<self::Uuid>,
                    T6: ::planus::WriteAsDefault<i64, i64>,
                    T7: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAs<::planus::Offset<RegisterBroker>>
                for RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                type Prepared = ::planus::Offset<RegisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T4: ::planus::WriteAsDefault<u16, u16>,
                    T5: ::planus::WriteAs<self::Uuid>,
                    T6: ::planus::WriteAsDefault<i64, i64>,
                    T7: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOptional<::planus::Offset<RegisterBroker>>
                for RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                type Prepared = ::planus::Offset<RegisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RegisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T4: ::planus::WriteAsDefault<u16, u16>,
                    T5: ::planus::WriteAs<self::Uuid>,
                    T6: ::planus::WriteAsDefault<i64, i64>,
                    T7: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOffset<RegisterBroker>
                for RegisterBrokerBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    let (v0, v1, v2, v3, v4, v5, v6, v7) = &self.0;
                    RegisterBroker::create(builder, v0, v1, v2, v3, v4, v5, v6, v7)
                }
            }

            /// Reference to a deserialized [RegisterBroker].
            #[derive(Copy, Clone)]
            pub struct RegisterBrokerRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RegisterBrokerRef<'a> {
                /// Getter for the [`version` field](RegisterBroker#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "RegisterBroker", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`node_id` field](RegisterBroker#structfield.node_id).
                #[inline]
                pub fn node_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "RegisterBroker", "node_id")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`listeners` field](RegisterBroker#structfield.listeners).
                #[inline]
                pub fn listeners(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::BrokerEndpointRef<'a>>>,
                > {
                    self.0.access_required(2, "RegisterBroker", "listeners")
                }

                /// Getter for the [`rack` field](RegisterBroker#structfield.rack).
                #[inline]
                pub fn rack(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(3, "RegisterBroker", "rack")
                }

                /// Getter for the [`num_shards` field](RegisterBroker#structfield.num_shards).
                #[inline]
                pub fn num_shards(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "RegisterBroker", "num_shards")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`incarnation_id` field](RegisterBroker#structfield.incarnation_id).
                #[inline]
                pub fn incarnation_id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0
                        .access_required(5, "RegisterBroker", "incarnation_id")
                }

                /// Getter for the [`broker_epoch` field](RegisterBroker#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(6, "RegisterBroker", "broker_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`fenced` field](RegisterBroker#structfield.fenced).
                #[inline]
                pub fn fenced(&self) -> ::planus::Result<bool> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(7, "RegisterBroker", "fenced")?
                            .unwrap_or(false),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for RegisterBrokerRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RegisterBrokerRef");
                    f.field("version", &self.version());
                    f.field("node_id", &self.node_id());
                    f.field("listeners", &self.listeners());
                    if let ::core::option::Option::Some(field_rack) = self.rack().transpose() {
                        f.field("rack", &field_rack);
                    }
                    f.field("num_shards", &self.num_shards());
                    f.field("incarnation_id", &self.incarnation_id());
                    f.field("broker_epoch", &self.broker_epoch());
                    f.field("fenced", &self.fenced());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RegisterBrokerRef<'a>> for RegisterBroker {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RegisterBrokerRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        node_id: ::core::convert::TryInto::try_into(value.node_id()?)?,
                        listeners: value.listeners()?.to_vec_result()?,
                        rack: value.rack()?.map(::core::convert::Into::into),
                        num_shards: ::core::convert::TryInto::try_into(value.num_shards()?)?,
                        incarnation_id: ::core::convert::Into::into(value.incarnation_id()?),
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                        fenced: ::core::convert::TryInto::try_into(value.fenced()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RegisterBrokerRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RegisterBrokerRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RegisterBrokerRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Value = ::planus::Offset<RegisterBroker>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<RegisterBroker>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RegisterBrokerRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RegisterBrokerRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A topic's name and id (Kafka's TopicRecord).
            ///
            /// Generated from these locations:
            /// * Table `Topic` in the file `metadata.fbs:37`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Topic {
                /// The field `version` in the table `Topic`
                pub version: u16,
                /// The field `name` in the table `Topic`
                pub name: ::planus::alloc::string::String,
                /// The field `id` in the table `Topic`
                pub id: self::Uuid,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for Topic {
                fn default() -> Self {
                    Self {
                        version: 0,
                        name: ::core::default::Default::default(),
                        id: ::core::default::Default::default(),
                    }
                }
            }

            impl Topic {
                /// Creates a [TopicBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> TopicBuilder<()> {
                    TopicBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_id: impl ::planus::WriteAs<self::Uuid>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_name = field_name.prepare(builder);
                    let prepared_id = field_id.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(2);
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_id);
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Topic>> for Topic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Topic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Topic>> for Topic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Topic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Topic> for Topic {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Topic> {
                    Topic::create(builder, self.version, &self.name, self.id)
                }
            }

            /// Builder for serializing an instance of the [Topic] type.
            ///
            /// Can be created using the [Topic::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct TopicBuilder<State>(State);

            impl TopicBuilder<()> {
                /// Setter for the [`version` field](Topic#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> TopicBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    TopicBuilder((value,))
                }

                /// Sets the [`version` field](Topic#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> TopicBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> TopicBuilder<(T0,)> {
                /// Setter for the [`name` field](Topic#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T1>(self, value: T1) -> TopicBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0,) = self.0;
                    TopicBuilder((v0, value))
                }
            }

            impl<T0, T1> TopicBuilder<(T0, T1)> {
                /// Setter for the [`id` field](Topic#structfield.id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id<T2>(self, value: T2) -> TopicBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0, v1) = self.0;
                    TopicBuilder((v0, v1, value))
                }
            }

            impl<T0, T1, T2> TopicBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Topic].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Topic>
                where
                    Self: ::planus::WriteAsOffset<Topic>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAs<self::Uuid>,
                > ::planus::WriteAs<::planus::Offset<Topic>> for TopicBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<Topic>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Topic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAs<self::Uuid>,
                > ::planus::WriteAsOptional<::planus::Offset<Topic>>
                for TopicBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<Topic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Topic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAs<self::Uuid>,
                > ::planus::WriteAsOffset<Topic> for TopicBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Topic> {
                    let (v0, v1, v2) = &self.0;
                    Topic::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [Topic].
            #[derive(Copy, Clone)]
            pub struct TopicRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> TopicRef<'a> {
                /// Getter for the [`version` field](Topic#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(self.0.access(0, "Topic", "version")?.unwrap_or(0))
                }

                /// Getter for the [`name` field](Topic#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(1, "Topic", "name")
                }

                /// Getter for the [`id` field](Topic#structfield.id).
                #[inline]
                pub fn id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0.access_required(2, "Topic", "id")
                }
            }

            impl<'a> ::core::fmt::Debug for TopicRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("TopicRef");
                    f.field("version", &self.version());
                    f.field("name", &self.name());
                    f.field("id", &self.id());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<TopicRef<'a>> for Topic {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: TopicRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        name: ::core::convert::Into::into(value.name()?),
                        id: ::core::convert::Into::into(value.id()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for TopicRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for TopicRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[TopicRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Topic>> for Topic {
                type Value = ::planus::Offset<Topic>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Topic>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for TopicRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[TopicRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A partition's full state (Kafka's PartitionRecord) and the shard owning it on its leader.
            ///
            /// Generated from these locations:
            /// * Table `Partition` in the file `metadata.fbs:44`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Partition {
                /// The field `version` in the table `Partition`
                pub version: u16,
                /// The field `topic_id` in the table `Partition`
                pub topic_id: self::Uuid,
                /// The field `partition` in the table `Partition`
                pub partition: i32,
                /// The field `leader` in the table `Partition`
                pub leader: i32,
                /// The field `leader_epoch` in the table `Partition`
                pub leader_epoch: i32,
                /// The field `replicas` in the table `Partition`
                pub replicas: ::planus::alloc::vec::Vec<i32>,
                /// The field `isr` in the table `Partition`
                pub isr: ::planus::alloc::vec::Vec<i32>,
                ///  The first replica's shard (the leader's when the partition was created); readers before
                ///  `shards` existed use it.
                pub shard: u16,
                ///  Bumped on every change of leader, ISR, replicas or ELR (Kafka's partitionEpoch).
                pub partition_epoch: i32,
                ///  The shard of each replica on its own node, aligned with `replicas`; absent in records
                ///  written before it existed (then `shard` is the only one known).
                pub shards: ::core::option::Option<::planus::alloc::vec::Vec<u16>>,
                ///  KIP-966 eligible leader replicas and last known ELR.
                pub elr: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                /// The field `last_known_elr` in the table `Partition`
                pub last_known_elr: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                ///  0 recovered, 1 recovering (after an unclean election).
                pub leader_recovery_state: i8,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for Partition {
                fn default() -> Self {
                    Self {
                        version: 0,
                        topic_id: ::core::default::Default::default(),
                        partition: 0,
                        leader: 0,
                        leader_epoch: 0,
                        replicas: ::core::default::Default::default(),
                        isr: ::core::default::Default::default(),
                        shard: 0,
                        partition_epoch: 0,
                        shards: ::core::default::Default::default(),
                        elr: ::core::default::Default::default(),
                        last_known_elr: ::core::default::Default::default(),
                        leader_recovery_state: 0,
                    }
                }
            }

            impl Partition {
                /// Creates a [PartitionBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> PartitionBuilder<()> {
                    PartitionBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_topic_id: impl ::planus::WriteAs<self::Uuid>,
                    field_partition: impl ::planus::WriteAsDefault<i32, i32>,
                    field_leader: impl ::planus::WriteAsDefault<i32, i32>,
                    field_leader_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_replicas: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                    field_isr: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                    field_shard: impl ::planus::WriteAsDefault<u16, u16>,
                    field_partition_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_shards: impl ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                    field_elr: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_last_known_elr: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_leader_recovery_state: impl ::planus::WriteAsDefault<i8, i8>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_topic_id = field_topic_id.prepare(builder);
                    let prepared_partition = field_partition.prepare(builder, &0);
                    let prepared_leader = field_leader.prepare(builder, &0);
                    let prepared_leader_epoch = field_leader_epoch.prepare(builder, &0);
                    let prepared_replicas = field_replicas.prepare(builder);
                    let prepared_isr = field_isr.prepare(builder);
                    let prepared_shard = field_shard.prepare(builder, &0);
                    let prepared_partition_epoch = field_partition_epoch.prepare(builder, &0);
                    let prepared_shards = field_shards.prepare(builder);
                    let prepared_elr = field_elr.prepare(builder);
                    let prepared_last_known_elr = field_last_known_elr.prepare(builder);
                    let prepared_leader_recovery_state =
                        field_leader_recovery_state.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<30> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(1);
                    if prepared_partition.is_some() {
                        table_writer.write_entry::<i32>(2);
                    }
                    if prepared_leader.is_some() {
                        table_writer.write_entry::<i32>(3);
                    }
                    if prepared_leader_epoch.is_some() {
                        table_writer.write_entry::<i32>(4);
                    }
                    table_writer.write_entry::<::planus::Offset<[i32]>>(5);
                    table_writer.write_entry::<::planus::Offset<[i32]>>(6);
                    if prepared_partition_epoch.is_some() {
                        table_writer.write_entry::<i32>(8);
                    }
                    if prepared_shards.is_some() {
                        table_writer.write_entry::<::planus::Offset<[u16]>>(9);
                    }
                    if prepared_elr.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(10);
                    }
                    if prepared_last_known_elr.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(11);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_shard.is_some() {
                        table_writer.write_entry::<u16>(7);
                    }
                    if prepared_leader_recovery_state.is_some() {
                        table_writer.write_entry::<i8>(12);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_topic_id);
                            if let ::core::option::Option::Some(prepared_partition) =
                                prepared_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition);
                            }
                            if let ::core::option::Option::Some(prepared_leader) = prepared_leader {
                                object_writer.write::<_, _, 4>(&prepared_leader);
                            }
                            if let ::core::option::Option::Some(prepared_leader_epoch) =
                                prepared_leader_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_leader_epoch);
                            }
                            object_writer.write::<_, _, 4>(&prepared_replicas);
                            object_writer.write::<_, _, 4>(&prepared_isr);
                            if let ::core::option::Option::Some(prepared_partition_epoch) =
                                prepared_partition_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_shards) = prepared_shards {
                                object_writer.write::<_, _, 4>(&prepared_shards);
                            }
                            if let ::core::option::Option::Some(prepared_elr) = prepared_elr {
                                object_writer.write::<_, _, 4>(&prepared_elr);
                            }
                            if let ::core::option::Option::Some(prepared_last_known_elr) =
                                prepared_last_known_elr
                            {
                                object_writer.write::<_, _, 4>(&prepared_last_known_elr);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_shard) = prepared_shard {
                                object_writer.write::<_, _, 2>(&prepared_shard);
                            }
                            if let ::core::option::Option::Some(prepared_leader_recovery_state) =
                                prepared_leader_recovery_state
                            {
                                object_writer.write::<_, _, 1>(&prepared_leader_recovery_state);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Partition>> for Partition {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Partition> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Partition>> for Partition {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Partition>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Partition> for Partition {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Partition> {
                    Partition::create(
                        builder,
                        self.version,
                        self.topic_id,
                        self.partition,
                        self.leader,
                        self.leader_epoch,
                        &self.replicas,
                        &self.isr,
                        self.shard,
                        self.partition_epoch,
                        &self.shards,
                        &self.elr,
                        &self.last_known_elr,
                        self.leader_recovery_state,
                    )
                }
            }

            /// Builder for serializing an instance of the [Partition] type.
            ///
            /// Can be created using the [Partition::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct PartitionBuilder<State>(State);

            impl PartitionBuilder<()> {
                /// Setter for the [`version` field](Partition#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> PartitionBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    PartitionBuilder((value,))
                }

                /// Sets the [`version` field](Partition#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> PartitionBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> PartitionBuilder<(T0,)> {
                /// Setter for the [`topic_id` field](Partition#structfield.topic_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic_id<T1>(self, value: T1) -> PartitionBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0,) = self.0;
                    PartitionBuilder((v0, value))
                }
            }

            impl<T0, T1> PartitionBuilder<(T0, T1)> {
                /// Setter for the [`partition` field](Partition#structfield.partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition<T2>(self, value: T2) -> PartitionBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1) = self.0;
                    PartitionBuilder((v0, v1, value))
                }

                /// Sets the [`partition` field](Partition#structfield.partition) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_as_default(
                    self,
                ) -> PartitionBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.partition(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> PartitionBuilder<(T0, T1, T2)> {
                /// Setter for the [`leader` field](Partition#structfield.leader).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader<T3>(self, value: T3) -> PartitionBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2) = self.0;
                    PartitionBuilder((v0, v1, v2, value))
                }

                /// Sets the [`leader` field](Partition#structfield.leader) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_as_default(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, ::planus::DefaultValue)> {
                    self.leader(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3> PartitionBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`leader_epoch` field](Partition#structfield.leader_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch<T4>(self, value: T4) -> PartitionBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`leader_epoch` field](Partition#structfield.leader_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch_as_default(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)> {
                    self.leader_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> PartitionBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`replicas` field](Partition#structfield.replicas).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replicas<T5>(self, value: T5) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5> PartitionBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Setter for the [`isr` field](Partition#structfield.isr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn isr<T6>(self, value: T6) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6)>
                where
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
                /// Setter for the [`shard` field](Partition#structfield.shard).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shard<T7>(
                    self,
                    value: T7,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
                where
                    T7: ::planus::WriteAsDefault<u16, u16>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, value))
                }

                /// Sets the [`shard` field](Partition#structfield.shard) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shard_as_default(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, ::planus::DefaultValue)>
                {
                    self.shard(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
                /// Setter for the [`partition_epoch` field](Partition#structfield.partition_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch<T8>(
                    self,
                    value: T8,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)>
                where
                    T8: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, v7, value))
                }

                /// Sets the [`partition_epoch` field](Partition#structfield.partition_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch_as_default(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, ::planus::DefaultValue)>
                {
                    self.partition_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)> {
                /// Setter for the [`shards` field](Partition#structfield.shards).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shards<T9>(
                    self,
                    value: T9,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
                where
                    T9: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, value))
                }

                /// Sets the [`shards` field](Partition#structfield.shards) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shards_as_null(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, ())> {
                    self.shards(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>
                PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
            {
                /// Setter for the [`elr` field](Partition#structfield.elr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elr<T10>(
                    self,
                    value: T10,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10)>
                where
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, value))
                }

                /// Sets the [`elr` field](Partition#structfield.elr) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elr_as_null(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ())>
                {
                    self.elr(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>
                PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10)>
            {
                /// Setter for the [`last_known_elr` field](Partition#structfield.last_known_elr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_known_elr<T11>(
                    self,
                    value: T11,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
                where
                    T11: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, value))
                }

                /// Sets the [`last_known_elr` field](Partition#structfield.last_known_elr) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_known_elr_as_null(
                    self,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, ())>
                {
                    self.last_known_elr(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>
                PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
            {
                /// Setter for the [`leader_recovery_state` field](Partition#structfield.leader_recovery_state).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state<T12>(
                    self,
                    value: T12,
                ) -> PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)>
                where
                    T12: ::planus::WriteAsDefault<i8, i8>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11) = self.0;
                    PartitionBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, value))
                }

                /// Sets the [`leader_recovery_state` field](Partition#structfield.leader_recovery_state) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state_as_default(
                    self,
                ) -> PartitionBuilder<(
                    T0,
                    T1,
                    T2,
                    T3,
                    T4,
                    T5,
                    T6,
                    T7,
                    T8,
                    T9,
                    T10,
                    T11,
                    ::planus::DefaultValue,
                )> {
                    self.leader_recovery_state(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12>
                PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)>
            {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Partition].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Partition>
                where
                    Self: ::planus::WriteAsOffset<Partition>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<u16, u16>,
                    T8: ::planus::WriteAsDefault<i32, i32>,
                    T9: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T12: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAs<::planus::Offset<Partition>>
                for PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)>
            {
                type Prepared = ::planus::Offset<Partition>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Partition> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<u16, u16>,
                    T8: ::planus::WriteAsDefault<i32, i32>,
                    T9: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T12: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOptional<::planus::Offset<Partition>>
                for PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)>
            {
                type Prepared = ::planus::Offset<Partition>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Partition>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<u16, u16>,
                    T8: ::planus::WriteAsDefault<i32, i32>,
                    T9: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T12: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOffset<Partition>
                for PartitionBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Partition> {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12) = &self.0;
                    Partition::create(
                        builder, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12,
                    )
                }
            }

            /// Reference to a deserialized [Partition].
            #[derive(Copy, Clone)]
            pub struct PartitionRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> PartitionRef<'a> {
                /// Getter for the [`version` field](Partition#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "Partition", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`topic_id` field](Partition#structfield.topic_id).
                #[inline]
                pub fn topic_id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0.access_required(1, "Partition", "topic_id")
                }

                /// Getter for the [`partition` field](Partition#structfield.partition).
                #[inline]
                pub fn partition(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(2, "Partition", "partition")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`leader` field](Partition#structfield.leader).
                #[inline]
                pub fn leader(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(3, "Partition", "leader")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`leader_epoch` field](Partition#structfield.leader_epoch).
                #[inline]
                pub fn leader_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(4, "Partition", "leader_epoch")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`replicas` field](Partition#structfield.replicas).
                #[inline]
                pub fn replicas(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(5, "Partition", "replicas")
                }

                /// Getter for the [`isr` field](Partition#structfield.isr).
                #[inline]
                pub fn isr(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(6, "Partition", "isr")
                }

                /// Getter for the [`shard` field](Partition#structfield.shard).
                #[inline]
                pub fn shard(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(self.0.access(7, "Partition", "shard")?.unwrap_or(0))
                }

                /// Getter for the [`partition_epoch` field](Partition#structfield.partition_epoch).
                #[inline]
                pub fn partition_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(8, "Partition", "partition_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`shards` field](Partition#structfield.shards).
                #[inline]
                pub fn shards(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, u16>>>
                {
                    self.0.access(9, "Partition", "shards")
                }

                /// Getter for the [`elr` field](Partition#structfield.elr).
                #[inline]
                pub fn elr(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(10, "Partition", "elr")
                }

                /// Getter for the [`last_known_elr` field](Partition#structfield.last_known_elr).
                #[inline]
                pub fn last_known_elr(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(11, "Partition", "last_known_elr")
                }

                /// Getter for the [`leader_recovery_state` field](Partition#structfield.leader_recovery_state).
                #[inline]
                pub fn leader_recovery_state(&self) -> ::planus::Result<i8> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(12, "Partition", "leader_recovery_state")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for PartitionRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("PartitionRef");
                    f.field("version", &self.version());
                    f.field("topic_id", &self.topic_id());
                    f.field("partition", &self.partition());
                    f.field("leader", &self.leader());
                    f.field("leader_epoch", &self.leader_epoch());
                    f.field("replicas", &self.replicas());
                    f.field("isr", &self.isr());
                    f.field("shard", &self.shard());
                    f.field("partition_epoch", &self.partition_epoch());
                    if let ::core::option::Option::Some(field_shards) = self.shards().transpose() {
                        f.field("shards", &field_shards);
                    }
                    if let ::core::option::Option::Some(field_elr) = self.elr().transpose() {
                        f.field("elr", &field_elr);
                    }
                    if let ::core::option::Option::Some(field_last_known_elr) =
                        self.last_known_elr().transpose()
                    {
                        f.field("last_known_elr", &field_last_known_elr);
                    }
                    f.field("leader_recovery_state", &self.leader_recovery_state());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<PartitionRef<'a>> for Partition {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: PartitionRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        topic_id: ::core::convert::Into::into(value.topic_id()?),
                        partition: ::core::convert::TryInto::try_into(value.partition()?)?,
                        leader: ::core::convert::TryInto::try_into(value.leader()?)?,
                        leader_epoch: ::core::convert::TryInto::try_into(value.leader_epoch()?)?,
                        replicas: value.replicas()?.to_vec()?,
                        isr: value.isr()?.to_vec()?,
                        shard: ::core::convert::TryInto::try_into(value.shard()?)?,
                        partition_epoch: ::core::convert::TryInto::try_into(
                            value.partition_epoch()?,
                        )?,
                        shards: if let ::core::option::Option::Some(shards) = value.shards()? {
                            ::core::option::Option::Some(shards.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        elr: if let ::core::option::Option::Some(elr) = value.elr()? {
                            ::core::option::Option::Some(elr.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        last_known_elr: if let ::core::option::Option::Some(last_known_elr) =
                            value.last_known_elr()?
                        {
                            ::core::option::Option::Some(last_known_elr.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        leader_recovery_state: ::core::convert::TryInto::try_into(
                            value.leader_recovery_state()?,
                        )?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for PartitionRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for PartitionRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[PartitionRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Partition>> for Partition {
                type Value = ::planus::Offset<Partition>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Partition>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for PartitionRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[PartitionRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A change to a partition (Kafka's PartitionChangeRecord): absent fields are unchanged.
            ///
            /// Generated from these locations:
            /// * Table `PartitionChange` in the file `metadata.fbs:68`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct PartitionChange {
                /// The field `version` in the table `PartitionChange`
                pub version: u16,
                /// The field `topic_id` in the table `PartitionChange`
                pub topic_id: self::Uuid,
                /// The field `partition` in the table `PartitionChange`
                pub partition: i32,
                /// The field `leader` in the table `PartitionChange`
                pub leader: ::core::option::Option<i32>,
                /// The field `leader_epoch` in the table `PartitionChange`
                pub leader_epoch: i32,
                /// The field `isr` in the table `PartitionChange`
                pub isr: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                ///  The partition epoch after this change; absent in records written before it existed (the
                ///  image then bumps the epoch by one).
                pub partition_epoch: ::core::option::Option<i32>,
                /// The field `elr` in the table `PartitionChange`
                pub elr: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                /// The field `last_known_elr` in the table `PartitionChange`
                pub last_known_elr: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                /// The field `leader_recovery_state` in the table `PartitionChange`
                pub leader_recovery_state: ::core::option::Option<i8>,
                ///  A reassignment's new replicas and their shards (aligned).
                pub replicas: ::core::option::Option<::planus::alloc::vec::Vec<i32>>,
                /// The field `shards` in the table `PartitionChange`
                pub shards: ::core::option::Option<::planus::alloc::vec::Vec<u16>>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for PartitionChange {
                fn default() -> Self {
                    Self {
                        version: 0,
                        topic_id: ::core::default::Default::default(),
                        partition: 0,
                        leader: ::core::default::Default::default(),
                        leader_epoch: 0,
                        isr: ::core::default::Default::default(),
                        partition_epoch: ::core::default::Default::default(),
                        elr: ::core::default::Default::default(),
                        last_known_elr: ::core::default::Default::default(),
                        leader_recovery_state: ::core::default::Default::default(),
                        replicas: ::core::default::Default::default(),
                        shards: ::core::default::Default::default(),
                    }
                }
            }

            impl PartitionChange {
                /// Creates a [PartitionChangeBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> PartitionChangeBuilder<()> {
                    PartitionChangeBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_topic_id: impl ::planus::WriteAs<self::Uuid>,
                    field_partition: impl ::planus::WriteAsDefault<i32, i32>,
                    field_leader: impl ::planus::WriteAsOptional<i32>,
                    field_leader_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_isr: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_partition_epoch: impl ::planus::WriteAsOptional<i32>,
                    field_elr: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_last_known_elr: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_leader_recovery_state: impl ::planus::WriteAsOptional<i8>,
                    field_replicas: impl ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    field_shards: impl ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_topic_id = field_topic_id.prepare(builder);
                    let prepared_partition = field_partition.prepare(builder, &0);
                    let prepared_leader = field_leader.prepare(builder);
                    let prepared_leader_epoch = field_leader_epoch.prepare(builder, &0);
                    let prepared_isr = field_isr.prepare(builder);
                    let prepared_partition_epoch = field_partition_epoch.prepare(builder);
                    let prepared_elr = field_elr.prepare(builder);
                    let prepared_last_known_elr = field_last_known_elr.prepare(builder);
                    let prepared_leader_recovery_state =
                        field_leader_recovery_state.prepare(builder);
                    let prepared_replicas = field_replicas.prepare(builder);
                    let prepared_shards = field_shards.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<28> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(1);
                    if prepared_partition.is_some() {
                        table_writer.write_entry::<i32>(2);
                    }
                    if prepared_leader.is_some() {
                        table_writer.write_entry::<i32>(3);
                    }
                    if prepared_leader_epoch.is_some() {
                        table_writer.write_entry::<i32>(4);
                    }
                    if prepared_isr.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(5);
                    }
                    if prepared_partition_epoch.is_some() {
                        table_writer.write_entry::<i32>(6);
                    }
                    if prepared_elr.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(7);
                    }
                    if prepared_last_known_elr.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(8);
                    }
                    if prepared_replicas.is_some() {
                        table_writer.write_entry::<::planus::Offset<[i32]>>(10);
                    }
                    if prepared_shards.is_some() {
                        table_writer.write_entry::<::planus::Offset<[u16]>>(11);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_leader_recovery_state.is_some() {
                        table_writer.write_entry::<i8>(9);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_topic_id);
                            if let ::core::option::Option::Some(prepared_partition) =
                                prepared_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition);
                            }
                            if let ::core::option::Option::Some(prepared_leader) = prepared_leader {
                                object_writer.write::<_, _, 4>(&prepared_leader);
                            }
                            if let ::core::option::Option::Some(prepared_leader_epoch) =
                                prepared_leader_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_leader_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_isr) = prepared_isr {
                                object_writer.write::<_, _, 4>(&prepared_isr);
                            }
                            if let ::core::option::Option::Some(prepared_partition_epoch) =
                                prepared_partition_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_elr) = prepared_elr {
                                object_writer.write::<_, _, 4>(&prepared_elr);
                            }
                            if let ::core::option::Option::Some(prepared_last_known_elr) =
                                prepared_last_known_elr
                            {
                                object_writer.write::<_, _, 4>(&prepared_last_known_elr);
                            }
                            if let ::core::option::Option::Some(prepared_replicas) =
                                prepared_replicas
                            {
                                object_writer.write::<_, _, 4>(&prepared_replicas);
                            }
                            if let ::core::option::Option::Some(prepared_shards) = prepared_shards {
                                object_writer.write::<_, _, 4>(&prepared_shards);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_leader_recovery_state) =
                                prepared_leader_recovery_state
                            {
                                object_writer.write::<_, _, 1>(&prepared_leader_recovery_state);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<PartitionChange>> for PartitionChange {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionChange> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<PartitionChange>> for PartitionChange {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<PartitionChange>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<PartitionChange> for PartitionChange {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionChange> {
                    PartitionChange::create(
                        builder,
                        self.version,
                        self.topic_id,
                        self.partition,
                        self.leader,
                        self.leader_epoch,
                        &self.isr,
                        self.partition_epoch,
                        &self.elr,
                        &self.last_known_elr,
                        self.leader_recovery_state,
                        &self.replicas,
                        &self.shards,
                    )
                }
            }

            /// Builder for serializing an instance of the [PartitionChange] type.
            ///
            /// Can be created using the [PartitionChange::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct PartitionChangeBuilder<State>(State);

            impl PartitionChangeBuilder<()> {
                /// Setter for the [`version` field](PartitionChange#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> PartitionChangeBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    PartitionChangeBuilder((value,))
                }

                /// Sets the [`version` field](PartitionChange#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(
                    self,
                ) -> PartitionChangeBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> PartitionChangeBuilder<(T0,)> {
                /// Setter for the [`topic_id` field](PartitionChange#structfield.topic_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic_id<T1>(self, value: T1) -> PartitionChangeBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0,) = self.0;
                    PartitionChangeBuilder((v0, value))
                }
            }

            impl<T0, T1> PartitionChangeBuilder<(T0, T1)> {
                /// Setter for the [`partition` field](PartitionChange#structfield.partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition<T2>(self, value: T2) -> PartitionChangeBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1) = self.0;
                    PartitionChangeBuilder((v0, v1, value))
                }

                /// Sets the [`partition` field](PartitionChange#structfield.partition) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_as_default(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.partition(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> PartitionChangeBuilder<(T0, T1, T2)> {
                /// Setter for the [`leader` field](PartitionChange#structfield.leader).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader<T3>(self, value: T3) -> PartitionChangeBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<i32>,
                {
                    let (v0, v1, v2) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, value))
                }

                /// Sets the [`leader` field](PartitionChange#structfield.leader) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_as_null(self) -> PartitionChangeBuilder<(T0, T1, T2, ())> {
                    self.leader(())
                }
            }

            impl<T0, T1, T2, T3> PartitionChangeBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`leader_epoch` field](PartitionChange#structfield.leader_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch<T4>(
                    self,
                    value: T4,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`leader_epoch` field](PartitionChange#structfield.leader_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch_as_default(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)>
                {
                    self.leader_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> PartitionChangeBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`isr` field](PartitionChange#structfield.isr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn isr<T5>(self, value: T5) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, value))
                }

                /// Sets the [`isr` field](PartitionChange#structfield.isr) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn isr_as_null(self) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, ())> {
                    self.isr(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Setter for the [`partition_epoch` field](PartitionChange#structfield.partition_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch<T6>(
                    self,
                    value: T6,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6)>
                where
                    T6: ::planus::WriteAsOptional<i32>,
                {
                    let (v0, v1, v2, v3, v4, v5) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, value))
                }

                /// Sets the [`partition_epoch` field](PartitionChange#structfield.partition_epoch) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, ())> {
                    self.partition_epoch(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
                /// Setter for the [`elr` field](PartitionChange#structfield.elr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elr<T7>(
                    self,
                    value: T7,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
                where
                    T7: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, v6, value))
                }

                /// Sets the [`elr` field](PartitionChange#structfield.elr) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elr_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, ())> {
                    self.elr(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
                /// Setter for the [`last_known_elr` field](PartitionChange#structfield.last_known_elr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_known_elr<T8>(
                    self,
                    value: T8,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)>
                where
                    T8: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, v6, v7, value))
                }

                /// Sets the [`last_known_elr` field](PartitionChange#structfield.last_known_elr) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_known_elr_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, ())> {
                    self.last_known_elr(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8>
                PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8)>
            {
                /// Setter for the [`leader_recovery_state` field](PartitionChange#structfield.leader_recovery_state).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state<T9>(
                    self,
                    value: T9,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
                where
                    T9: ::planus::WriteAsOptional<i8>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, value))
                }

                /// Sets the [`leader_recovery_state` field](PartitionChange#structfield.leader_recovery_state) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, ())>
                {
                    self.leader_recovery_state(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9>
                PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)>
            {
                /// Setter for the [`replicas` field](PartitionChange#structfield.replicas).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replicas<T10>(
                    self,
                    value: T10,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10)>
                where
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, value))
                }

                /// Sets the [`replicas` field](PartitionChange#structfield.replicas) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replicas_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ())>
                {
                    self.replicas(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>
                PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10)>
            {
                /// Setter for the [`shards` field](PartitionChange#structfield.shards).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shards<T11>(
                    self,
                    value: T11,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
                where
                    T11: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10) = self.0;
                    PartitionChangeBuilder((v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, value))
                }

                /// Sets the [`shards` field](PartitionChange#structfield.shards) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn shards_as_null(
                    self,
                ) -> PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, ())>
                {
                    self.shards(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11>
                PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
            {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [PartitionChange].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionChange>
                where
                    Self: ::planus::WriteAsOffset<PartitionChange>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAsOptional<i32>,
                    T7: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T8: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T9: ::planus::WriteAsOptional<i8>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                > ::planus::WriteAs<::planus::Offset<PartitionChange>>
                for PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
            {
                type Prepared = ::planus::Offset<PartitionChange>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionChange> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAsOptional<i32>,
                    T7: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T8: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T9: ::planus::WriteAsOptional<i8>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                > ::planus::WriteAsOptional<::planus::Offset<PartitionChange>>
                for PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
            {
                type Prepared = ::planus::Offset<PartitionChange>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<PartitionChange>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<self::Uuid>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAsOptional<i32>,
                    T7: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T8: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T9: ::planus::WriteAsOptional<i8>,
                    T10: ::planus::WriteAsOptional<::planus::Offset<[i32]>>,
                    T11: ::planus::WriteAsOptional<::planus::Offset<[u16]>>,
                > ::planus::WriteAsOffset<PartitionChange>
                for PartitionChangeBuilder<(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionChange> {
                    let (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11) = &self.0;
                    PartitionChange::create(
                        builder, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11,
                    )
                }
            }

            /// Reference to a deserialized [PartitionChange].
            #[derive(Copy, Clone)]
            pub struct PartitionChangeRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> PartitionChangeRef<'a> {
                /// Getter for the [`version` field](PartitionChange#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "PartitionChange", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`topic_id` field](PartitionChange#structfield.topic_id).
                #[inline]
                pub fn topic_id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0.access_required(1, "PartitionChange", "topic_id")
                }

                /// Getter for the [`partition` field](PartitionChange#structfield.partition).
                #[inline]
                pub fn partition(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "PartitionChange", "partition")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`leader` field](PartitionChange#structfield.leader).
                #[inline]
                pub fn leader(&self) -> ::planus::Result<::core::option::Option<i32>> {
                    self.0.access(3, "PartitionChange", "leader")
                }

                /// Getter for the [`leader_epoch` field](PartitionChange#structfield.leader_epoch).
                #[inline]
                pub fn leader_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "PartitionChange", "leader_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`isr` field](PartitionChange#structfield.isr).
                #[inline]
                pub fn isr(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(5, "PartitionChange", "isr")
                }

                /// Getter for the [`partition_epoch` field](PartitionChange#structfield.partition_epoch).
                #[inline]
                pub fn partition_epoch(&self) -> ::planus::Result<::core::option::Option<i32>> {
                    self.0.access(6, "PartitionChange", "partition_epoch")
                }

                /// Getter for the [`elr` field](PartitionChange#structfield.elr).
                #[inline]
                pub fn elr(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(7, "PartitionChange", "elr")
                }

                /// Getter for the [`last_known_elr` field](PartitionChange#structfield.last_known_elr).
                #[inline]
                pub fn last_known_elr(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(8, "PartitionChange", "last_known_elr")
                }

                /// Getter for the [`leader_recovery_state` field](PartitionChange#structfield.leader_recovery_state).
                #[inline]
                pub fn leader_recovery_state(
                    &self,
                ) -> ::planus::Result<::core::option::Option<i8>> {
                    self.0.access(9, "PartitionChange", "leader_recovery_state")
                }

                /// Getter for the [`replicas` field](PartitionChange#structfield.replicas).
                #[inline]
                pub fn replicas(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, i32>>>
                {
                    self.0.access(10, "PartitionChange", "replicas")
                }

                /// Getter for the [`shards` field](PartitionChange#structfield.shards).
                #[inline]
                pub fn shards(
                    &self,
                ) -> ::planus::Result<::core::option::Option<::planus::Vector<'a, u16>>>
                {
                    self.0.access(11, "PartitionChange", "shards")
                }
            }

            impl<'a> ::core::fmt::Debug for PartitionChangeRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("PartitionChangeRef");
                    f.field("version", &self.version());
                    f.field("topic_id", &self.topic_id());
                    f.field("partition", &self.partition());
                    if let ::core::option::Option::Some(field_leader) = self.leader().transpose() {
                        f.field("leader", &field_leader);
                    }
                    f.field("leader_epoch", &self.leader_epoch());
                    if let ::core::option::Option::Some(field_isr) = self.isr().transpose() {
                        f.field("isr", &field_isr);
                    }
                    if let ::core::option::Option::Some(field_partition_epoch) =
                        self.partition_epoch().transpose()
                    {
                        f.field("partition_epoch", &field_partition_epoch);
                    }
                    if let ::core::option::Option::Some(field_elr) = self.elr().transpose() {
                        f.field("elr", &field_elr);
                    }
                    if let ::core::option::Option::Some(field_last_known_elr) =
                        self.last_known_elr().transpose()
                    {
                        f.field("last_known_elr", &field_last_known_elr);
                    }
                    if let ::core::option::Option::Some(field_leader_recovery_state) =
                        self.leader_recovery_state().transpose()
                    {
                        f.field("leader_recovery_state", &field_leader_recovery_state);
                    }
                    if let ::core::option::Option::Some(field_replicas) =
                        self.replicas().transpose()
                    {
                        f.field("replicas", &field_replicas);
                    }
                    if let ::core::option::Option::Some(field_shards) = self.shards().transpose() {
                        f.field("shards", &field_shards);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<PartitionChangeRef<'a>> for PartitionChange {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: PartitionChangeRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        topic_id: ::core::convert::Into::into(value.topic_id()?),
                        partition: ::core::convert::TryInto::try_into(value.partition()?)?,
                        leader: if let ::core::option::Option::Some(leader) = value.leader()? {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                leader,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        leader_epoch: ::core::convert::TryInto::try_into(value.leader_epoch()?)?,
                        isr: if let ::core::option::Option::Some(isr) = value.isr()? {
                            ::core::option::Option::Some(isr.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        partition_epoch: if let ::core::option::Option::Some(partition_epoch) =
                            value.partition_epoch()?
                        {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                partition_epoch,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        elr: if let ::core::option::Option::Some(elr) = value.elr()? {
                            ::core::option::Option::Some(elr.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        last_known_elr: if let ::core::option::Option::Some(last_known_elr) =
                            value.last_known_elr()?
                        {
                            ::core::option::Option::Some(last_known_elr.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        leader_recovery_state: if let ::core::option::Option::Some(
                            leader_recovery_state,
                        ) = value.leader_recovery_state()?
                        {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                leader_recovery_state,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        replicas: if let ::core::option::Option::Some(replicas) =
                            value.replicas()?
                        {
                            ::core::option::Option::Some(replicas.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                        shards: if let ::core::option::Option::Some(shards) = value.shards()? {
                            ::core::option::Option::Some(shards.to_vec()?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for PartitionChangeRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for PartitionChangeRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[PartitionChangeRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<PartitionChange>> for PartitionChange {
                type Value = ::planus::Offset<PartitionChange>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<PartitionChange>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for PartitionChangeRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[PartitionChangeRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A topic was deleted (Kafka's RemoveTopicRecord).
            ///
            /// Generated from these locations:
            /// * Table `RemoveTopic` in the file `metadata.fbs:87`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct RemoveTopic {
                /// The field `version` in the table `RemoveTopic`
                pub version: u16,
                /// The field `id` in the table `RemoveTopic`
                pub id: self::Uuid,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for RemoveTopic {
                fn default() -> Self {
                    Self {
                        version: 0,
                        id: ::core::default::Default::default(),
                    }
                }
            }

            impl RemoveTopic {
                /// Creates a [RemoveTopicBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RemoveTopicBuilder<()> {
                    RemoveTopicBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_id: impl ::planus::WriteAs<self::Uuid>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_id = field_id.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(1);
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_id);
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<RemoveTopic>> for RemoveTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<RemoveTopic>> for RemoveTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RemoveTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<RemoveTopic> for RemoveTopic {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveTopic> {
                    RemoveTopic::create(builder, self.version, self.id)
                }
            }

            /// Builder for serializing an instance of the [RemoveTopic] type.
            ///
            /// Can be created using the [RemoveTopic::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RemoveTopicBuilder<State>(State);

            impl RemoveTopicBuilder<()> {
                /// Setter for the [`version` field](RemoveTopic#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> RemoveTopicBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    RemoveTopicBuilder((value,))
                }

                /// Sets the [`version` field](RemoveTopic#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> RemoveTopicBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> RemoveTopicBuilder<(T0,)> {
                /// Setter for the [`id` field](RemoveTopic#structfield.id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id<T1>(self, value: T1) -> RemoveTopicBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0,) = self.0;
                    RemoveTopicBuilder((v0, value))
                }
            }

            impl<T0, T1> RemoveTopicBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RemoveTopic].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveTopic>
                where
                    Self: ::planus::WriteAsOffset<RemoveTopic>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAsDefault<u16, u16>, T1: ::planus::WriteAs<self::Uuid>>
                ::planus::WriteAs<::planus::Offset<RemoveTopic>> for RemoveTopicBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<RemoveTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAsDefault<u16, u16>, T1: ::planus::WriteAs<self::Uuid>>
                ::planus::WriteAsOptional<::planus::Offset<RemoveTopic>>
                for RemoveTopicBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<RemoveTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RemoveTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAsDefault<u16, u16>, T1: ::planus::WriteAs<self::Uuid>>
                ::planus::WriteAsOffset<RemoveTopic> for RemoveTopicBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveTopic> {
                    let (v0, v1) = &self.0;
                    RemoveTopic::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [RemoveTopic].
            #[derive(Copy, Clone)]
            pub struct RemoveTopicRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RemoveTopicRef<'a> {
                /// Getter for the [`version` field](RemoveTopic#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "RemoveTopic", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`id` field](RemoveTopic#structfield.id).
                #[inline]
                pub fn id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0.access_required(1, "RemoveTopic", "id")
                }
            }

            impl<'a> ::core::fmt::Debug for RemoveTopicRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RemoveTopicRef");
                    f.field("version", &self.version());
                    f.field("id", &self.id());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RemoveTopicRef<'a>> for RemoveTopic {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RemoveTopicRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        id: ::core::convert::Into::into(value.id()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RemoveTopicRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RemoveTopicRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RemoveTopicRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<RemoveTopic>> for RemoveTopic {
                type Value = ::planus::Offset<RemoveTopic>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<RemoveTopic>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RemoveTopicRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RemoveTopicRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Kafka's ConfigResource.Type ids.
            ///
            /// Generated from these locations:
            /// * Enum `ConfigResourceType` in the file `metadata.fbs:93`
            #[derive(
                Copy,
                Clone,
                Debug,
                PartialEq,
                Eq,
                PartialOrd,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            #[repr(u8)]
            pub enum ConfigResourceType {
                /// The variant `Unknown` in the enum `ConfigResourceType`
                Unknown = 0,

                /// The variant `Topic` in the enum `ConfigResourceType`
                Topic = 2,

                /// The variant `Broker` in the enum `ConfigResourceType`
                Broker = 4,

                /// The variant `Group` in the enum `ConfigResourceType`
                Group = 32,
            }

            impl ConfigResourceType {
                /// Array containing all valid variants of ConfigResourceType
                pub const ENUM_VALUES: [Self; 4] =
                    [Self::Unknown, Self::Topic, Self::Broker, Self::Group];
            }

            impl ::core::convert::TryFrom<u8> for ConfigResourceType {
                type Error = ::planus::errors::UnknownEnumTagKind;
                #[inline]
                fn try_from(
                    value: u8,
                ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTagKind>
                {
                    #[allow(clippy::match_single_binding)]
                    match value {
                        0 => ::core::result::Result::Ok(ConfigResourceType::Unknown),
                        2 => ::core::result::Result::Ok(ConfigResourceType::Topic),
                        4 => ::core::result::Result::Ok(ConfigResourceType::Broker),
                        32 => ::core::result::Result::Ok(ConfigResourceType::Group),

                        _ => ::core::result::Result::Err(::planus::errors::UnknownEnumTagKind {
                            tag: value as i128,
                        }),
                    }
                }
            }

            impl ::core::convert::From<ConfigResourceType> for u8 {
                #[inline]
                fn from(value: ConfigResourceType) -> Self {
                    value as u8
                }
            }

            /// # Safety
            /// The Planus compiler correctly calculates `ALIGNMENT` and `SIZE`.
            unsafe impl ::planus::Primitive for ConfigResourceType {
                const ALIGNMENT: usize = 1;
                const SIZE: usize = 1;
            }

            impl ::planus::WriteAsPrimitive<ConfigResourceType> for ConfigResourceType {
                #[inline]
                fn write<const N: usize>(
                    &self,
                    cursor: ::planus::Cursor<'_, N>,
                    buffer_position: u32,
                ) {
                    (*self as u8).write(cursor, buffer_position);
                }
            }

            impl ::planus::WriteAs<ConfigResourceType> for ConfigResourceType {
                type Prepared = Self;

                #[inline]
                fn prepare(&self, _builder: &mut ::planus::Builder) -> ConfigResourceType {
                    *self
                }
            }

            impl ::planus::WriteAsDefault<ConfigResourceType, ConfigResourceType> for ConfigResourceType {
                type Prepared = Self;

                #[inline]
                fn prepare(
                    &self,
                    _builder: &mut ::planus::Builder,
                    default: &ConfigResourceType,
                ) -> ::core::option::Option<ConfigResourceType> {
                    if self == default {
                        ::core::option::Option::None
                    } else {
                        ::core::option::Option::Some(*self)
                    }
                }
            }

            impl ::planus::WriteAsOptional<ConfigResourceType> for ConfigResourceType {
                type Prepared = Self;

                #[inline]
                fn prepare(
                    &self,
                    _builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<ConfigResourceType> {
                    ::core::option::Option::Some(*self)
                }
            }

            impl<'buf> ::planus::TableRead<'buf> for ConfigResourceType {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'buf>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    let n: u8 = ::planus::TableRead::from_buffer(buffer, offset)?;
                    ::core::result::Result::Ok(::core::convert::TryInto::try_into(n)?)
                }
            }

            impl<'buf> ::planus::VectorReadInner<'buf> for ConfigResourceType {
                type Error = ::planus::errors::UnknownEnumTag;
                const STRIDE: usize = 1;
                #[inline]
                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'buf>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::UnknownEnumTag>
                {
                    let value = unsafe { *buffer.buffer.get_unchecked(offset) };
                    let value: ::core::result::Result<Self, _> =
                        ::core::convert::TryInto::try_into(value);
                    value.map_err(|error_kind| {
                        error_kind.with_error_location(
                            "ConfigResourceType",
                            "VectorRead::from_buffer",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<ConfigResourceType> for ConfigResourceType {
                const STRIDE: usize = 1;

                type Value = Self;

                #[inline]
                fn prepare(&self, _builder: &mut ::planus::Builder) -> Self {
                    *self
                }

                #[inline]
                unsafe fn write_values(
                    values: &[Self],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 1];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - i as u32,
                        );
                    }
                }
            }

            ///  A dynamic config set or deleted (Kafka's ConfigRecord).
            ///
            /// Generated from these locations:
            /// * Table `Config` in the file `metadata.fbs:101`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Config {
                /// The field `version` in the table `Config`
                pub version: u16,
                /// The field `resource_type` in the table `Config`
                pub resource_type: self::ConfigResourceType,
                ///  Topic or group name; absent for a broker resource.
                pub resource_name: ::core::option::Option<::planus::alloc::string::String>,
                ///  Broker resource: the node id; absent for the cluster-wide default.
                pub broker: ::core::option::Option<i32>,
                /// The field `name` in the table `Config`
                pub name: ::planus::alloc::string::String,
                ///  Absent deletes the override.
                pub value: ::core::option::Option<::planus::alloc::string::String>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for Config {
                fn default() -> Self {
                    Self {
                        version: 0,
                        resource_type: self::ConfigResourceType::Unknown,
                        resource_name: ::core::default::Default::default(),
                        broker: ::core::default::Default::default(),
                        name: ::core::default::Default::default(),
                        value: ::core::default::Default::default(),
                    }
                }
            }

            impl Config {
                /// Creates a [ConfigBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ConfigBuilder<()> {
                    ConfigBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_resource_type: impl ::planus::WriteAsDefault<
                        self::ConfigResourceType,
                        self::ConfigResourceType,
                    >,
                    field_resource_name: impl ::planus::WriteAsOptional<
                        ::planus::Offset<::core::primitive::str>,
                    >,
                    field_broker: impl ::planus::WriteAsOptional<i32>,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_value: impl ::planus::WriteAsOptional<
                        ::planus::Offset<::core::primitive::str>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_resource_type =
                        field_resource_type.prepare(builder, &self::ConfigResourceType::Unknown);
                    let prepared_resource_name = field_resource_name.prepare(builder);
                    let prepared_broker = field_broker.prepare(builder);
                    let prepared_name = field_name.prepare(builder);
                    let prepared_value = field_value.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<16> =
                        ::core::default::Default::default();
                    if prepared_resource_name.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(2);
                    }
                    if prepared_broker.is_some() {
                        table_writer.write_entry::<i32>(3);
                    }
                    table_writer.write_entry::<::planus::Offset<str>>(4);
                    if prepared_value.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(5);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_resource_type.is_some() {
                        table_writer.write_entry::<self::ConfigResourceType>(1);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_resource_name) =
                                prepared_resource_name
                            {
                                object_writer.write::<_, _, 4>(&prepared_resource_name);
                            }
                            if let ::core::option::Option::Some(prepared_broker) = prepared_broker {
                                object_writer.write::<_, _, 4>(&prepared_broker);
                            }
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_value) = prepared_value {
                                object_writer.write::<_, _, 4>(&prepared_value);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_resource_type) =
                                prepared_resource_type
                            {
                                object_writer.write::<_, _, 1>(&prepared_resource_type);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Config>> for Config {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Config> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Config>> for Config {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Config>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Config> for Config {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Config> {
                    Config::create(
                        builder,
                        self.version,
                        self.resource_type,
                        &self.resource_name,
                        self.broker,
                        &self.name,
                        &self.value,
                    )
                }
            }

            /// Builder for serializing an instance of the [Config] type.
            ///
            /// Can be created using the [Config::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ConfigBuilder<State>(State);

            impl ConfigBuilder<()> {
                /// Setter for the [`version` field](Config#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> ConfigBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    ConfigBuilder((value,))
                }

                /// Sets the [`version` field](Config#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> ConfigBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> ConfigBuilder<(T0,)> {
                /// Setter for the [`resource_type` field](Config#structfield.resource_type).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_type<T1>(self, value: T1) -> ConfigBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<
                        self::ConfigResourceType,
                        self::ConfigResourceType,
                    >,
                {
                    let (v0,) = self.0;
                    ConfigBuilder((v0, value))
                }

                /// Sets the [`resource_type` field](Config#structfield.resource_type) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_type_as_default(
                    self,
                ) -> ConfigBuilder<(T0, ::planus::DefaultValue)> {
                    self.resource_type(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ConfigBuilder<(T0, T1)> {
                /// Setter for the [`resource_name` field](Config#structfield.resource_name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_name<T2>(self, value: T2) -> ConfigBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0, v1) = self.0;
                    ConfigBuilder((v0, v1, value))
                }

                /// Sets the [`resource_name` field](Config#structfield.resource_name) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_name_as_null(self) -> ConfigBuilder<(T0, T1, ())> {
                    self.resource_name(())
                }
            }

            impl<T0, T1, T2> ConfigBuilder<(T0, T1, T2)> {
                /// Setter for the [`broker` field](Config#structfield.broker).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker<T3>(self, value: T3) -> ConfigBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<i32>,
                {
                    let (v0, v1, v2) = self.0;
                    ConfigBuilder((v0, v1, v2, value))
                }

                /// Sets the [`broker` field](Config#structfield.broker) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_as_null(self) -> ConfigBuilder<(T0, T1, T2, ())> {
                    self.broker(())
                }
            }

            impl<T0, T1, T2, T3> ConfigBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`name` field](Config#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T4>(self, value: T4) -> ConfigBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    ConfigBuilder((v0, v1, v2, v3, value))
                }
            }

            impl<T0, T1, T2, T3, T4> ConfigBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`value` field](Config#structfield.value).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn value<T5>(self, value: T5) -> ConfigBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    ConfigBuilder((v0, v1, v2, v3, v4, value))
                }

                /// Sets the [`value` field](Config#structfield.value) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn value_as_null(self) -> ConfigBuilder<(T0, T1, T2, T3, T4, ())> {
                    self.value(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5> ConfigBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Config].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Config>
                where
                    Self: ::planus::WriteAsOffset<Config>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<self::ConfigResourceType, self::ConfigResourceType>,
                    T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAs<::planus::Offset<str>>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAs<::planus::Offset<Config>>
                for ConfigBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<Config>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Config> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<self::ConfigResourceType, self::ConfigResourceType>,
                    T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAs<::planus::Offset<str>>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOptional<::planus::Offset<Config>>
                for ConfigBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<Config>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Config>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<self::ConfigResourceType, self::ConfigResourceType>,
                    T2: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T3: ::planus::WriteAsOptional<i32>,
                    T4: ::planus::WriteAs<::planus::Offset<str>>,
                    T5: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOffset<Config> for ConfigBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Config> {
                    let (v0, v1, v2, v3, v4, v5) = &self.0;
                    Config::create(builder, v0, v1, v2, v3, v4, v5)
                }
            }

            /// Reference to a deserialized [Config].
            #[derive(Copy, Clone)]
            pub struct ConfigRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ConfigRef<'a> {
                /// Getter for the [`version` field](Config#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(self.0.access(0, "Config", "version")?.unwrap_or(0))
                }

                /// Getter for the [`resource_type` field](Config#structfield.resource_type).
                #[inline]
                pub fn resource_type(&self) -> ::planus::Result<self::ConfigResourceType> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "Config", "resource_type")?
                            .unwrap_or(self::ConfigResourceType::Unknown),
                    )
                }

                /// Getter for the [`resource_name` field](Config#structfield.resource_name).
                #[inline]
                pub fn resource_name(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(2, "Config", "resource_name")
                }

                /// Getter for the [`broker` field](Config#structfield.broker).
                #[inline]
                pub fn broker(&self) -> ::planus::Result<::core::option::Option<i32>> {
                    self.0.access(3, "Config", "broker")
                }

                /// Getter for the [`name` field](Config#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(4, "Config", "name")
                }

                /// Getter for the [`value` field](Config#structfield.value).
                #[inline]
                pub fn value(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(5, "Config", "value")
                }
            }

            impl<'a> ::core::fmt::Debug for ConfigRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ConfigRef");
                    f.field("version", &self.version());
                    f.field("resource_type", &self.resource_type());
                    if let ::core::option::Option::Some(field_resource_name) =
                        self.resource_name().transpose()
                    {
                        f.field("resource_name", &field_resource_name);
                    }
                    if let ::core::option::Option::Some(field_broker) = self.broker().transpose() {
                        f.field("broker", &field_broker);
                    }
                    f.field("name", &self.name());
                    if let ::core::option::Option::Some(field_value) = self.value().transpose() {
                        f.field("value", &field_value);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ConfigRef<'a>> for Config {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ConfigRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        resource_type: ::core::convert::TryInto::try_into(value.resource_type()?)?,
                        resource_name: value.resource_name()?.map(::core::convert::Into::into),
                        broker: if let ::core::option::Option::Some(broker) = value.broker()? {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                broker,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        name: ::core::convert::Into::into(value.name()?),
                        value: value.value()?.map(::core::convert::Into::into),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ConfigRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ConfigRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ConfigRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Config>> for Config {
                type Value = ::planus::Offset<Config>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Config>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ConfigRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ConfigRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A block of producer ids [first_producer_id, first_producer_id + block_size) handed to a
            ///  broker (Kafka's ProducerIdsRecord).
            ///
            /// Generated from these locations:
            /// * Table `ProducerIds` in the file `metadata.fbs:115`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ProducerIds {
                /// The field `version` in the table `ProducerIds`
                pub version: u16,
                /// The field `broker` in the table `ProducerIds`
                pub broker: i32,
                /// The field `first_producer_id` in the table `ProducerIds`
                pub first_producer_id: i64,
                /// The field `block_size` in the table `ProducerIds`
                pub block_size: i32,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ProducerIds {
                fn default() -> Self {
                    Self {
                        version: 0,
                        broker: 0,
                        first_producer_id: 0,
                        block_size: 0,
                    }
                }
            }

            impl ProducerIds {
                /// Creates a [ProducerIdsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ProducerIdsBuilder<()> {
                    ProducerIdsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_broker: impl ::planus::WriteAsDefault<i32, i32>,
                    field_first_producer_id: impl ::planus::WriteAsDefault<i64, i64>,
                    field_block_size: impl ::planus::WriteAsDefault<i32, i32>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_broker = field_broker.prepare(builder, &0);
                    let prepared_first_producer_id = field_first_producer_id.prepare(builder, &0);
                    let prepared_block_size = field_block_size.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<12> =
                        ::core::default::Default::default();
                    if prepared_first_producer_id.is_some() {
                        table_writer.write_entry::<i64>(2);
                    }
                    if prepared_broker.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_block_size.is_some() {
                        table_writer.write_entry::<i32>(3);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_first_producer_id) =
                                prepared_first_producer_id
                            {
                                object_writer.write::<_, _, 8>(&prepared_first_producer_id);
                            }
                            if let ::core::option::Option::Some(prepared_broker) = prepared_broker {
                                object_writer.write::<_, _, 4>(&prepared_broker);
                            }
                            if let ::core::option::Option::Some(prepared_block_size) =
                                prepared_block_size
                            {
                                object_writer.write::<_, _, 4>(&prepared_block_size);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ProducerIds>> for ProducerIds {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIds> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ProducerIds>> for ProducerIds {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ProducerIds>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ProducerIds> for ProducerIds {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIds> {
                    ProducerIds::create(
                        builder,
                        self.version,
                        self.broker,
                        self.first_producer_id,
                        self.block_size,
                    )
                }
            }

            /// Builder for serializing an instance of the [ProducerIds] type.
            ///
            /// Can be created using the [ProducerIds::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ProducerIdsBuilder<State>(State);

            impl ProducerIdsBuilder<()> {
                /// Setter for the [`version` field](ProducerIds#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> ProducerIdsBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    ProducerIdsBuilder((value,))
                }

                /// Sets the [`version` field](ProducerIds#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> ProducerIdsBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> ProducerIdsBuilder<(T0,)> {
                /// Setter for the [`broker` field](ProducerIds#structfield.broker).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker<T1>(self, value: T1) -> ProducerIdsBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    ProducerIdsBuilder((v0, value))
                }

                /// Sets the [`broker` field](ProducerIds#structfield.broker) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_as_default(self) -> ProducerIdsBuilder<(T0, ::planus::DefaultValue)> {
                    self.broker(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ProducerIdsBuilder<(T0, T1)> {
                /// Setter for the [`first_producer_id` field](ProducerIds#structfield.first_producer_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn first_producer_id<T2>(self, value: T2) -> ProducerIdsBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0, v1) = self.0;
                    ProducerIdsBuilder((v0, v1, value))
                }

                /// Sets the [`first_producer_id` field](ProducerIds#structfield.first_producer_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn first_producer_id_as_default(
                    self,
                ) -> ProducerIdsBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.first_producer_id(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> ProducerIdsBuilder<(T0, T1, T2)> {
                /// Setter for the [`block_size` field](ProducerIds#structfield.block_size).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn block_size<T3>(self, value: T3) -> ProducerIdsBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2) = self.0;
                    ProducerIdsBuilder((v0, v1, v2, value))
                }

                /// Sets the [`block_size` field](ProducerIds#structfield.block_size) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn block_size_as_default(
                    self,
                ) -> ProducerIdsBuilder<(T0, T1, T2, ::planus::DefaultValue)> {
                    self.block_size(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3> ProducerIdsBuilder<(T0, T1, T2, T3)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ProducerIds].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIds>
                where
                    Self: ::planus::WriteAsOffset<ProducerIds>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAs<::planus::Offset<ProducerIds>>
                for ProducerIdsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ProducerIds>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIds> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOptional<::planus::Offset<ProducerIds>>
                for ProducerIdsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ProducerIds>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ProducerIds>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOffset<ProducerIds> for ProducerIdsBuilder<(T0, T1, T2, T3)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIds> {
                    let (v0, v1, v2, v3) = &self.0;
                    ProducerIds::create(builder, v0, v1, v2, v3)
                }
            }

            /// Reference to a deserialized [ProducerIds].
            #[derive(Copy, Clone)]
            pub struct ProducerIdsRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ProducerIdsRef<'a> {
                /// Getter for the [`version` field](ProducerIds#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "ProducerIds", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`broker` field](ProducerIds#structfield.broker).
                #[inline]
                pub fn broker(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "ProducerIds", "broker")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`first_producer_id` field](ProducerIds#structfield.first_producer_id).
                #[inline]
                pub fn first_producer_id(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "ProducerIds", "first_producer_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`block_size` field](ProducerIds#structfield.block_size).
                #[inline]
                pub fn block_size(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(3, "ProducerIds", "block_size")?.unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for ProducerIdsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ProducerIdsRef");
                    f.field("version", &self.version());
                    f.field("broker", &self.broker());
                    f.field("first_producer_id", &self.first_producer_id());
                    f.field("block_size", &self.block_size());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ProducerIdsRef<'a>> for ProducerIds {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ProducerIdsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        broker: ::core::convert::TryInto::try_into(value.broker()?)?,
                        first_producer_id: ::core::convert::TryInto::try_into(
                            value.first_producer_id()?,
                        )?,
                        block_size: ::core::convert::TryInto::try_into(value.block_size()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ProducerIdsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ProducerIdsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ProducerIdsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ProducerIds>> for ProducerIds {
                type Value = ::planus::Offset<ProducerIds>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ProducerIds>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ProducerIdsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ProducerIdsRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A registered broker's state changed (Kafka's BrokerRegistrationChangeRecord); applied only
            ///  when `broker_epoch` is the broker's current epoch. Absent fields are unchanged.
            ///
            /// Generated from these locations:
            /// * Table `BrokerRegistrationChange` in the file `metadata.fbs:124`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct BrokerRegistrationChange {
                /// The field `version` in the table `BrokerRegistrationChange`
                pub version: u16,
                /// The field `node_id` in the table `BrokerRegistrationChange`
                pub node_id: i32,
                /// The field `broker_epoch` in the table `BrokerRegistrationChange`
                pub broker_epoch: i64,
                /// The field `fenced` in the table `BrokerRegistrationChange`
                pub fenced: ::core::option::Option<bool>,
                ///  The broker asked for a controlled shutdown (Kafka's InControlledShutdown); a new
                ///  registration clears it.
                pub in_controlled_shutdown: ::core::option::Option<bool>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for BrokerRegistrationChange {
                fn default() -> Self {
                    Self {
                        version: 0,
                        node_id: 0,
                        broker_epoch: 0,
                        fenced: ::core::default::Default::default(),
                        in_controlled_shutdown: ::core::default::Default::default(),
                    }
                }
            }

            impl BrokerRegistrationChange {
                /// Creates a [BrokerRegistrationChangeBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> BrokerRegistrationChangeBuilder<()> {
                    BrokerRegistrationChangeBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_node_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                    field_fenced: impl ::planus::WriteAsOptional<bool>,
                    field_in_controlled_shutdown: impl ::planus::WriteAsOptional<bool>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_node_id = field_node_id.prepare(builder, &0);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &0);
                    let prepared_fenced = field_fenced.prepare(builder);
                    let prepared_in_controlled_shutdown =
                        field_in_controlled_shutdown.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<14> =
                        ::core::default::Default::default();
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(2);
                    }
                    if prepared_node_id.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_fenced.is_some() {
                        table_writer.write_entry::<bool>(3);
                    }
                    if prepared_in_controlled_shutdown.is_some() {
                        table_writer.write_entry::<bool>(4);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_node_id) = prepared_node_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_node_id);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_fenced) = prepared_fenced {
                                object_writer.write::<_, _, 1>(&prepared_fenced);
                            }
                            if let ::core::option::Option::Some(prepared_in_controlled_shutdown) =
                                prepared_in_controlled_shutdown
                            {
                                object_writer.write::<_, _, 1>(&prepared_in_controlled_shutdown);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<BrokerRegistrationChange>> for BrokerRegistrationChange {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerRegistrationChange> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<BrokerRegistrationChange>>
                for BrokerRegistrationChange
            {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<BrokerRegistrationChange>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<BrokerRegistrationChange> for BrokerRegistrationChange {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerRegistrationChange> {
                    BrokerRegistrationChange::create(
                        builder,
                        self.version,
                        self.node_id,
                        self.broker_epoch,
                        self.fenced,
                        self.in_controlled_shutdown,
                    )
                }
            }

            /// Builder for serializing an instance of the [BrokerRegistrationChange] type.
            ///
            /// Can be created using the [BrokerRegistrationChange::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct BrokerRegistrationChangeBuilder<State>(State);

            impl BrokerRegistrationChangeBuilder<()> {
                /// Setter for the [`version` field](BrokerRegistrationChange#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> BrokerRegistrationChangeBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    BrokerRegistrationChangeBuilder((value,))
                }

                /// Sets the [`version` field](BrokerRegistrationChange#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(
                    self,
                ) -> BrokerRegistrationChangeBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> BrokerRegistrationChangeBuilder<(T0,)> {
                /// Setter for the [`node_id` field](BrokerRegistrationChange#structfield.node_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id<T1>(self, value: T1) -> BrokerRegistrationChangeBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    BrokerRegistrationChangeBuilder((v0, value))
                }

                /// Sets the [`node_id` field](BrokerRegistrationChange#structfield.node_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id_as_default(
                    self,
                ) -> BrokerRegistrationChangeBuilder<(T0, ::planus::DefaultValue)> {
                    self.node_id(::planus::DefaultValue)
                }
            }

            impl<T0, T1> BrokerRegistrationChangeBuilder<(T0, T1)> {
                /// Setter for the [`broker_epoch` field](BrokerRegistrationChange#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T2>(
                    self,
                    value: T2,
                ) -> BrokerRegistrationChangeBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0, v1) = self.0;
                    BrokerRegistrationChangeBuilder((v0, v1, value))
                }

                /// Sets the [`broker_epoch` field](BrokerRegistrationChange#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> BrokerRegistrationChangeBuilder<(T0, T1, ::planus::DefaultValue)>
                {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> BrokerRegistrationChangeBuilder<(T0, T1, T2)> {
                /// Setter for the [`fenced` field](BrokerRegistrationChange#structfield.fenced).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn fenced<T3>(
                    self,
                    value: T3,
                ) -> BrokerRegistrationChangeBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<bool>,
                {
                    let (v0, v1, v2) = self.0;
                    BrokerRegistrationChangeBuilder((v0, v1, v2, value))
                }

                /// Sets the [`fenced` field](BrokerRegistrationChange#structfield.fenced) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn fenced_as_null(self) -> BrokerRegistrationChangeBuilder<(T0, T1, T2, ())> {
                    self.fenced(())
                }
            }

            impl<T0, T1, T2, T3> BrokerRegistrationChangeBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`in_controlled_shutdown` field](BrokerRegistrationChange#structfield.in_controlled_shutdown).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn in_controlled_shutdown<T4>(
                    self,
                    value: T4,
                ) -> BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsOptional<bool>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    BrokerRegistrationChangeBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`in_controlled_shutdown` field](BrokerRegistrationChange#structfield.in_controlled_shutdown) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn in_controlled_shutdown_as_null(
                    self,
                ) -> BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, ())> {
                    self.in_controlled_shutdown(())
                }
            }

            impl<T0, T1, T2, T3, T4> BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, T4)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [BrokerRegistrationChange].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerRegistrationChange>
                where
                    Self: ::planus::WriteAsOffset<BrokerRegistrationChange>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsOptional<bool>,
                    T4: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAs<::planus::Offset<BrokerRegistrationChange>>
                for BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<BrokerRegistrationChange>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerRegistrationChange> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsOptional<bool>,
                    T4: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAsOptional<::planus::Offset<BrokerRegistrationChange>>
                for BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<BrokerRegistrationChange>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<BrokerRegistrationChange>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                    T3: ::planus::WriteAsOptional<bool>,
                    T4: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAsOffset<BrokerRegistrationChange>
                for BrokerRegistrationChangeBuilder<(T0, T1, T2, T3, T4)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<BrokerRegistrationChange> {
                    let (v0, v1, v2, v3, v4) = &self.0;
                    BrokerRegistrationChange::create(builder, v0, v1, v2, v3, v4)
                }
            }

            /// Reference to a deserialized [BrokerRegistrationChange].
            #[derive(Copy, Clone)]
            pub struct BrokerRegistrationChangeRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> BrokerRegistrationChangeRef<'a> {
                /// Getter for the [`version` field](BrokerRegistrationChange#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "BrokerRegistrationChange", "version")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`node_id` field](BrokerRegistrationChange#structfield.node_id).
                #[inline]
                pub fn node_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "BrokerRegistrationChange", "node_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`broker_epoch` field](BrokerRegistrationChange#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "BrokerRegistrationChange", "broker_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`fenced` field](BrokerRegistrationChange#structfield.fenced).
                #[inline]
                pub fn fenced(&self) -> ::planus::Result<::core::option::Option<bool>> {
                    self.0.access(3, "BrokerRegistrationChange", "fenced")
                }

                /// Getter for the [`in_controlled_shutdown` field](BrokerRegistrationChange#structfield.in_controlled_shutdown).
                #[inline]
                pub fn in_controlled_shutdown(
                    &self,
                ) -> ::planus::Result<::core::option::Option<bool>> {
                    self.0
                        .access(4, "BrokerRegistrationChange", "in_controlled_shutdown")
                }
            }

            impl<'a> ::core::fmt::Debug for BrokerRegistrationChangeRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("BrokerRegistrationChangeRef");
                    f.field("version", &self.version());
                    f.field("node_id", &self.node_id());
                    f.field("broker_epoch", &self.broker_epoch());
                    if let ::core::option::Option::Some(field_fenced) = self.fenced().transpose() {
                        f.field("fenced", &field_fenced);
                    }
                    if let ::core::option::Option::Some(field_in_controlled_shutdown) =
                        self.in_controlled_shutdown().transpose()
                    {
                        f.field("in_controlled_shutdown", &field_in_controlled_shutdown);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<BrokerRegistrationChangeRef<'a>> for BrokerRegistrationChange {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: BrokerRegistrationChangeRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        node_id: ::core::convert::TryInto::try_into(value.node_id()?)?,
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                        fenced: if let ::core::option::Option::Some(fenced) = value.fenced()? {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                fenced,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        in_controlled_shutdown: if let ::core::option::Option::Some(
                            in_controlled_shutdown,
                        ) = value.in_controlled_shutdown()?
                        {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                in_controlled_shutdown,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for BrokerRegistrationChangeRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for BrokerRegistrationChangeRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[BrokerRegistrationChangeRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<BrokerRegistrationChange>>
                for BrokerRegistrationChange
            {
                type Value = ::planus::Offset<BrokerRegistrationChange>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<BrokerRegistrationChange>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for BrokerRegistrationChangeRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[BrokerRegistrationChangeRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            ///  A broker left the cluster (Kafka's UnregisterBrokerRecord); applied only when
            ///  `broker_epoch` is the broker's current epoch.
            ///
            /// Generated from these locations:
            /// * Table `UnregisterBroker` in the file `metadata.fbs:136`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct UnregisterBroker {
                /// The field `version` in the table `UnregisterBroker`
                pub version: u16,
                /// The field `node_id` in the table `UnregisterBroker`
                pub node_id: i32,
                /// The field `broker_epoch` in the table `UnregisterBroker`
                pub broker_epoch: i64,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for UnregisterBroker {
                fn default() -> Self {
                    Self {
                        version: 0,
                        node_id: 0,
                        broker_epoch: 0,
                    }
                }
            }

            impl UnregisterBroker {
                /// Creates a [UnregisterBrokerBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> UnregisterBrokerBuilder<()> {
                    UnregisterBrokerBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_node_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_node_id = field_node_id.prepare(builder, &0);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(2);
                    }
                    if prepared_node_id.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_node_id) = prepared_node_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_node_id);
                            }
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<UnregisterBroker>> for UnregisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UnregisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<UnregisterBroker>> for UnregisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<UnregisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<UnregisterBroker> for UnregisterBroker {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UnregisterBroker> {
                    UnregisterBroker::create(builder, self.version, self.node_id, self.broker_epoch)
                }
            }

            /// Builder for serializing an instance of the [UnregisterBroker] type.
            ///
            /// Can be created using the [UnregisterBroker::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct UnregisterBrokerBuilder<State>(State);

            impl UnregisterBrokerBuilder<()> {
                /// Setter for the [`version` field](UnregisterBroker#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> UnregisterBrokerBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    UnregisterBrokerBuilder((value,))
                }

                /// Sets the [`version` field](UnregisterBroker#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(
                    self,
                ) -> UnregisterBrokerBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> UnregisterBrokerBuilder<(T0,)> {
                /// Setter for the [`node_id` field](UnregisterBroker#structfield.node_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id<T1>(self, value: T1) -> UnregisterBrokerBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    UnregisterBrokerBuilder((v0, value))
                }

                /// Sets the [`node_id` field](UnregisterBroker#structfield.node_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id_as_default(
                    self,
                ) -> UnregisterBrokerBuilder<(T0, ::planus::DefaultValue)> {
                    self.node_id(::planus::DefaultValue)
                }
            }

            impl<T0, T1> UnregisterBrokerBuilder<(T0, T1)> {
                /// Setter for the [`broker_epoch` field](UnregisterBroker#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T2>(self, value: T2) -> UnregisterBrokerBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0, v1) = self.0;
                    UnregisterBrokerBuilder((v0, v1, value))
                }

                /// Sets the [`broker_epoch` field](UnregisterBroker#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> UnregisterBrokerBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> UnregisterBrokerBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [UnregisterBroker].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UnregisterBroker>
                where
                    Self: ::planus::WriteAsOffset<UnregisterBroker>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAs<::planus::Offset<UnregisterBroker>>
                for UnregisterBrokerBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<UnregisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UnregisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOptional<::planus::Offset<UnregisterBroker>>
                for UnregisterBrokerBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<UnregisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<UnregisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOffset<UnregisterBroker>
                for UnregisterBrokerBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UnregisterBroker> {
                    let (v0, v1, v2) = &self.0;
                    UnregisterBroker::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [UnregisterBroker].
            #[derive(Copy, Clone)]
            pub struct UnregisterBrokerRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> UnregisterBrokerRef<'a> {
                /// Getter for the [`version` field](UnregisterBroker#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "UnregisterBroker", "version")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`node_id` field](UnregisterBroker#structfield.node_id).
                #[inline]
                pub fn node_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "UnregisterBroker", "node_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`broker_epoch` field](UnregisterBroker#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "UnregisterBroker", "broker_epoch")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for UnregisterBrokerRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("UnregisterBrokerRef");
                    f.field("version", &self.version());
                    f.field("node_id", &self.node_id());
                    f.field("broker_epoch", &self.broker_epoch());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<UnregisterBrokerRef<'a>> for UnregisterBroker {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: UnregisterBrokerRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        node_id: ::core::convert::TryInto::try_into(value.node_id()?)?,
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for UnregisterBrokerRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for UnregisterBrokerRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[UnregisterBrokerRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<UnregisterBroker>> for UnregisterBroker {
                type Value = ::planus::Offset<UnregisterBroker>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<UnregisterBroker>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for UnregisterBrokerRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[UnregisterBrokerRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A cluster feature's finalized level (Kafka's FeatureLevelRecord); level 0 turns it off.
            ///
            /// Generated from these locations:
            /// * Table `FeatureLevel` in the file `metadata.fbs:143`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct FeatureLevel {
                /// The field `version` in the table `FeatureLevel`
                pub version: u16,
                /// The field `name` in the table `FeatureLevel`
                pub name: ::planus::alloc::string::String,
                /// The field `level` in the table `FeatureLevel`
                pub level: i16,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for FeatureLevel {
                fn default() -> Self {
                    Self {
                        version: 0,
                        name: ::core::default::Default::default(),
                        level: 0,
                    }
                }
            }

            impl FeatureLevel {
                /// Creates a [FeatureLevelBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> FeatureLevelBuilder<()> {
                    FeatureLevelBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_level: impl ::planus::WriteAsDefault<i16, i16>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_name = field_name.prepare(builder);
                    let prepared_level = field_level.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    if prepared_level.is_some() {
                        table_writer.write_entry::<i16>(2);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            if let ::core::option::Option::Some(prepared_level) = prepared_level {
                                object_writer.write::<_, _, 2>(&prepared_level);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<FeatureLevel>> for FeatureLevel {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureLevel> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<FeatureLevel>> for FeatureLevel {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<FeatureLevel>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<FeatureLevel> for FeatureLevel {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureLevel> {
                    FeatureLevel::create(builder, self.version, &self.name, self.level)
                }
            }

            /// Builder for serializing an instance of the [FeatureLevel] type.
            ///
            /// Can be created using the [FeatureLevel::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct FeatureLevelBuilder<State>(State);

            impl FeatureLevelBuilder<()> {
                /// Setter for the [`version` field](FeatureLevel#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> FeatureLevelBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    FeatureLevelBuilder((value,))
                }

                /// Sets the [`version` field](FeatureLevel#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> FeatureLevelBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> FeatureLevelBuilder<(T0,)> {
                /// Setter for the [`name` field](FeatureLevel#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T1>(self, value: T1) -> FeatureLevelBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0,) = self.0;
                    FeatureLevelBuilder((v0, value))
                }
            }

            impl<T0, T1> FeatureLevelBuilder<(T0, T1)> {
                /// Setter for the [`level` field](FeatureLevel#structfield.level).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn level<T2>(self, value: T2) -> FeatureLevelBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0, v1) = self.0;
                    FeatureLevelBuilder((v0, v1, value))
                }

                /// Sets the [`level` field](FeatureLevel#structfield.level) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn level_as_default(
                    self,
                ) -> FeatureLevelBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.level(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> FeatureLevelBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [FeatureLevel].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureLevel>
                where
                    Self: ::planus::WriteAsOffset<FeatureLevel>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAs<::planus::Offset<FeatureLevel>>
                for FeatureLevelBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<FeatureLevel>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureLevel> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAsOptional<::planus::Offset<FeatureLevel>>
                for FeatureLevelBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<FeatureLevel>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<FeatureLevel>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                > ::planus::WriteAsOffset<FeatureLevel> for FeatureLevelBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureLevel> {
                    let (v0, v1, v2) = &self.0;
                    FeatureLevel::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [FeatureLevel].
            #[derive(Copy, Clone)]
            pub struct FeatureLevelRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> FeatureLevelRef<'a> {
                /// Getter for the [`version` field](FeatureLevel#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "FeatureLevel", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`name` field](FeatureLevel#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(1, "FeatureLevel", "name")
                }

                /// Getter for the [`level` field](FeatureLevel#structfield.level).
                #[inline]
                pub fn level(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0.access(2, "FeatureLevel", "level")?.unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for FeatureLevelRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("FeatureLevelRef");
                    f.field("version", &self.version());
                    f.field("name", &self.name());
                    f.field("level", &self.level());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<FeatureLevelRef<'a>> for FeatureLevel {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: FeatureLevelRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        name: ::core::convert::Into::into(value.name()?),
                        level: ::core::convert::TryInto::try_into(value.level()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for FeatureLevelRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for FeatureLevelRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[FeatureLevelRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<FeatureLevel>> for FeatureLevel {
                type Value = ::planus::Offset<FeatureLevel>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<FeatureLevel>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for FeatureLevelRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[FeatureLevelRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A controller's identity and endpoints (Kafka's VotersRecord entry / RegisterControllerRecord):
            ///  how the other nodes reach a voter of a dynamic quorum (KIP-853). Written when the log is
            ///  formatted with `--standalone` / `--initial-controllers`, and by AddRaftVoter; the raft
            ///  configuration (who votes) stays raft-rs's own. A newer record for the node replaces it.
            ///
            /// Generated from these locations:
            /// * Table `ControllerEndpoints` in the file `metadata.fbs:153`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ControllerEndpoints {
                /// The field `version` in the table `ControllerEndpoints`
                pub version: u16,
                /// The field `node_id` in the table `ControllerEndpoints`
                pub node_id: i32,
                ///  The `directory.id` of the controller's metadata log directory (meta.properties).
                pub directory_id: self::Uuid,
                /// The field `listeners` in the table `ControllerEndpoints`
                pub listeners: ::planus::alloc::vec::Vec<self::BrokerEndpoint>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ControllerEndpoints {
                fn default() -> Self {
                    Self {
                        version: 0,
                        node_id: 0,
                        directory_id: ::core::default::Default::default(),
                        listeners: ::core::default::Default::default(),
                    }
                }
            }

            impl ControllerEndpoints {
                /// Creates a [ControllerEndpointsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControllerEndpointsBuilder<()> {
                    ControllerEndpointsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_node_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_directory_id: impl ::planus::WriteAs<self::Uuid>,
                    field_listeners: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_node_id = field_node_id.prepare(builder, &0);
                    let prepared_directory_id = field_directory_id.prepare(builder);
                    let prepared_listeners = field_listeners.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<12> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<self::Uuid>(2);
                    if prepared_node_id.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>(
                            3,
                        );
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_directory_id);
                            if let ::core::option::Option::Some(prepared_node_id) = prepared_node_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_node_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_listeners);
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ControllerEndpoints>> for ControllerEndpoints {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerEndpoints> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ControllerEndpoints>> for ControllerEndpoints {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerEndpoints>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ControllerEndpoints> for ControllerEndpoints {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerEndpoints> {
                    ControllerEndpoints::create(
                        builder,
                        self.version,
                        self.node_id,
                        self.directory_id,
                        &self.listeners,
                    )
                }
            }

            /// Builder for serializing an instance of the [ControllerEndpoints] type.
            ///
            /// Can be created using the [ControllerEndpoints::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControllerEndpointsBuilder<State>(State);

            impl ControllerEndpointsBuilder<()> {
                /// Setter for the [`version` field](ControllerEndpoints#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> ControllerEndpointsBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    ControllerEndpointsBuilder((value,))
                }

                /// Sets the [`version` field](ControllerEndpoints#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(
                    self,
                ) -> ControllerEndpointsBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> ControllerEndpointsBuilder<(T0,)> {
                /// Setter for the [`node_id` field](ControllerEndpoints#structfield.node_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id<T1>(self, value: T1) -> ControllerEndpointsBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    ControllerEndpointsBuilder((v0, value))
                }

                /// Sets the [`node_id` field](ControllerEndpoints#structfield.node_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id_as_default(
                    self,
                ) -> ControllerEndpointsBuilder<(T0, ::planus::DefaultValue)> {
                    self.node_id(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ControllerEndpointsBuilder<(T0, T1)> {
                /// Setter for the [`directory_id` field](ControllerEndpoints#structfield.directory_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn directory_id<T2>(self, value: T2) -> ControllerEndpointsBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAs<self::Uuid>,
                {
                    let (v0, v1) = self.0;
                    ControllerEndpointsBuilder((v0, v1, value))
                }
            }

            impl<T0, T1, T2> ControllerEndpointsBuilder<(T0, T1, T2)> {
                /// Setter for the [`listeners` field](ControllerEndpoints#structfield.listeners).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn listeners<T3>(
                    self,
                    value: T3,
                ) -> ControllerEndpointsBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>,
                    >,
                {
                    let (v0, v1, v2) = self.0;
                    ControllerEndpointsBuilder((v0, v1, v2, value))
                }
            }

            impl<T0, T1, T2, T3> ControllerEndpointsBuilder<(T0, T1, T2, T3)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ControllerEndpoints].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerEndpoints>
                where
                    Self: ::planus::WriteAsOffset<ControllerEndpoints>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<self::Uuid>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                > ::planus::WriteAs<::planus::Offset<ControllerEndpoints>>
                for ControllerEndpointsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ControllerEndpoints>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerEndpoints> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<self::Uuid>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                > ::planus::WriteAsOptional<::planus::Offset<ControllerEndpoints>>
                for ControllerEndpointsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ControllerEndpoints>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerEndpoints>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAs<self::Uuid>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::BrokerEndpoint>]>>,
                > ::planus::WriteAsOffset<ControllerEndpoints>
                for ControllerEndpointsBuilder<(T0, T1, T2, T3)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerEndpoints> {
                    let (v0, v1, v2, v3) = &self.0;
                    ControllerEndpoints::create(builder, v0, v1, v2, v3)
                }
            }

            /// Reference to a deserialized [ControllerEndpoints].
            #[derive(Copy, Clone)]
            pub struct ControllerEndpointsRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ControllerEndpointsRef<'a> {
                /// Getter for the [`version` field](ControllerEndpoints#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "ControllerEndpoints", "version")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`node_id` field](ControllerEndpoints#structfield.node_id).
                #[inline]
                pub fn node_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "ControllerEndpoints", "node_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`directory_id` field](ControllerEndpoints#structfield.directory_id).
                #[inline]
                pub fn directory_id(&self) -> ::planus::Result<self::UuidRef<'a>> {
                    self.0
                        .access_required(2, "ControllerEndpoints", "directory_id")
                }

                /// Getter for the [`listeners` field](ControllerEndpoints#structfield.listeners).
                #[inline]
                pub fn listeners(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::BrokerEndpointRef<'a>>>,
                > {
                    self.0
                        .access_required(3, "ControllerEndpoints", "listeners")
                }
            }

            impl<'a> ::core::fmt::Debug for ControllerEndpointsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ControllerEndpointsRef");
                    f.field("version", &self.version());
                    f.field("node_id", &self.node_id());
                    f.field("directory_id", &self.directory_id());
                    f.field("listeners", &self.listeners());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ControllerEndpointsRef<'a>> for ControllerEndpoints {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ControllerEndpointsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        node_id: ::core::convert::TryInto::try_into(value.node_id()?)?,
                        directory_id: ::core::convert::Into::into(value.directory_id()?),
                        listeners: value.listeners()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ControllerEndpointsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ControllerEndpointsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ControllerEndpointsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ControllerEndpoints>> for ControllerEndpoints {
                type Value = ::planus::Offset<ControllerEndpoints>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ControllerEndpoints>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ControllerEndpointsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ControllerEndpointsRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            ///  The voters of the metadata quorum (Kafka's VotersRecord), as raft's configuration has them
            ///  after a change: the core derives it from each configuration change it applies, so every
            ///  shard's image knows who votes.
            ///
            /// Generated from these locations:
            /// * Table `QuorumVoters` in the file `metadata.fbs:164`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct QuorumVoters {
                /// The field `version` in the table `QuorumVoters`
                pub version: u16,
                /// The field `voters` in the table `QuorumVoters`
                pub voters: ::planus::alloc::vec::Vec<i32>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for QuorumVoters {
                fn default() -> Self {
                    Self {
                        version: 0,
                        voters: ::core::default::Default::default(),
                    }
                }
            }

            impl QuorumVoters {
                /// Creates a [QuorumVotersBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> QuorumVotersBuilder<()> {
                    QuorumVotersBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_voters: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_voters = field_voters.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<[i32]>>(1);
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_voters);
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<QuorumVoters>> for QuorumVoters {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumVoters> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<QuorumVoters>> for QuorumVoters {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<QuorumVoters>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<QuorumVoters> for QuorumVoters {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumVoters> {
                    QuorumVoters::create(builder, self.version, &self.voters)
                }
            }

            /// Builder for serializing an instance of the [QuorumVoters] type.
            ///
            /// Can be created using the [QuorumVoters::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct QuorumVotersBuilder<State>(State);

            impl QuorumVotersBuilder<()> {
                /// Setter for the [`version` field](QuorumVoters#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> QuorumVotersBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    QuorumVotersBuilder((value,))
                }

                /// Sets the [`version` field](QuorumVoters#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> QuorumVotersBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> QuorumVotersBuilder<(T0,)> {
                /// Setter for the [`voters` field](QuorumVoters#structfield.voters).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn voters<T1>(self, value: T1) -> QuorumVotersBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0,) = self.0;
                    QuorumVotersBuilder((v0, value))
                }
            }

            impl<T0, T1> QuorumVotersBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [QuorumVoters].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumVoters>
                where
                    Self: ::planus::WriteAsOffset<QuorumVoters>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAs<::planus::Offset<QuorumVoters>>
                for QuorumVotersBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<QuorumVoters>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumVoters> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAsOptional<::planus::Offset<QuorumVoters>>
                for QuorumVotersBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<QuorumVoters>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<QuorumVoters>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAsOffset<QuorumVoters> for QuorumVotersBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumVoters> {
                    let (v0, v1) = &self.0;
                    QuorumVoters::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [QuorumVoters].
            #[derive(Copy, Clone)]
            pub struct QuorumVotersRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> QuorumVotersRef<'a> {
                /// Getter for the [`version` field](QuorumVoters#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "QuorumVoters", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`voters` field](QuorumVoters#structfield.voters).
                #[inline]
                pub fn voters(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(1, "QuorumVoters", "voters")
                }
            }

            impl<'a> ::core::fmt::Debug for QuorumVotersRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("QuorumVotersRef");
                    f.field("version", &self.version());
                    f.field("voters", &self.voters());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<QuorumVotersRef<'a>> for QuorumVoters {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: QuorumVotersRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        voters: value.voters()?.to_vec()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for QuorumVotersRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for QuorumVotersRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[QuorumVotersRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<QuorumVoters>> for QuorumVoters {
                type Value = ::planus::Offset<QuorumVoters>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<QuorumVoters>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for QuorumVotersRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[QuorumVotersRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Every record type. The position is the type id on disk: append new members only, never
            ///  reorder or remove one.
            ///
            /// Generated from these locations:
            /// * Union `RecordBody` in the file `metadata.fbs:171`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub enum RecordBody {
                /// The variant of type `RegisterBroker` in the union `RecordBody`
                RegisterBroker(::planus::alloc::boxed::Box<self::RegisterBroker>),

                /// The variant of type `Topic` in the union `RecordBody`
                Topic(::planus::alloc::boxed::Box<self::Topic>),

                /// The variant of type `Partition` in the union `RecordBody`
                Partition(::planus::alloc::boxed::Box<self::Partition>),

                /// The variant of type `PartitionChange` in the union `RecordBody`
                PartitionChange(::planus::alloc::boxed::Box<self::PartitionChange>),

                /// The variant of type `RemoveTopic` in the union `RecordBody`
                RemoveTopic(::planus::alloc::boxed::Box<self::RemoveTopic>),

                /// The variant of type `Config` in the union `RecordBody`
                Config(::planus::alloc::boxed::Box<self::Config>),

                /// The variant of type `ProducerIds` in the union `RecordBody`
                ProducerIds(::planus::alloc::boxed::Box<self::ProducerIds>),

                /// The variant of type `BrokerRegistrationChange` in the union `RecordBody`
                BrokerRegistrationChange(
                    ::planus::alloc::boxed::Box<self::BrokerRegistrationChange>,
                ),

                /// The variant of type `UnregisterBroker` in the union `RecordBody`
                UnregisterBroker(::planus::alloc::boxed::Box<self::UnregisterBroker>),

                /// The variant of type `FeatureLevel` in the union `RecordBody`
                FeatureLevel(::planus::alloc::boxed::Box<self::FeatureLevel>),

                /// The variant of type `ControllerEndpoints` in the union `RecordBody`
                ControllerEndpoints(::planus::alloc::boxed::Box<self::ControllerEndpoints>),

                /// The variant of type `QuorumVoters` in the union `RecordBody`
                QuorumVoters(::planus::alloc::boxed::Box<self::QuorumVoters>),
            }

            impl RecordBody {
                /// Creates a [RecordBodyBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RecordBodyBuilder<::planus::Uninitialized> {
                    RecordBodyBuilder(::planus::Uninitialized)
                }

                #[inline]
                pub fn create_register_broker(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::RegisterBroker>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_topic(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::Topic>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_partition(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::Partition>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_partition_change(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::PartitionChange>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_remove_topic(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::RemoveTopic>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_config(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::Config>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(6, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_producer_ids(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ProducerIds>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(7, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_broker_registration_change(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::BrokerRegistrationChange>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(8, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_unregister_broker(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::UnregisterBroker>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(9, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_feature_level(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::FeatureLevel>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(10, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_controller_endpoints(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ControllerEndpoints>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(11, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_quorum_voters(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::QuorumVoters>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(12, value.prepare(builder).downcast())
                }
            }

            impl ::planus::WriteAsUnion<RecordBody> for RecordBody {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                    match self {
                        Self::RegisterBroker(value) => Self::create_register_broker(builder, value),
                        Self::Topic(value) => Self::create_topic(builder, value),
                        Self::Partition(value) => Self::create_partition(builder, value),
                        Self::PartitionChange(value) => {
                            Self::create_partition_change(builder, value)
                        }
                        Self::RemoveTopic(value) => Self::create_remove_topic(builder, value),
                        Self::Config(value) => Self::create_config(builder, value),
                        Self::ProducerIds(value) => Self::create_producer_ids(builder, value),
                        Self::BrokerRegistrationChange(value) => {
                            Self::create_broker_registration_change(builder, value)
                        }
                        Self::UnregisterBroker(value) => {
                            Self::create_unregister_broker(builder, value)
                        }
                        Self::FeatureLevel(value) => Self::create_feature_level(builder, value),
                        Self::ControllerEndpoints(value) => {
                            Self::create_controller_endpoints(builder, value)
                        }
                        Self::QuorumVoters(value) => Self::create_quorum_voters(builder, value),
                    }
                }
            }

            impl ::planus::WriteAsOptionalUnion<RecordBody> for RecordBody {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Builder for serializing an instance of the [RecordBody] type.
            ///
            /// Can be created using the [RecordBody::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RecordBodyBuilder<T>(T);

            impl RecordBodyBuilder<::planus::Uninitialized> {
                /// Creates an instance of the [`RegisterBroker` variant](RecordBody#variant.RegisterBroker).
                #[inline]
                pub fn register_broker<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<1, T>>
                where
                    T: ::planus::WriteAsOffset<self::RegisterBroker>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`Topic` variant](RecordBody#variant.Topic).
                #[inline]
                pub fn topic<T>(self, value: T) -> RecordBodyBuilder<::planus::Initialized<2, T>>
                where
                    T: ::planus::WriteAsOffset<self::Topic>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`Partition` variant](RecordBody#variant.Partition).
                #[inline]
                pub fn partition<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<3, T>>
                where
                    T: ::planus::WriteAsOffset<self::Partition>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`PartitionChange` variant](RecordBody#variant.PartitionChange).
                #[inline]
                pub fn partition_change<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<4, T>>
                where
                    T: ::planus::WriteAsOffset<self::PartitionChange>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`RemoveTopic` variant](RecordBody#variant.RemoveTopic).
                #[inline]
                pub fn remove_topic<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<5, T>>
                where
                    T: ::planus::WriteAsOffset<self::RemoveTopic>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`Config` variant](RecordBody#variant.Config).
                #[inline]
                pub fn config<T>(self, value: T) -> RecordBodyBuilder<::planus::Initialized<6, T>>
                where
                    T: ::planus::WriteAsOffset<self::Config>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ProducerIds` variant](RecordBody#variant.ProducerIds).
                #[inline]
                pub fn producer_ids<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<7, T>>
                where
                    T: ::planus::WriteAsOffset<self::ProducerIds>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`BrokerRegistrationChange` variant](RecordBody#variant.BrokerRegistrationChange).
                #[inline]
                pub fn broker_registration_change<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<8, T>>
                where
                    T: ::planus::WriteAsOffset<self::BrokerRegistrationChange>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`UnregisterBroker` variant](RecordBody#variant.UnregisterBroker).
                #[inline]
                pub fn unregister_broker<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<9, T>>
                where
                    T: ::planus::WriteAsOffset<self::UnregisterBroker>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`FeatureLevel` variant](RecordBody#variant.FeatureLevel).
                #[inline]
                pub fn feature_level<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<10, T>>
                where
                    T: ::planus::WriteAsOffset<self::FeatureLevel>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ControllerEndpoints` variant](RecordBody#variant.ControllerEndpoints).
                #[inline]
                pub fn controller_endpoints<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<11, T>>
                where
                    T: ::planus::WriteAsOffset<self::ControllerEndpoints>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`QuorumVoters` variant](RecordBody#variant.QuorumVoters).
                #[inline]
                pub fn quorum_voters<T>(
                    self,
                    value: T,
                ) -> RecordBodyBuilder<::planus::Initialized<12, T>>
                where
                    T: ::planus::WriteAsOffset<self::QuorumVoters>,
                {
                    RecordBodyBuilder(::planus::Initialized(value))
                }
            }

            impl<const N: u8, T> RecordBodyBuilder<::planus::Initialized<N, T>> {
                /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [RecordBody].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody>
                where
                    Self: ::planus::WriteAsUnion<RecordBody>,
                {
                    ::planus::WriteAsUnion::prepare(&self, builder)
                }
            }

            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::RegisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::RegisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::Topic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::Topic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::Partition>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::Partition>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::PartitionChange>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::PartitionChange>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::RemoveTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::RemoveTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<6, T>>
            where
                T: ::planus::WriteAsOffset<self::Config>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(6, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<6, T>>
            where
                T: ::planus::WriteAsOffset<self::Config>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<7, T>>
            where
                T: ::planus::WriteAsOffset<self::ProducerIds>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(7, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<7, T>>
            where
                T: ::planus::WriteAsOffset<self::ProducerIds>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<8, T>>
            where
                T: ::planus::WriteAsOffset<self::BrokerRegistrationChange>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(8, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<8, T>>
            where
                T: ::planus::WriteAsOffset<self::BrokerRegistrationChange>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<9, T>>
            where
                T: ::planus::WriteAsOffset<self::UnregisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(9, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<9, T>>
            where
                T: ::planus::WriteAsOffset<self::UnregisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<10, T>>
            where
                T: ::planus::WriteAsOffset<self::FeatureLevel>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(10, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<10, T>>
            where
                T: ::planus::WriteAsOffset<self::FeatureLevel>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<11, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerEndpoints>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(11, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<11, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerEndpoints>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<RecordBody> for RecordBodyBuilder<::planus::Initialized<12, T>>
            where
                T: ::planus::WriteAsOffset<self::QuorumVoters>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<RecordBody> {
                    ::planus::UnionOffset::new(12, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<RecordBody>
                for RecordBodyBuilder<::planus::Initialized<12, T>>
            where
                T: ::planus::WriteAsOffset<self::QuorumVoters>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<RecordBody>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Reference to a deserialized [RecordBody].
            #[derive(Copy, Clone, Debug)]
            pub enum RecordBodyRef<'a> {
                RegisterBroker(self::RegisterBrokerRef<'a>),
                Topic(self::TopicRef<'a>),
                Partition(self::PartitionRef<'a>),
                PartitionChange(self::PartitionChangeRef<'a>),
                RemoveTopic(self::RemoveTopicRef<'a>),
                Config(self::ConfigRef<'a>),
                ProducerIds(self::ProducerIdsRef<'a>),
                BrokerRegistrationChange(self::BrokerRegistrationChangeRef<'a>),
                UnregisterBroker(self::UnregisterBrokerRef<'a>),
                FeatureLevel(self::FeatureLevelRef<'a>),
                ControllerEndpoints(self::ControllerEndpointsRef<'a>),
                QuorumVoters(self::QuorumVotersRef<'a>),
            }

            impl<'a> ::core::convert::TryFrom<RecordBodyRef<'a>> for RecordBody {
                type Error = ::planus::Error;

                fn try_from(value: RecordBodyRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(match value {
                        RecordBodyRef::RegisterBroker(value) => {
                            Self::RegisterBroker(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::Topic(value) => {
                            Self::Topic(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::Partition(value) => {
                            Self::Partition(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::PartitionChange(value) => {
                            Self::PartitionChange(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::RemoveTopic(value) => {
                            Self::RemoveTopic(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::Config(value) => {
                            Self::Config(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::ProducerIds(value) => {
                            Self::ProducerIds(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::BrokerRegistrationChange(value) => {
                            Self::BrokerRegistrationChange(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::UnregisterBroker(value) => {
                            Self::UnregisterBroker(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::FeatureLevel(value) => {
                            Self::FeatureLevel(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::ControllerEndpoints(value) => {
                            Self::ControllerEndpoints(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        RecordBodyRef::QuorumVoters(value) => {
                            Self::QuorumVoters(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }
                    })
                }
            }

            impl<'a> ::planus::TableReadUnion<'a> for RecordBodyRef<'a> {
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    tag: u8,
                    field_offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    match tag {
                        1 => ::core::result::Result::Ok(Self::RegisterBroker(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        2 => ::core::result::Result::Ok(Self::Topic(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        3 => ::core::result::Result::Ok(Self::Partition(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        4 => ::core::result::Result::Ok(Self::PartitionChange(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        5 => ::core::result::Result::Ok(Self::RemoveTopic(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        6 => ::core::result::Result::Ok(Self::Config(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        7 => ::core::result::Result::Ok(Self::ProducerIds(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        8 => ::core::result::Result::Ok(Self::BrokerRegistrationChange(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        9 => ::core::result::Result::Ok(Self::UnregisterBroker(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        10 => ::core::result::Result::Ok(Self::FeatureLevel(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        11 => ::core::result::Result::Ok(Self::ControllerEndpoints(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        12 => ::core::result::Result::Ok(Self::QuorumVoters(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        _ => ::core::result::Result::Err(
                            ::planus::errors::ErrorKind::UnknownUnionTag { tag },
                        ),
                    }
                }
            }

            impl<'a> ::planus::VectorReadUnion<'a> for RecordBodyRef<'a> {
                const VECTOR_NAME: &'static str = "[RecordBodyRef]";
            }

            /// The table `Record` in the namespace `sluice.metadata`
            ///
            /// Generated from these locations:
            /// * Table `Record` in the file `metadata.fbs:186`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Record {
                /// The field `body` in the table `Record`
                pub body: self::RecordBody,
            }

            impl Record {
                /// Creates a [RecordBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RecordBuilder<()> {
                    RecordBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_body: impl ::planus::WriteAsUnion<self::RecordBody>,
                ) -> ::planus::Offset<Self> {
                    let prepared_body = field_body.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<self::RecordBody>>(1);
                    table_writer.write_entry::<u8>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_body.offset());
                            object_writer.write::<_, _, 1>(&prepared_body.tag());
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Record>> for Record {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Record> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Record>> for Record {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Record>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Record> for Record {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Record> {
                    Record::create(builder, &self.body)
                }
            }

            /// Builder for serializing an instance of the [Record] type.
            ///
            /// Can be created using the [Record::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RecordBuilder<State>(State);

            impl RecordBuilder<()> {
                /// Setter for the [`body` field](Record#structfield.body).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn body<T0>(self, value: T0) -> RecordBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsUnion<self::RecordBody>,
                {
                    RecordBuilder((value,))
                }
            }

            impl<T0> RecordBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Record].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Record>
                where
                    Self: ::planus::WriteAsOffset<Record>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAsUnion<self::RecordBody>>
                ::planus::WriteAs<::planus::Offset<Record>> for RecordBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Record>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Record> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAsUnion<self::RecordBody>>
                ::planus::WriteAsOptional<::planus::Offset<Record>> for RecordBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Record>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Record>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAsUnion<self::RecordBody>> ::planus::WriteAsOffset<Record>
                for RecordBuilder<(T0,)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Record> {
                    let (v0,) = &self.0;
                    Record::create(builder, v0)
                }
            }

            /// Reference to a deserialized [Record].
            #[derive(Copy, Clone)]
            pub struct RecordRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RecordRef<'a> {
                /// Getter for the [`body` field](Record#structfield.body).
                #[inline]
                pub fn body(&self) -> ::planus::Result<self::RecordBodyRef<'a>> {
                    self.0.access_union_required(0, "Record", "body")
                }
            }

            impl<'a> ::core::fmt::Debug for RecordRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RecordRef");
                    f.field("body", &self.body());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RecordRef<'a>> for Record {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RecordRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        body: ::core::convert::TryInto::try_into(value.body()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RecordRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RecordRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RecordRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Record>> for Record {
                type Value = ::planus::Offset<Record>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Record>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RecordRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RecordRef]", "read_as_root", 0)
                    })
                }
            }

            ///  The records of one raft entry or one snapshot, applied in order and atomically.
            ///
            /// Generated from these locations:
            /// * Table `Batch` in the file `metadata.fbs:191`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Batch {
                /// The field `records` in the table `Batch`
                pub records: ::planus::alloc::vec::Vec<self::Record>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for Batch {
                fn default() -> Self {
                    Self {
                        records: ::core::default::Default::default(),
                    }
                }
            }

            impl Batch {
                /// Creates a [BatchBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> BatchBuilder<()> {
                    BatchBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_records: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::Record>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_records = field_records.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::Record>]>>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_records);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Batch>> for Batch {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Batch> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Batch>> for Batch {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Batch>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Batch> for Batch {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Batch> {
                    Batch::create(builder, &self.records)
                }
            }

            /// Builder for serializing an instance of the [Batch] type.
            ///
            /// Can be created using the [Batch::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct BatchBuilder<State>(State);

            impl BatchBuilder<()> {
                /// Setter for the [`records` field](Batch#structfield.records).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn records<T0>(self, value: T0) -> BatchBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::Record>]>>,
                {
                    BatchBuilder((value,))
                }
            }

            impl<T0> BatchBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Batch].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Batch>
                where
                    Self: ::planus::WriteAsOffset<Batch>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::Record>]>>>
                ::planus::WriteAs<::planus::Offset<Batch>> for BatchBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Batch>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Batch> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::Record>]>>>
                ::planus::WriteAsOptional<::planus::Offset<Batch>> for BatchBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Batch>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Batch>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::Record>]>>>
                ::planus::WriteAsOffset<Batch> for BatchBuilder<(T0,)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Batch> {
                    let (v0,) = &self.0;
                    Batch::create(builder, v0)
                }
            }

            /// Reference to a deserialized [Batch].
            #[derive(Copy, Clone)]
            pub struct BatchRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> BatchRef<'a> {
                /// Getter for the [`records` field](Batch#structfield.records).
                #[inline]
                pub fn records(
                    &self,
                ) -> ::planus::Result<::planus::Vector<'a, ::planus::Result<self::RecordRef<'a>>>>
                {
                    self.0.access_required(0, "Batch", "records")
                }
            }

            impl<'a> ::core::fmt::Debug for BatchRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("BatchRef");
                    f.field("records", &self.records());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<BatchRef<'a>> for Batch {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: BatchRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        records: value.records()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for BatchRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for BatchRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[BatchRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Batch>> for Batch {
                type Value = ::planus::Offset<Batch>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Batch>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for BatchRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[BatchRef]", "read_as_root", 0)
                    })
                }
            }
        }
        /// The namespace `sluice.rpc`
        ///
        /// Generated from these locations:
        /// * File `rpc.fbs`
        pub mod rpc {
            ///  The first message on a connection, right after the magic: who calls, from which cluster.
            ///
            /// Generated from these locations:
            /// * Table `Hello` in the file `rpc.fbs:13`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Hello {
                /// The field `from_raft_id` in the table `Hello`
                pub from_raft_id: u64,
                /// The field `cluster_id` in the table `Hello`
                pub cluster_id: ::planus::alloc::string::String,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for Hello {
                fn default() -> Self {
                    Self {
                        from_raft_id: 0,
                        cluster_id: ::core::default::Default::default(),
                    }
                }
            }

            impl Hello {
                /// Creates a [HelloBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> HelloBuilder<()> {
                    HelloBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_from_raft_id: impl ::planus::WriteAsDefault<u64, u64>,
                    field_cluster_id: impl ::planus::WriteAs<::planus::Offset<str>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_from_raft_id = field_from_raft_id.prepare(builder, &0);
                    let prepared_cluster_id = field_cluster_id.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    if prepared_from_raft_id.is_some() {
                        table_writer.write_entry::<u64>(0);
                    }
                    table_writer.write_entry::<::planus::Offset<str>>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_from_raft_id) =
                                prepared_from_raft_id
                            {
                                object_writer.write::<_, _, 8>(&prepared_from_raft_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_cluster_id);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Hello>> for Hello {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Hello> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Hello>> for Hello {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Hello>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Hello> for Hello {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Hello> {
                    Hello::create(builder, self.from_raft_id, &self.cluster_id)
                }
            }

            /// Builder for serializing an instance of the [Hello] type.
            ///
            /// Can be created using the [Hello::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct HelloBuilder<State>(State);

            impl HelloBuilder<()> {
                /// Setter for the [`from_raft_id` field](Hello#structfield.from_raft_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn from_raft_id<T0>(self, value: T0) -> HelloBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u64, u64>,
                {
                    HelloBuilder((value,))
                }

                /// Sets the [`from_raft_id` field](Hello#structfield.from_raft_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn from_raft_id_as_default(self) -> HelloBuilder<(::planus::DefaultValue,)> {
                    self.from_raft_id(::planus::DefaultValue)
                }
            }

            impl<T0> HelloBuilder<(T0,)> {
                /// Setter for the [`cluster_id` field](Hello#structfield.cluster_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn cluster_id<T1>(self, value: T1) -> HelloBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0,) = self.0;
                    HelloBuilder((v0, value))
                }
            }

            impl<T0, T1> HelloBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Hello].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Hello>
                where
                    Self: ::planus::WriteAsOffset<Hello>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAs<::planus::Offset<Hello>> for HelloBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<Hello>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Hello> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAsOptional<::planus::Offset<Hello>> for HelloBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<Hello>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Hello>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAsOffset<Hello> for HelloBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Hello> {
                    let (v0, v1) = &self.0;
                    Hello::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [Hello].
            #[derive(Copy, Clone)]
            pub struct HelloRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> HelloRef<'a> {
                /// Getter for the [`from_raft_id` field](Hello#structfield.from_raft_id).
                #[inline]
                pub fn from_raft_id(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "Hello", "from_raft_id")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`cluster_id` field](Hello#structfield.cluster_id).
                #[inline]
                pub fn cluster_id(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(1, "Hello", "cluster_id")
                }
            }

            impl<'a> ::core::fmt::Debug for HelloRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("HelloRef");
                    f.field("from_raft_id", &self.from_raft_id());
                    f.field("cluster_id", &self.cluster_id());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<HelloRef<'a>> for Hello {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: HelloRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        from_raft_id: ::core::convert::TryInto::try_into(value.from_raft_id()?)?,
                        cluster_id: ::core::convert::Into::into(value.cluster_id()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for HelloRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for HelloRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[HelloRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Hello>> for Hello {
                type Value = ::planus::Offset<Hello>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Hello>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for HelloRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[HelloRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A raft-rs message as raft-rs encodes it (protobuf `eraftpb::Message`): raft-rs's own type.
            ///
            /// Generated from these locations:
            /// * Table `RaftMessage` in the file `rpc.fbs:19`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct RaftMessage {
                /// The field `bytes` in the table `RaftMessage`
                pub bytes: ::planus::alloc::vec::Vec<u8>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for RaftMessage {
                fn default() -> Self {
                    Self {
                        bytes: ::core::default::Default::default(),
                    }
                }
            }

            impl RaftMessage {
                /// Creates a [RaftMessageBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RaftMessageBuilder<()> {
                    RaftMessageBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_bytes: impl ::planus::WriteAs<::planus::Offset<[u8]>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_bytes = field_bytes.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<[u8]>>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_bytes);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<RaftMessage>> for RaftMessage {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RaftMessage> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<RaftMessage>> for RaftMessage {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RaftMessage>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<RaftMessage> for RaftMessage {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RaftMessage> {
                    RaftMessage::create(builder, &self.bytes)
                }
            }

            /// Builder for serializing an instance of the [RaftMessage] type.
            ///
            /// Can be created using the [RaftMessage::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RaftMessageBuilder<State>(State);

            impl RaftMessageBuilder<()> {
                /// Setter for the [`bytes` field](RaftMessage#structfield.bytes).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn bytes<T0>(self, value: T0) -> RaftMessageBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<[u8]>>,
                {
                    RaftMessageBuilder((value,))
                }
            }

            impl<T0> RaftMessageBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RaftMessage].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RaftMessage>
                where
                    Self: ::planus::WriteAsOffset<RaftMessage>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[u8]>>>
                ::planus::WriteAs<::planus::Offset<RaftMessage>> for RaftMessageBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<RaftMessage>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RaftMessage> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[u8]>>>
                ::planus::WriteAsOptional<::planus::Offset<RaftMessage>>
                for RaftMessageBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<RaftMessage>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RaftMessage>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[u8]>>> ::planus::WriteAsOffset<RaftMessage>
                for RaftMessageBuilder<(T0,)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RaftMessage> {
                    let (v0,) = &self.0;
                    RaftMessage::create(builder, v0)
                }
            }

            /// Reference to a deserialized [RaftMessage].
            #[derive(Copy, Clone)]
            pub struct RaftMessageRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RaftMessageRef<'a> {
                /// Getter for the [`bytes` field](RaftMessage#structfield.bytes).
                #[inline]
                pub fn bytes(&self) -> ::planus::Result<&'a [u8]> {
                    self.0.access_required(0, "RaftMessage", "bytes")
                }
            }

            impl<'a> ::core::fmt::Debug for RaftMessageRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RaftMessageRef");
                    f.field("bytes", &self.bytes());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RaftMessageRef<'a>> for RaftMessage {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RaftMessageRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        bytes: value.bytes()?.to_vec(),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RaftMessageRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RaftMessageRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RaftMessageRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<RaftMessage>> for RaftMessage {
                type Value = ::planus::Offset<RaftMessage>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<RaftMessage>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RaftMessageRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RaftMessageRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A follower's broker registration (a `RegisterBroker` record) for the active controller to
            ///  commit.
            ///
            /// Generated from these locations:
            /// * Table `Registration` in the file `rpc.fbs:25`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Registration {
                /// The field `record` in the table `Registration`
                pub record: ::planus::alloc::boxed::Box<super::metadata::Record>,
            }

            impl Registration {
                /// Creates a [RegistrationBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RegistrationBuilder<()> {
                    RegistrationBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_record: impl ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_record = field_record.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<super::metadata::Record>>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_record);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Registration>> for Registration {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<Registration> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Registration>> for Registration {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Registration>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Registration> for Registration {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<Registration> {
                    Registration::create(builder, &self.record)
                }
            }

            /// Builder for serializing an instance of the [Registration] type.
            ///
            /// Can be created using the [Registration::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RegistrationBuilder<State>(State);

            impl RegistrationBuilder<()> {
                /// Setter for the [`record` field](Registration#structfield.record).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn record<T0>(self, value: T0) -> RegistrationBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                {
                    RegistrationBuilder((value,))
                }
            }

            impl<T0> RegistrationBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Registration].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<Registration>
                where
                    Self: ::planus::WriteAsOffset<Registration>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAs<::planus::Offset<Registration>> for RegistrationBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Registration>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<Registration> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAsOptional<::planus::Offset<Registration>>
                for RegistrationBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<Registration>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Registration>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAsOffset<Registration> for RegistrationBuilder<(T0,)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<Registration> {
                    let (v0,) = &self.0;
                    Registration::create(builder, v0)
                }
            }

            /// Reference to a deserialized [Registration].
            #[derive(Copy, Clone)]
            pub struct RegistrationRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RegistrationRef<'a> {
                /// Getter for the [`record` field](Registration#structfield.record).
                #[inline]
                pub fn record(&self) -> ::planus::Result<super::metadata::RecordRef<'a>> {
                    self.0.access_required(0, "Registration", "record")
                }
            }

            impl<'a> ::core::fmt::Debug for RegistrationRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RegistrationRef");
                    f.field("record", &self.record());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RegistrationRef<'a>> for Registration {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RegistrationRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        record: ::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(value.record()?)?,
                        ),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RegistrationRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RegistrationRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RegistrationRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Registration>> for Registration {
                type Value = ::planus::Offset<Registration>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Registration>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RegistrationRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RegistrationRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A config name and its value (`CreateTopic`: the value is required; `AlterConfigs`: absent
            ///  deletes the override).
            ///
            /// Generated from these locations:
            /// * Table `ConfigEntry` in the file `rpc.fbs:31`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ConfigEntry {
                /// The field `name` in the table `ConfigEntry`
                pub name: ::planus::alloc::string::String,
                /// The field `value` in the table `ConfigEntry`
                pub value: ::core::option::Option<::planus::alloc::string::String>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ConfigEntry {
                fn default() -> Self {
                    Self {
                        name: ::core::default::Default::default(),
                        value: ::core::default::Default::default(),
                    }
                }
            }

            impl ConfigEntry {
                /// Creates a [ConfigEntryBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ConfigEntryBuilder<()> {
                    ConfigEntryBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_value: impl ::planus::WriteAsOptional<
                        ::planus::Offset<::core::primitive::str>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_name = field_name.prepare(builder);
                    let prepared_value = field_value.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    if prepared_value.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(1);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_value) = prepared_value {
                                object_writer.write::<_, _, 4>(&prepared_value);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ConfigEntry>> for ConfigEntry {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ConfigEntry> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ConfigEntry>> for ConfigEntry {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ConfigEntry>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ConfigEntry> for ConfigEntry {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ConfigEntry> {
                    ConfigEntry::create(builder, &self.name, &self.value)
                }
            }

            /// Builder for serializing an instance of the [ConfigEntry] type.
            ///
            /// Can be created using the [ConfigEntry::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ConfigEntryBuilder<State>(State);

            impl ConfigEntryBuilder<()> {
                /// Setter for the [`name` field](ConfigEntry#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T0>(self, value: T0) -> ConfigEntryBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    ConfigEntryBuilder((value,))
                }
            }

            impl<T0> ConfigEntryBuilder<(T0,)> {
                /// Setter for the [`value` field](ConfigEntry#structfield.value).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn value<T1>(self, value: T1) -> ConfigEntryBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0,) = self.0;
                    ConfigEntryBuilder((v0, value))
                }

                /// Sets the [`value` field](ConfigEntry#structfield.value) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn value_as_null(self) -> ConfigEntryBuilder<(T0, ())> {
                    self.value(())
                }
            }

            impl<T0, T1> ConfigEntryBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ConfigEntry].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ConfigEntry>
                where
                    Self: ::planus::WriteAsOffset<ConfigEntry>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAs<::planus::Offset<ConfigEntry>>
                for ConfigEntryBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ConfigEntry>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ConfigEntry> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOptional<::planus::Offset<ConfigEntry>>
                for ConfigEntryBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ConfigEntry>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ConfigEntry>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOffset<ConfigEntry> for ConfigEntryBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ConfigEntry> {
                    let (v0, v1) = &self.0;
                    ConfigEntry::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ConfigEntry].
            #[derive(Copy, Clone)]
            pub struct ConfigEntryRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ConfigEntryRef<'a> {
                /// Getter for the [`name` field](ConfigEntry#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "ConfigEntry", "name")
                }

                /// Getter for the [`value` field](ConfigEntry#structfield.value).
                #[inline]
                pub fn value(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(1, "ConfigEntry", "value")
                }
            }

            impl<'a> ::core::fmt::Debug for ConfigEntryRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ConfigEntryRef");
                    f.field("name", &self.name());
                    if let ::core::option::Option::Some(field_value) = self.value().transpose() {
                        f.field("value", &field_value);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ConfigEntryRef<'a>> for ConfigEntry {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ConfigEntryRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        name: ::core::convert::Into::into(value.name()?),
                        value: value.value()?.map(::core::convert::Into::into),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ConfigEntryRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ConfigEntryRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ConfigEntryRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ConfigEntry>> for ConfigEntry {
                type Value = ::planus::Offset<ConfigEntry>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ConfigEntry>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ConfigEntryRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ConfigEntryRef]", "read_as_root", 0)
                    })
                }
            }

            ///  One partition's replicas, as an explicit assignment names them.
            ///
            /// Generated from these locations:
            /// * Table `ReplicaList` in the file `rpc.fbs:37`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ReplicaList {
                /// The field `brokers` in the table `ReplicaList`
                pub brokers: ::planus::alloc::vec::Vec<i32>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ReplicaList {
                fn default() -> Self {
                    Self {
                        brokers: ::core::default::Default::default(),
                    }
                }
            }

            impl ReplicaList {
                /// Creates a [ReplicaListBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ReplicaListBuilder<()> {
                    ReplicaListBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_brokers: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_brokers = field_brokers.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<[i32]>>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_brokers);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ReplicaList>> for ReplicaList {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaList> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ReplicaList>> for ReplicaList {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ReplicaList>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ReplicaList> for ReplicaList {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaList> {
                    ReplicaList::create(builder, &self.brokers)
                }
            }

            /// Builder for serializing an instance of the [ReplicaList] type.
            ///
            /// Can be created using the [ReplicaList::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ReplicaListBuilder<State>(State);

            impl ReplicaListBuilder<()> {
                /// Setter for the [`brokers` field](ReplicaList#structfield.brokers).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn brokers<T0>(self, value: T0) -> ReplicaListBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    ReplicaListBuilder((value,))
                }
            }

            impl<T0> ReplicaListBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ReplicaList].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaList>
                where
                    Self: ::planus::WriteAsOffset<ReplicaList>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[i32]>>>
                ::planus::WriteAs<::planus::Offset<ReplicaList>> for ReplicaListBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<ReplicaList>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaList> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[i32]>>>
                ::planus::WriteAsOptional<::planus::Offset<ReplicaList>>
                for ReplicaListBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<ReplicaList>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ReplicaList>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<[i32]>>>
                ::planus::WriteAsOffset<ReplicaList> for ReplicaListBuilder<(T0,)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaList> {
                    let (v0,) = &self.0;
                    ReplicaList::create(builder, v0)
                }
            }

            /// Reference to a deserialized [ReplicaList].
            #[derive(Copy, Clone)]
            pub struct ReplicaListRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ReplicaListRef<'a> {
                /// Getter for the [`brokers` field](ReplicaList#structfield.brokers).
                #[inline]
                pub fn brokers(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(0, "ReplicaList", "brokers")
                }
            }

            impl<'a> ::core::fmt::Debug for ReplicaListRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ReplicaListRef");
                    f.field("brokers", &self.brokers());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ReplicaListRef<'a>> for ReplicaList {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ReplicaListRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        brokers: value.brokers()?.to_vec()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ReplicaListRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ReplicaListRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ReplicaListRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ReplicaList>> for ReplicaList {
                type Value = ::planus::Offset<ReplicaList>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ReplicaList>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ReplicaListRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ReplicaListRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `CreateTopic` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `CreateTopic` in the file `rpc.fbs:41`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct CreateTopic {
                /// The field `name` in the table `CreateTopic`
                pub name: ::planus::alloc::string::String,
                /// The field `partitions` in the table `CreateTopic`
                pub partitions: i32,
                /// The field `replication_factor` in the table `CreateTopic`
                pub replication_factor: i16,
                /// The field `configs` in the table `CreateTopic`
                pub configs: ::planus::alloc::vec::Vec<self::ConfigEntry>,
                /// The field `validate_only` in the table `CreateTopic`
                pub validate_only: bool,
                ///  Explicit replicas of each partition from 0; absent or empty: placed by the controller.
                pub assignments:
                    ::core::option::Option<::planus::alloc::vec::Vec<self::ReplicaList>>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for CreateTopic {
                fn default() -> Self {
                    Self {
                        name: ::core::default::Default::default(),
                        partitions: 0,
                        replication_factor: 0,
                        configs: ::core::default::Default::default(),
                        validate_only: false,
                        assignments: ::core::default::Default::default(),
                    }
                }
            }

            impl CreateTopic {
                /// Creates a [CreateTopicBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> CreateTopicBuilder<()> {
                    CreateTopicBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_partitions: impl ::planus::WriteAsDefault<i32, i32>,
                    field_replication_factor: impl ::planus::WriteAsDefault<i16, i16>,
                    field_configs: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ConfigEntry>]>,
                    >,
                    field_validate_only: impl ::planus::WriteAsDefault<bool, bool>,
                    field_assignments: impl ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_name = field_name.prepare(builder);
                    let prepared_partitions = field_partitions.prepare(builder, &0);
                    let prepared_replication_factor = field_replication_factor.prepare(builder, &0);
                    let prepared_configs = field_configs.prepare(builder);
                    let prepared_validate_only = field_validate_only.prepare(builder, &false);
                    let prepared_assignments = field_assignments.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<16> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    if prepared_partitions.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>(3);
                    if prepared_assignments.is_some() {
                        table_writer
                            .write_entry::<::planus::Offset<[::planus::Offset<self::ReplicaList>]>>(
                                5,
                            );
                    }
                    if prepared_replication_factor.is_some() {
                        table_writer.write_entry::<i16>(2);
                    }
                    if prepared_validate_only.is_some() {
                        table_writer.write_entry::<bool>(4);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_partitions) =
                                prepared_partitions
                            {
                                object_writer.write::<_, _, 4>(&prepared_partitions);
                            }
                            object_writer.write::<_, _, 4>(&prepared_configs);
                            if let ::core::option::Option::Some(prepared_assignments) =
                                prepared_assignments
                            {
                                object_writer.write::<_, _, 4>(&prepared_assignments);
                            }
                            if let ::core::option::Option::Some(prepared_replication_factor) =
                                prepared_replication_factor
                            {
                                object_writer.write::<_, _, 2>(&prepared_replication_factor);
                            }
                            if let ::core::option::Option::Some(prepared_validate_only) =
                                prepared_validate_only
                            {
                                object_writer.write::<_, _, 1>(&prepared_validate_only);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<CreateTopic>> for CreateTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreateTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<CreateTopic>> for CreateTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<CreateTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<CreateTopic> for CreateTopic {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreateTopic> {
                    CreateTopic::create(
                        builder,
                        &self.name,
                        self.partitions,
                        self.replication_factor,
                        &self.configs,
                        self.validate_only,
                        &self.assignments,
                    )
                }
            }

            /// Builder for serializing an instance of the [CreateTopic] type.
            ///
            /// Can be created using the [CreateTopic::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct CreateTopicBuilder<State>(State);

            impl CreateTopicBuilder<()> {
                /// Setter for the [`name` field](CreateTopic#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T0>(self, value: T0) -> CreateTopicBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    CreateTopicBuilder((value,))
                }
            }

            impl<T0> CreateTopicBuilder<(T0,)> {
                /// Setter for the [`partitions` field](CreateTopic#structfield.partitions).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions<T1>(self, value: T1) -> CreateTopicBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    CreateTopicBuilder((v0, value))
                }

                /// Sets the [`partitions` field](CreateTopic#structfield.partitions) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions_as_default(
                    self,
                ) -> CreateTopicBuilder<(T0, ::planus::DefaultValue)> {
                    self.partitions(::planus::DefaultValue)
                }
            }

            impl<T0, T1> CreateTopicBuilder<(T0, T1)> {
                /// Setter for the [`replication_factor` field](CreateTopic#structfield.replication_factor).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replication_factor<T2>(self, value: T2) -> CreateTopicBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0, v1) = self.0;
                    CreateTopicBuilder((v0, v1, value))
                }

                /// Sets the [`replication_factor` field](CreateTopic#structfield.replication_factor) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replication_factor_as_default(
                    self,
                ) -> CreateTopicBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.replication_factor(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> CreateTopicBuilder<(T0, T1, T2)> {
                /// Setter for the [`configs` field](CreateTopic#structfield.configs).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn configs<T3>(self, value: T3) -> CreateTopicBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                {
                    let (v0, v1, v2) = self.0;
                    CreateTopicBuilder((v0, v1, v2, value))
                }
            }

            impl<T0, T1, T2, T3> CreateTopicBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`validate_only` field](CreateTopic#structfield.validate_only).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only<T4>(
                    self,
                    value: T4,
                ) -> CreateTopicBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<bool, bool>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    CreateTopicBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`validate_only` field](CreateTopic#structfield.validate_only) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only_as_default(
                    self,
                ) -> CreateTopicBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)> {
                    self.validate_only(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> CreateTopicBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`assignments` field](CreateTopic#structfield.assignments).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn assignments<T5>(
                    self,
                    value: T5,
                ) -> CreateTopicBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    CreateTopicBuilder((v0, v1, v2, v3, v4, value))
                }

                /// Sets the [`assignments` field](CreateTopic#structfield.assignments) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn assignments_as_null(self) -> CreateTopicBuilder<(T0, T1, T2, T3, T4, ())> {
                    self.assignments(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5> CreateTopicBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [CreateTopic].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreateTopic>
                where
                    Self: ::planus::WriteAsOffset<CreateTopic>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<CreateTopic>>
                for CreateTopicBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<CreateTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreateTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<CreateTopic>>
                for CreateTopicBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<CreateTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<CreateTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAsOffset<CreateTopic>
                for CreateTopicBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreateTopic> {
                    let (v0, v1, v2, v3, v4, v5) = &self.0;
                    CreateTopic::create(builder, v0, v1, v2, v3, v4, v5)
                }
            }

            /// Reference to a deserialized [CreateTopic].
            #[derive(Copy, Clone)]
            pub struct CreateTopicRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> CreateTopicRef<'a> {
                /// Getter for the [`name` field](CreateTopic#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "CreateTopic", "name")
                }

                /// Getter for the [`partitions` field](CreateTopic#structfield.partitions).
                #[inline]
                pub fn partitions(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "CreateTopic", "partitions")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`replication_factor` field](CreateTopic#structfield.replication_factor).
                #[inline]
                pub fn replication_factor(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "CreateTopic", "replication_factor")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`configs` field](CreateTopic#structfield.configs).
                #[inline]
                pub fn configs(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::ConfigEntryRef<'a>>>,
                > {
                    self.0.access_required(3, "CreateTopic", "configs")
                }

                /// Getter for the [`validate_only` field](CreateTopic#structfield.validate_only).
                #[inline]
                pub fn validate_only(&self) -> ::planus::Result<bool> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "CreateTopic", "validate_only")?
                            .unwrap_or(false),
                    )
                }

                /// Getter for the [`assignments` field](CreateTopic#structfield.assignments).
                #[inline]
                pub fn assignments(
                    &self,
                ) -> ::planus::Result<
                    ::core::option::Option<
                        ::planus::Vector<'a, ::planus::Result<self::ReplicaListRef<'a>>>,
                    >,
                > {
                    self.0.access(5, "CreateTopic", "assignments")
                }
            }

            impl<'a> ::core::fmt::Debug for CreateTopicRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("CreateTopicRef");
                    f.field("name", &self.name());
                    f.field("partitions", &self.partitions());
                    f.field("replication_factor", &self.replication_factor());
                    f.field("configs", &self.configs());
                    f.field("validate_only", &self.validate_only());
                    if let ::core::option::Option::Some(field_assignments) =
                        self.assignments().transpose()
                    {
                        f.field("assignments", &field_assignments);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<CreateTopicRef<'a>> for CreateTopic {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: CreateTopicRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        name: ::core::convert::Into::into(value.name()?),
                        partitions: ::core::convert::TryInto::try_into(value.partitions()?)?,
                        replication_factor: ::core::convert::TryInto::try_into(
                            value.replication_factor()?,
                        )?,
                        configs: value.configs()?.to_vec_result()?,
                        validate_only: ::core::convert::TryInto::try_into(value.validate_only()?)?,
                        assignments: if let ::core::option::Option::Some(assignments) =
                            value.assignments()?
                        {
                            ::core::option::Option::Some(assignments.to_vec_result()?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for CreateTopicRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for CreateTopicRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[CreateTopicRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<CreateTopic>> for CreateTopic {
                type Value = ::planus::Offset<CreateTopic>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<CreateTopic>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for CreateTopicRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[CreateTopicRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `DeleteTopic` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `DeleteTopic` in the file `rpc.fbs:51`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct DeleteTopic {
                /// The field `id` in the table `DeleteTopic`
                pub id: super::metadata::Uuid,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for DeleteTopic {
                fn default() -> Self {
                    Self {
                        id: ::core::default::Default::default(),
                    }
                }
            }

            impl DeleteTopic {
                /// Creates a [DeleteTopicBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> DeleteTopicBuilder<()> {
                    DeleteTopicBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_id: impl ::planus::WriteAs<super::metadata::Uuid>,
                ) -> ::planus::Offset<Self> {
                    let prepared_id = field_id.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<super::metadata::Uuid>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_id);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<DeleteTopic>> for DeleteTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DeleteTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<DeleteTopic>> for DeleteTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<DeleteTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<DeleteTopic> for DeleteTopic {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DeleteTopic> {
                    DeleteTopic::create(builder, self.id)
                }
            }

            /// Builder for serializing an instance of the [DeleteTopic] type.
            ///
            /// Can be created using the [DeleteTopic::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct DeleteTopicBuilder<State>(State);

            impl DeleteTopicBuilder<()> {
                /// Setter for the [`id` field](DeleteTopic#structfield.id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id<T0>(self, value: T0) -> DeleteTopicBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                {
                    DeleteTopicBuilder((value,))
                }
            }

            impl<T0> DeleteTopicBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DeleteTopic].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DeleteTopic>
                where
                    Self: ::planus::WriteAsOffset<DeleteTopic>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<super::metadata::Uuid>>
                ::planus::WriteAs<::planus::Offset<DeleteTopic>> for DeleteTopicBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<DeleteTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DeleteTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<super::metadata::Uuid>>
                ::planus::WriteAsOptional<::planus::Offset<DeleteTopic>>
                for DeleteTopicBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<DeleteTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<DeleteTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<super::metadata::Uuid>> ::planus::WriteAsOffset<DeleteTopic>
                for DeleteTopicBuilder<(T0,)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DeleteTopic> {
                    let (v0,) = &self.0;
                    DeleteTopic::create(builder, v0)
                }
            }

            /// Reference to a deserialized [DeleteTopic].
            #[derive(Copy, Clone)]
            pub struct DeleteTopicRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> DeleteTopicRef<'a> {
                /// Getter for the [`id` field](DeleteTopic#structfield.id).
                #[inline]
                pub fn id(&self) -> ::planus::Result<super::metadata::UuidRef<'a>> {
                    self.0.access_required(0, "DeleteTopic", "id")
                }
            }

            impl<'a> ::core::fmt::Debug for DeleteTopicRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("DeleteTopicRef");
                    f.field("id", &self.id());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<DeleteTopicRef<'a>> for DeleteTopic {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: DeleteTopicRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        id: ::core::convert::Into::into(value.id()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for DeleteTopicRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for DeleteTopicRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[DeleteTopicRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<DeleteTopic>> for DeleteTopic {
                type Value = ::planus::Offset<DeleteTopic>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<DeleteTopic>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for DeleteTopicRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[DeleteTopicRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `CreatePartitions` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `CreatePartitions` in the file `rpc.fbs:55`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct CreatePartitions {
                /// The field `topic` in the table `CreatePartitions`
                pub topic: ::planus::alloc::string::String,
                /// The field `total` in the table `CreatePartitions`
                pub total: i32,
                /// The field `validate_only` in the table `CreatePartitions`
                pub validate_only: bool,
                ///  Explicit replicas of each new partition; absent or empty: placed by the controller.
                pub assignments:
                    ::core::option::Option<::planus::alloc::vec::Vec<self::ReplicaList>>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for CreatePartitions {
                fn default() -> Self {
                    Self {
                        topic: ::core::default::Default::default(),
                        total: 0,
                        validate_only: false,
                        assignments: ::core::default::Default::default(),
                    }
                }
            }

            impl CreatePartitions {
                /// Creates a [CreatePartitionsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> CreatePartitionsBuilder<()> {
                    CreatePartitionsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_topic: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_total: impl ::planus::WriteAsDefault<i32, i32>,
                    field_validate_only: impl ::planus::WriteAsDefault<bool, bool>,
                    field_assignments: impl ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_topic = field_topic.prepare(builder);
                    let prepared_total = field_total.prepare(builder, &0);
                    let prepared_validate_only = field_validate_only.prepare(builder, &false);
                    let prepared_assignments = field_assignments.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<12> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    if prepared_total.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_assignments.is_some() {
                        table_writer
                            .write_entry::<::planus::Offset<[::planus::Offset<self::ReplicaList>]>>(
                                3,
                            );
                    }
                    if prepared_validate_only.is_some() {
                        table_writer.write_entry::<bool>(2);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_topic);
                            if let ::core::option::Option::Some(prepared_total) = prepared_total {
                                object_writer.write::<_, _, 4>(&prepared_total);
                            }
                            if let ::core::option::Option::Some(prepared_assignments) =
                                prepared_assignments
                            {
                                object_writer.write::<_, _, 4>(&prepared_assignments);
                            }
                            if let ::core::option::Option::Some(prepared_validate_only) =
                                prepared_validate_only
                            {
                                object_writer.write::<_, _, 1>(&prepared_validate_only);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<CreatePartitions>> for CreatePartitions {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreatePartitions> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<CreatePartitions>> for CreatePartitions {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<CreatePartitions>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<CreatePartitions> for CreatePartitions {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreatePartitions> {
                    CreatePartitions::create(
                        builder,
                        &self.topic,
                        self.total,
                        self.validate_only,
                        &self.assignments,
                    )
                }
            }

            /// Builder for serializing an instance of the [CreatePartitions] type.
            ///
            /// Can be created using the [CreatePartitions::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct CreatePartitionsBuilder<State>(State);

            impl CreatePartitionsBuilder<()> {
                /// Setter for the [`topic` field](CreatePartitions#structfield.topic).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic<T0>(self, value: T0) -> CreatePartitionsBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    CreatePartitionsBuilder((value,))
                }
            }

            impl<T0> CreatePartitionsBuilder<(T0,)> {
                /// Setter for the [`total` field](CreatePartitions#structfield.total).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn total<T1>(self, value: T1) -> CreatePartitionsBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    CreatePartitionsBuilder((v0, value))
                }

                /// Sets the [`total` field](CreatePartitions#structfield.total) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn total_as_default(
                    self,
                ) -> CreatePartitionsBuilder<(T0, ::planus::DefaultValue)> {
                    self.total(::planus::DefaultValue)
                }
            }

            impl<T0, T1> CreatePartitionsBuilder<(T0, T1)> {
                /// Setter for the [`validate_only` field](CreatePartitions#structfield.validate_only).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only<T2>(self, value: T2) -> CreatePartitionsBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<bool, bool>,
                {
                    let (v0, v1) = self.0;
                    CreatePartitionsBuilder((v0, v1, value))
                }

                /// Sets the [`validate_only` field](CreatePartitions#structfield.validate_only) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only_as_default(
                    self,
                ) -> CreatePartitionsBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.validate_only(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> CreatePartitionsBuilder<(T0, T1, T2)> {
                /// Setter for the [`assignments` field](CreatePartitions#structfield.assignments).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn assignments<T3>(self, value: T3) -> CreatePartitionsBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                {
                    let (v0, v1, v2) = self.0;
                    CreatePartitionsBuilder((v0, v1, v2, value))
                }

                /// Sets the [`assignments` field](CreatePartitions#structfield.assignments) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn assignments_as_null(self) -> CreatePartitionsBuilder<(T0, T1, T2, ())> {
                    self.assignments(())
                }
            }

            impl<T0, T1, T2, T3> CreatePartitionsBuilder<(T0, T1, T2, T3)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [CreatePartitions].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreatePartitions>
                where
                    Self: ::planus::WriteAsOffset<CreatePartitions>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<bool, bool>,
                    T3: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<CreatePartitions>>
                for CreatePartitionsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<CreatePartitions>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreatePartitions> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<bool, bool>,
                    T3: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<CreatePartitions>>
                for CreatePartitionsBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<CreatePartitions>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<CreatePartitions>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<bool, bool>,
                    T3: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ReplicaList>]>,
                    >,
                > ::planus::WriteAsOffset<CreatePartitions>
                for CreatePartitionsBuilder<(T0, T1, T2, T3)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<CreatePartitions> {
                    let (v0, v1, v2, v3) = &self.0;
                    CreatePartitions::create(builder, v0, v1, v2, v3)
                }
            }

            /// Reference to a deserialized [CreatePartitions].
            #[derive(Copy, Clone)]
            pub struct CreatePartitionsRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> CreatePartitionsRef<'a> {
                /// Getter for the [`topic` field](CreatePartitions#structfield.topic).
                #[inline]
                pub fn topic(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "CreatePartitions", "topic")
                }

                /// Getter for the [`total` field](CreatePartitions#structfield.total).
                #[inline]
                pub fn total(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "CreatePartitions", "total")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`validate_only` field](CreatePartitions#structfield.validate_only).
                #[inline]
                pub fn validate_only(&self) -> ::planus::Result<bool> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "CreatePartitions", "validate_only")?
                            .unwrap_or(false),
                    )
                }

                /// Getter for the [`assignments` field](CreatePartitions#structfield.assignments).
                #[inline]
                pub fn assignments(
                    &self,
                ) -> ::planus::Result<
                    ::core::option::Option<
                        ::planus::Vector<'a, ::planus::Result<self::ReplicaListRef<'a>>>,
                    >,
                > {
                    self.0.access(3, "CreatePartitions", "assignments")
                }
            }

            impl<'a> ::core::fmt::Debug for CreatePartitionsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("CreatePartitionsRef");
                    f.field("topic", &self.topic());
                    f.field("total", &self.total());
                    f.field("validate_only", &self.validate_only());
                    if let ::core::option::Option::Some(field_assignments) =
                        self.assignments().transpose()
                    {
                        f.field("assignments", &field_assignments);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<CreatePartitionsRef<'a>> for CreatePartitions {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: CreatePartitionsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        topic: ::core::convert::Into::into(value.topic()?),
                        total: ::core::convert::TryInto::try_into(value.total()?)?,
                        validate_only: ::core::convert::TryInto::try_into(value.validate_only()?)?,
                        assignments: if let ::core::option::Option::Some(assignments) =
                            value.assignments()?
                        {
                            ::core::option::Option::Some(assignments.to_vec_result()?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for CreatePartitionsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for CreatePartitionsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[CreatePartitionsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<CreatePartitions>> for CreatePartitions {
                type Value = ::planus::Offset<CreatePartitions>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<CreatePartitions>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for CreatePartitionsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[CreatePartitionsRef]", "read_as_root", 0)
                    })
                }
            }

            ///  The resource as a `Config` record names it: topic or group name, or the broker's node id
            ///  (absent for the cluster-wide default).
            ///
            /// Generated from these locations:
            /// * Table `AlterConfigs` in the file `rpc.fbs:65`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AlterConfigs {
                /// The field `resource_type` in the table `AlterConfigs`
                pub resource_type: super::metadata::ConfigResourceType,
                /// The field `resource_name` in the table `AlterConfigs`
                pub resource_name: ::core::option::Option<::planus::alloc::string::String>,
                /// The field `broker` in the table `AlterConfigs`
                pub broker: ::core::option::Option<i32>,
                /// The field `set` in the table `AlterConfigs`
                pub set: ::planus::alloc::vec::Vec<self::ConfigEntry>,
                /// The field `validate_only` in the table `AlterConfigs`
                pub validate_only: bool,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AlterConfigs {
                fn default() -> Self {
                    Self {
                        resource_type: super::metadata::ConfigResourceType::Unknown,
                        resource_name: ::core::default::Default::default(),
                        broker: ::core::default::Default::default(),
                        set: ::core::default::Default::default(),
                        validate_only: false,
                    }
                }
            }

            impl AlterConfigs {
                /// Creates a [AlterConfigsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AlterConfigsBuilder<()> {
                    AlterConfigsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_resource_type: impl ::planus::WriteAsDefault<
                        super::metadata::ConfigResourceType,
                        super::metadata::ConfigResourceType,
                    >,
                    field_resource_name: impl ::planus::WriteAsOptional<
                        ::planus::Offset<::core::primitive::str>,
                    >,
                    field_broker: impl ::planus::WriteAsOptional<i32>,
                    field_set: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ConfigEntry>]>,
                    >,
                    field_validate_only: impl ::planus::WriteAsDefault<bool, bool>,
                ) -> ::planus::Offset<Self> {
                    let prepared_resource_type = field_resource_type
                        .prepare(builder, &super::metadata::ConfigResourceType::Unknown);
                    let prepared_resource_name = field_resource_name.prepare(builder);
                    let prepared_broker = field_broker.prepare(builder);
                    let prepared_set = field_set.prepare(builder);
                    let prepared_validate_only = field_validate_only.prepare(builder, &false);

                    let mut table_writer: ::planus::table_writer::TableWriter<14> =
                        ::core::default::Default::default();
                    if prepared_resource_name.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(1);
                    }
                    if prepared_broker.is_some() {
                        table_writer.write_entry::<i32>(2);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>(3);
                    if prepared_resource_type.is_some() {
                        table_writer.write_entry::<super::metadata::ConfigResourceType>(0);
                    }
                    if prepared_validate_only.is_some() {
                        table_writer.write_entry::<bool>(4);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_resource_name) =
                                prepared_resource_name
                            {
                                object_writer.write::<_, _, 4>(&prepared_resource_name);
                            }
                            if let ::core::option::Option::Some(prepared_broker) = prepared_broker {
                                object_writer.write::<_, _, 4>(&prepared_broker);
                            }
                            object_writer.write::<_, _, 4>(&prepared_set);
                            if let ::core::option::Option::Some(prepared_resource_type) =
                                prepared_resource_type
                            {
                                object_writer.write::<_, _, 1>(&prepared_resource_type);
                            }
                            if let ::core::option::Option::Some(prepared_validate_only) =
                                prepared_validate_only
                            {
                                object_writer.write::<_, _, 1>(&prepared_validate_only);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AlterConfigs>> for AlterConfigs {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterConfigs> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AlterConfigs>> for AlterConfigs {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterConfigs>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AlterConfigs> for AlterConfigs {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterConfigs> {
                    AlterConfigs::create(
                        builder,
                        self.resource_type,
                        &self.resource_name,
                        self.broker,
                        &self.set,
                        self.validate_only,
                    )
                }
            }

            /// Builder for serializing an instance of the [AlterConfigs] type.
            ///
            /// Can be created using the [AlterConfigs::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AlterConfigsBuilder<State>(State);

            impl AlterConfigsBuilder<()> {
                /// Setter for the [`resource_type` field](AlterConfigs#structfield.resource_type).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_type<T0>(self, value: T0) -> AlterConfigsBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<
                        super::metadata::ConfigResourceType,
                        super::metadata::ConfigResourceType,
                    >,
                {
                    AlterConfigsBuilder((value,))
                }

                /// Sets the [`resource_type` field](AlterConfigs#structfield.resource_type) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_type_as_default(
                    self,
                ) -> AlterConfigsBuilder<(::planus::DefaultValue,)> {
                    self.resource_type(::planus::DefaultValue)
                }
            }

            impl<T0> AlterConfigsBuilder<(T0,)> {
                /// Setter for the [`resource_name` field](AlterConfigs#structfield.resource_name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_name<T1>(self, value: T1) -> AlterConfigsBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0,) = self.0;
                    AlterConfigsBuilder((v0, value))
                }

                /// Sets the [`resource_name` field](AlterConfigs#structfield.resource_name) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn resource_name_as_null(self) -> AlterConfigsBuilder<(T0, ())> {
                    self.resource_name(())
                }
            }

            impl<T0, T1> AlterConfigsBuilder<(T0, T1)> {
                /// Setter for the [`broker` field](AlterConfigs#structfield.broker).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker<T2>(self, value: T2) -> AlterConfigsBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsOptional<i32>,
                {
                    let (v0, v1) = self.0;
                    AlterConfigsBuilder((v0, v1, value))
                }

                /// Sets the [`broker` field](AlterConfigs#structfield.broker) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_as_null(self) -> AlterConfigsBuilder<(T0, T1, ())> {
                    self.broker(())
                }
            }

            impl<T0, T1, T2> AlterConfigsBuilder<(T0, T1, T2)> {
                /// Setter for the [`set` field](AlterConfigs#structfield.set).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn set<T3>(self, value: T3) -> AlterConfigsBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                {
                    let (v0, v1, v2) = self.0;
                    AlterConfigsBuilder((v0, v1, v2, value))
                }
            }

            impl<T0, T1, T2, T3> AlterConfigsBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`validate_only` field](AlterConfigs#structfield.validate_only).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only<T4>(
                    self,
                    value: T4,
                ) -> AlterConfigsBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<bool, bool>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    AlterConfigsBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`validate_only` field](AlterConfigs#structfield.validate_only) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only_as_default(
                    self,
                ) -> AlterConfigsBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)> {
                    self.validate_only(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> AlterConfigsBuilder<(T0, T1, T2, T3, T4)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AlterConfigs].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterConfigs>
                where
                    Self: ::planus::WriteAsOffset<AlterConfigs>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<
                        super::metadata::ConfigResourceType,
                        super::metadata::ConfigResourceType,
                    >,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T2: ::planus::WriteAsOptional<i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAs<::planus::Offset<AlterConfigs>>
                for AlterConfigsBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<AlterConfigs>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterConfigs> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<
                        super::metadata::ConfigResourceType,
                        super::metadata::ConfigResourceType,
                    >,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T2: ::planus::WriteAsOptional<i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOptional<::planus::Offset<AlterConfigs>>
                for AlterConfigsBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<AlterConfigs>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterConfigs>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<
                        super::metadata::ConfigResourceType,
                        super::metadata::ConfigResourceType,
                    >,
                    T1: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                    T2: ::planus::WriteAsOptional<i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ConfigEntry>]>>,
                    T4: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOffset<AlterConfigs>
                for AlterConfigsBuilder<(T0, T1, T2, T3, T4)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterConfigs> {
                    let (v0, v1, v2, v3, v4) = &self.0;
                    AlterConfigs::create(builder, v0, v1, v2, v3, v4)
                }
            }

            /// Reference to a deserialized [AlterConfigs].
            #[derive(Copy, Clone)]
            pub struct AlterConfigsRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> AlterConfigsRef<'a> {
                /// Getter for the [`resource_type` field](AlterConfigs#structfield.resource_type).
                #[inline]
                pub fn resource_type(
                    &self,
                ) -> ::planus::Result<super::metadata::ConfigResourceType> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "AlterConfigs", "resource_type")?
                            .unwrap_or(super::metadata::ConfigResourceType::Unknown),
                    )
                }

                /// Getter for the [`resource_name` field](AlterConfigs#structfield.resource_name).
                #[inline]
                pub fn resource_name(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(1, "AlterConfigs", "resource_name")
                }

                /// Getter for the [`broker` field](AlterConfigs#structfield.broker).
                #[inline]
                pub fn broker(&self) -> ::planus::Result<::core::option::Option<i32>> {
                    self.0.access(2, "AlterConfigs", "broker")
                }

                /// Getter for the [`set` field](AlterConfigs#structfield.set).
                #[inline]
                pub fn set(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::ConfigEntryRef<'a>>>,
                > {
                    self.0.access_required(3, "AlterConfigs", "set")
                }

                /// Getter for the [`validate_only` field](AlterConfigs#structfield.validate_only).
                #[inline]
                pub fn validate_only(&self) -> ::planus::Result<bool> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "AlterConfigs", "validate_only")?
                            .unwrap_or(false),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for AlterConfigsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AlterConfigsRef");
                    f.field("resource_type", &self.resource_type());
                    if let ::core::option::Option::Some(field_resource_name) =
                        self.resource_name().transpose()
                    {
                        f.field("resource_name", &field_resource_name);
                    }
                    if let ::core::option::Option::Some(field_broker) = self.broker().transpose() {
                        f.field("broker", &field_broker);
                    }
                    f.field("set", &self.set());
                    f.field("validate_only", &self.validate_only());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AlterConfigsRef<'a>> for AlterConfigs {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AlterConfigsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        resource_type: ::core::convert::TryInto::try_into(value.resource_type()?)?,
                        resource_name: value.resource_name()?.map(::core::convert::Into::into),
                        broker: if let ::core::option::Option::Some(broker) = value.broker()? {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                broker,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        set: value.set()?.to_vec_result()?,
                        validate_only: ::core::convert::TryInto::try_into(value.validate_only()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AlterConfigsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AlterConfigsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterConfigsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AlterConfigs>> for AlterConfigs {
                type Value = ::planus::Offset<AlterConfigs>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AlterConfigs>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AlterConfigsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[AlterConfigsRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `AllocateProducerIds` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `AllocateProducerIds` in the file `rpc.fbs:73`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AllocateProducerIds {}

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AllocateProducerIds {
                fn default() -> Self {
                    Self {}
                }
            }

            impl AllocateProducerIds {
                /// Creates a [AllocateProducerIdsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AllocateProducerIdsBuilder<()> {
                    AllocateProducerIdsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(builder: &mut ::planus::Builder) -> ::planus::Offset<Self> {
                    let table_writer: ::planus::table_writer::TableWriter<4> =
                        ::core::default::Default::default();
                    unsafe {
                        table_writer.finish(builder, |_table_writer| {});
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AllocateProducerIds>> for AllocateProducerIds {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AllocateProducerIds> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AllocateProducerIds>> for AllocateProducerIds {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AllocateProducerIds>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AllocateProducerIds> for AllocateProducerIds {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AllocateProducerIds> {
                    AllocateProducerIds::create(builder)
                }
            }

            /// Builder for serializing an instance of the [AllocateProducerIds] type.
            ///
            /// Can be created using the [AllocateProducerIds::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AllocateProducerIdsBuilder<State>(State);

            impl AllocateProducerIdsBuilder<()> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AllocateProducerIds].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AllocateProducerIds>
                where
                    Self: ::planus::WriteAsOffset<AllocateProducerIds>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AllocateProducerIds>> for AllocateProducerIdsBuilder<()> {
                type Prepared = ::planus::Offset<AllocateProducerIds>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AllocateProducerIds> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AllocateProducerIds>>
                for AllocateProducerIdsBuilder<()>
            {
                type Prepared = ::planus::Offset<AllocateProducerIds>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AllocateProducerIds>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AllocateProducerIds> for AllocateProducerIdsBuilder<()> {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AllocateProducerIds> {
                    AllocateProducerIds::create(builder)
                }
            }

            /// Reference to a deserialized [AllocateProducerIds].
            #[derive(Copy, Clone)]
            pub struct AllocateProducerIdsRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> AllocateProducerIdsRef<'a> {}

            impl<'a> ::core::fmt::Debug for AllocateProducerIdsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AllocateProducerIdsRef");

                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AllocateProducerIdsRef<'a>> for AllocateProducerIds {
                type Error = ::planus::Error;

                fn try_from(_value: AllocateProducerIdsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {})
                }
            }

            impl<'a> ::planus::TableRead<'a> for AllocateProducerIdsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AllocateProducerIdsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AllocateProducerIdsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AllocateProducerIds>> for AllocateProducerIds {
                type Value = ::planus::Offset<AllocateProducerIds>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AllocateProducerIds>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AllocateProducerIdsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AllocateProducerIdsRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            ///  A broker's registration for the active controller to commit.
            ///
            /// Generated from these locations:
            /// * Table `RegisterBroker` in the file `rpc.fbs:76`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct RegisterBroker {
                /// The field `record` in the table `RegisterBroker`
                pub record: ::planus::alloc::boxed::Box<super::metadata::Record>,
            }

            impl RegisterBroker {
                /// Creates a [RegisterBrokerBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RegisterBrokerBuilder<()> {
                    RegisterBrokerBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_record: impl ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_record = field_record.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<6> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<super::metadata::Record>>(0);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_record);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RegisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<RegisterBroker> for RegisterBroker {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    RegisterBroker::create(builder, &self.record)
                }
            }

            /// Builder for serializing an instance of the [RegisterBroker] type.
            ///
            /// Can be created using the [RegisterBroker::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RegisterBrokerBuilder<State>(State);

            impl RegisterBrokerBuilder<()> {
                /// Setter for the [`record` field](RegisterBroker#structfield.record).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn record<T0>(self, value: T0) -> RegisterBrokerBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                {
                    RegisterBrokerBuilder((value,))
                }
            }

            impl<T0> RegisterBrokerBuilder<(T0,)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RegisterBroker].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker>
                where
                    Self: ::planus::WriteAsOffset<RegisterBroker>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAs<::planus::Offset<RegisterBroker>>
                for RegisterBrokerBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<RegisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAsOptional<::planus::Offset<RegisterBroker>>
                for RegisterBrokerBuilder<(T0,)>
            {
                type Prepared = ::planus::Offset<RegisterBroker>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RegisterBroker>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>>
                ::planus::WriteAsOffset<RegisterBroker> for RegisterBrokerBuilder<(T0,)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RegisterBroker> {
                    let (v0,) = &self.0;
                    RegisterBroker::create(builder, v0)
                }
            }

            /// Reference to a deserialized [RegisterBroker].
            #[derive(Copy, Clone)]
            pub struct RegisterBrokerRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> RegisterBrokerRef<'a> {
                /// Getter for the [`record` field](RegisterBroker#structfield.record).
                #[inline]
                pub fn record(&self) -> ::planus::Result<super::metadata::RecordRef<'a>> {
                    self.0.access_required(0, "RegisterBroker", "record")
                }
            }

            impl<'a> ::core::fmt::Debug for RegisterBrokerRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RegisterBrokerRef");
                    f.field("record", &self.record());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RegisterBrokerRef<'a>> for RegisterBroker {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RegisterBrokerRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        record: ::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(value.record()?)?,
                        ),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RegisterBrokerRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RegisterBrokerRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RegisterBrokerRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<RegisterBroker>> for RegisterBroker {
                type Value = ::planus::Offset<RegisterBroker>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<RegisterBroker>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RegisterBrokerRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RegisterBrokerRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `DescribeQuorum` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `DescribeQuorum` in the file `rpc.fbs:80`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct DescribeQuorum {}

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for DescribeQuorum {
                fn default() -> Self {
                    Self {}
                }
            }

            impl DescribeQuorum {
                /// Creates a [DescribeQuorumBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> DescribeQuorumBuilder<()> {
                    DescribeQuorumBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(builder: &mut ::planus::Builder) -> ::planus::Offset<Self> {
                    let table_writer: ::planus::table_writer::TableWriter<4> =
                        ::core::default::Default::default();
                    unsafe {
                        table_writer.finish(builder, |_table_writer| {});
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<DescribeQuorum>> for DescribeQuorum {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DescribeQuorum> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<DescribeQuorum>> for DescribeQuorum {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<DescribeQuorum>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<DescribeQuorum> for DescribeQuorum {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DescribeQuorum> {
                    DescribeQuorum::create(builder)
                }
            }

            /// Builder for serializing an instance of the [DescribeQuorum] type.
            ///
            /// Can be created using the [DescribeQuorum::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct DescribeQuorumBuilder<State>(State);

            impl DescribeQuorumBuilder<()> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [DescribeQuorum].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DescribeQuorum>
                where
                    Self: ::planus::WriteAsOffset<DescribeQuorum>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl ::planus::WriteAs<::planus::Offset<DescribeQuorum>> for DescribeQuorumBuilder<()> {
                type Prepared = ::planus::Offset<DescribeQuorum>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DescribeQuorum> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<DescribeQuorum>> for DescribeQuorumBuilder<()> {
                type Prepared = ::planus::Offset<DescribeQuorum>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<DescribeQuorum>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<DescribeQuorum> for DescribeQuorumBuilder<()> {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<DescribeQuorum> {
                    DescribeQuorum::create(builder)
                }
            }

            /// Reference to a deserialized [DescribeQuorum].
            #[derive(Copy, Clone)]
            pub struct DescribeQuorumRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> DescribeQuorumRef<'a> {}

            impl<'a> ::core::fmt::Debug for DescribeQuorumRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("DescribeQuorumRef");

                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<DescribeQuorumRef<'a>> for DescribeQuorum {
                type Error = ::planus::Error;

                fn try_from(_value: DescribeQuorumRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {})
                }
            }

            impl<'a> ::planus::TableRead<'a> for DescribeQuorumRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for DescribeQuorumRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[DescribeQuorumRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<DescribeQuorum>> for DescribeQuorum {
                type Value = ::planus::Offset<DescribeQuorum>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<DescribeQuorum>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for DescribeQuorumRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[DescribeQuorumRef]", "read_as_root", 0)
                    })
                }
            }

            ///  One requested feature level: `upgrade_type` is Kafka's (1 upgrade, 2 safe downgrade,
            ///  3 unsafe downgrade).
            ///
            /// Generated from these locations:
            /// * Table `FeatureUpdate` in the file `rpc.fbs:84`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct FeatureUpdate {
                /// The field `name` in the table `FeatureUpdate`
                pub name: ::planus::alloc::string::String,
                /// The field `level` in the table `FeatureUpdate`
                pub level: i16,
                /// The field `upgrade_type` in the table `FeatureUpdate`
                pub upgrade_type: i8,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for FeatureUpdate {
                fn default() -> Self {
                    Self {
                        name: ::core::default::Default::default(),
                        level: 0,
                        upgrade_type: 0,
                    }
                }
            }

            impl FeatureUpdate {
                /// Creates a [FeatureUpdateBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> FeatureUpdateBuilder<()> {
                    FeatureUpdateBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_name: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_level: impl ::planus::WriteAsDefault<i16, i16>,
                    field_upgrade_type: impl ::planus::WriteAsDefault<i8, i8>,
                ) -> ::planus::Offset<Self> {
                    let prepared_name = field_name.prepare(builder);
                    let prepared_level = field_level.prepare(builder, &0);
                    let prepared_upgrade_type = field_upgrade_type.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    if prepared_level.is_some() {
                        table_writer.write_entry::<i16>(1);
                    }
                    if prepared_upgrade_type.is_some() {
                        table_writer.write_entry::<i8>(2);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_name);
                            if let ::core::option::Option::Some(prepared_level) = prepared_level {
                                object_writer.write::<_, _, 2>(&prepared_level);
                            }
                            if let ::core::option::Option::Some(prepared_upgrade_type) =
                                prepared_upgrade_type
                            {
                                object_writer.write::<_, _, 1>(&prepared_upgrade_type);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<FeatureUpdate>> for FeatureUpdate {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureUpdate> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<FeatureUpdate>> for FeatureUpdate {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<FeatureUpdate>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<FeatureUpdate> for FeatureUpdate {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureUpdate> {
                    FeatureUpdate::create(builder, &self.name, self.level, self.upgrade_type)
                }
            }

            /// Builder for serializing an instance of the [FeatureUpdate] type.
            ///
            /// Can be created using the [FeatureUpdate::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct FeatureUpdateBuilder<State>(State);

            impl FeatureUpdateBuilder<()> {
                /// Setter for the [`name` field](FeatureUpdate#structfield.name).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn name<T0>(self, value: T0) -> FeatureUpdateBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    FeatureUpdateBuilder((value,))
                }
            }

            impl<T0> FeatureUpdateBuilder<(T0,)> {
                /// Setter for the [`level` field](FeatureUpdate#structfield.level).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn level<T1>(self, value: T1) -> FeatureUpdateBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0,) = self.0;
                    FeatureUpdateBuilder((v0, value))
                }

                /// Sets the [`level` field](FeatureUpdate#structfield.level) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn level_as_default(
                    self,
                ) -> FeatureUpdateBuilder<(T0, ::planus::DefaultValue)> {
                    self.level(::planus::DefaultValue)
                }
            }

            impl<T0, T1> FeatureUpdateBuilder<(T0, T1)> {
                /// Setter for the [`upgrade_type` field](FeatureUpdate#structfield.upgrade_type).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn upgrade_type<T2>(self, value: T2) -> FeatureUpdateBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i8, i8>,
                {
                    let (v0, v1) = self.0;
                    FeatureUpdateBuilder((v0, v1, value))
                }

                /// Sets the [`upgrade_type` field](FeatureUpdate#structfield.upgrade_type) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn upgrade_type_as_default(
                    self,
                ) -> FeatureUpdateBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.upgrade_type(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> FeatureUpdateBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [FeatureUpdate].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureUpdate>
                where
                    Self: ::planus::WriteAsOffset<FeatureUpdate>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAs<::planus::Offset<FeatureUpdate>>
                for FeatureUpdateBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<FeatureUpdate>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureUpdate> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOptional<::planus::Offset<FeatureUpdate>>
                for FeatureUpdateBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<FeatureUpdate>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<FeatureUpdate>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOffset<FeatureUpdate> for FeatureUpdateBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<FeatureUpdate> {
                    let (v0, v1, v2) = &self.0;
                    FeatureUpdate::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [FeatureUpdate].
            #[derive(Copy, Clone)]
            pub struct FeatureUpdateRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> FeatureUpdateRef<'a> {
                /// Getter for the [`name` field](FeatureUpdate#structfield.name).
                #[inline]
                pub fn name(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "FeatureUpdate", "name")
                }

                /// Getter for the [`level` field](FeatureUpdate#structfield.level).
                #[inline]
                pub fn level(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "FeatureUpdate", "level")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`upgrade_type` field](FeatureUpdate#structfield.upgrade_type).
                #[inline]
                pub fn upgrade_type(&self) -> ::planus::Result<i8> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "FeatureUpdate", "upgrade_type")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for FeatureUpdateRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("FeatureUpdateRef");
                    f.field("name", &self.name());
                    f.field("level", &self.level());
                    f.field("upgrade_type", &self.upgrade_type());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<FeatureUpdateRef<'a>> for FeatureUpdate {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: FeatureUpdateRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        name: ::core::convert::Into::into(value.name()?),
                        level: ::core::convert::TryInto::try_into(value.level()?)?,
                        upgrade_type: ::core::convert::TryInto::try_into(value.upgrade_type()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for FeatureUpdateRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for FeatureUpdateRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[FeatureUpdateRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<FeatureUpdate>> for FeatureUpdate {
                type Value = ::planus::Offset<FeatureUpdate>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<FeatureUpdate>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for FeatureUpdateRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[FeatureUpdateRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `UpdateFeatures` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `UpdateFeatures` in the file `rpc.fbs:90`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct UpdateFeatures {
                /// The field `updates` in the table `UpdateFeatures`
                pub updates: ::planus::alloc::vec::Vec<self::FeatureUpdate>,
                /// The field `validate_only` in the table `UpdateFeatures`
                pub validate_only: bool,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for UpdateFeatures {
                fn default() -> Self {
                    Self {
                        updates: ::core::default::Default::default(),
                        validate_only: false,
                    }
                }
            }

            impl UpdateFeatures {
                /// Creates a [UpdateFeaturesBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> UpdateFeaturesBuilder<()> {
                    UpdateFeaturesBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_updates: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>,
                    >,
                    field_validate_only: impl ::planus::WriteAsDefault<bool, bool>,
                ) -> ::planus::Offset<Self> {
                    let prepared_updates = field_updates.prepare(builder);
                    let prepared_validate_only = field_validate_only.prepare(builder, &false);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>>(
                            0,
                        );
                    if prepared_validate_only.is_some() {
                        table_writer.write_entry::<bool>(1);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_updates);
                            if let ::core::option::Option::Some(prepared_validate_only) =
                                prepared_validate_only
                            {
                                object_writer.write::<_, _, 1>(&prepared_validate_only);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<UpdateFeatures>> for UpdateFeatures {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UpdateFeatures> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<UpdateFeatures>> for UpdateFeatures {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<UpdateFeatures>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<UpdateFeatures> for UpdateFeatures {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UpdateFeatures> {
                    UpdateFeatures::create(builder, &self.updates, self.validate_only)
                }
            }

            /// Builder for serializing an instance of the [UpdateFeatures] type.
            ///
            /// Can be created using the [UpdateFeatures::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct UpdateFeaturesBuilder<State>(State);

            impl UpdateFeaturesBuilder<()> {
                /// Setter for the [`updates` field](UpdateFeatures#structfield.updates).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn updates<T0>(self, value: T0) -> UpdateFeaturesBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>,
                    >,
                {
                    UpdateFeaturesBuilder((value,))
                }
            }

            impl<T0> UpdateFeaturesBuilder<(T0,)> {
                /// Setter for the [`validate_only` field](UpdateFeatures#structfield.validate_only).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only<T1>(self, value: T1) -> UpdateFeaturesBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<bool, bool>,
                {
                    let (v0,) = self.0;
                    UpdateFeaturesBuilder((v0, value))
                }

                /// Sets the [`validate_only` field](UpdateFeatures#structfield.validate_only) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn validate_only_as_default(
                    self,
                ) -> UpdateFeaturesBuilder<(T0, ::planus::DefaultValue)> {
                    self.validate_only(::planus::DefaultValue)
                }
            }

            impl<T0, T1> UpdateFeaturesBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [UpdateFeatures].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UpdateFeatures>
                where
                    Self: ::planus::WriteAsOffset<UpdateFeatures>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>>,
                    T1: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAs<::planus::Offset<UpdateFeatures>>
                for UpdateFeaturesBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<UpdateFeatures>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UpdateFeatures> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>>,
                    T1: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOptional<::planus::Offset<UpdateFeatures>>
                for UpdateFeaturesBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<UpdateFeatures>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<UpdateFeatures>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::FeatureUpdate>]>>,
                    T1: ::planus::WriteAsDefault<bool, bool>,
                > ::planus::WriteAsOffset<UpdateFeatures> for UpdateFeaturesBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<UpdateFeatures> {
                    let (v0, v1) = &self.0;
                    UpdateFeatures::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [UpdateFeatures].
            #[derive(Copy, Clone)]
            pub struct UpdateFeaturesRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> UpdateFeaturesRef<'a> {
                /// Getter for the [`updates` field](UpdateFeatures#structfield.updates).
                #[inline]
                pub fn updates(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::FeatureUpdateRef<'a>>>,
                > {
                    self.0.access_required(0, "UpdateFeatures", "updates")
                }

                /// Getter for the [`validate_only` field](UpdateFeatures#structfield.validate_only).
                #[inline]
                pub fn validate_only(&self) -> ::planus::Result<bool> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "UpdateFeatures", "validate_only")?
                            .unwrap_or(false),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for UpdateFeaturesRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("UpdateFeaturesRef");
                    f.field("updates", &self.updates());
                    f.field("validate_only", &self.validate_only());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<UpdateFeaturesRef<'a>> for UpdateFeatures {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: UpdateFeaturesRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        updates: value.updates()?.to_vec_result()?,
                        validate_only: ::core::convert::TryInto::try_into(value.validate_only()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for UpdateFeaturesRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for UpdateFeaturesRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[UpdateFeaturesRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<UpdateFeatures>> for UpdateFeatures {
                type Value = ::planus::Offset<UpdateFeatures>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<UpdateFeatures>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for UpdateFeaturesRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[UpdateFeaturesRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Make a controller a voter (KIP-853 AddRaftVoter): `voter` is its `ControllerEndpoints`
            ///  record (node id, directory id, controller listeners).
            ///
            /// Generated from these locations:
            /// * Table `AddRaftVoter` in the file `rpc.fbs:97`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AddRaftVoter {
                /// The field `voter` in the table `AddRaftVoter`
                pub voter: ::planus::alloc::boxed::Box<super::metadata::Record>,
                /// The field `timeout_ms` in the table `AddRaftVoter`
                pub timeout_ms: i32,
            }

            impl AddRaftVoter {
                /// Creates a [AddRaftVoterBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AddRaftVoterBuilder<()> {
                    AddRaftVoterBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_voter: impl ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                    field_timeout_ms: impl ::planus::WriteAsDefault<i32, i32>,
                ) -> ::planus::Offset<Self> {
                    let prepared_voter = field_voter.prepare(builder);
                    let prepared_timeout_ms = field_timeout_ms.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<super::metadata::Record>>(0);
                    if prepared_timeout_ms.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_voter);
                            if let ::core::option::Option::Some(prepared_timeout_ms) =
                                prepared_timeout_ms
                            {
                                object_writer.write::<_, _, 4>(&prepared_timeout_ms);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AddRaftVoter>> for AddRaftVoter {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AddRaftVoter> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AddRaftVoter>> for AddRaftVoter {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AddRaftVoter>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AddRaftVoter> for AddRaftVoter {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AddRaftVoter> {
                    AddRaftVoter::create(builder, &self.voter, self.timeout_ms)
                }
            }

            /// Builder for serializing an instance of the [AddRaftVoter] type.
            ///
            /// Can be created using the [AddRaftVoter::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AddRaftVoterBuilder<State>(State);

            impl AddRaftVoterBuilder<()> {
                /// Setter for the [`voter` field](AddRaftVoter#structfield.voter).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn voter<T0>(self, value: T0) -> AddRaftVoterBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                {
                    AddRaftVoterBuilder((value,))
                }
            }

            impl<T0> AddRaftVoterBuilder<(T0,)> {
                /// Setter for the [`timeout_ms` field](AddRaftVoter#structfield.timeout_ms).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn timeout_ms<T1>(self, value: T1) -> AddRaftVoterBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    AddRaftVoterBuilder((v0, value))
                }

                /// Sets the [`timeout_ms` field](AddRaftVoter#structfield.timeout_ms) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn timeout_ms_as_default(
                    self,
                ) -> AddRaftVoterBuilder<(T0, ::planus::DefaultValue)> {
                    self.timeout_ms(::planus::DefaultValue)
                }
            }

            impl<T0, T1> AddRaftVoterBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AddRaftVoter].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AddRaftVoter>
                where
                    Self: ::planus::WriteAsOffset<AddRaftVoter>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAs<::planus::Offset<AddRaftVoter>>
                for AddRaftVoterBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AddRaftVoter>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AddRaftVoter> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOptional<::planus::Offset<AddRaftVoter>>
                for AddRaftVoterBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AddRaftVoter>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AddRaftVoter>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<super::metadata::Record>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOffset<AddRaftVoter> for AddRaftVoterBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AddRaftVoter> {
                    let (v0, v1) = &self.0;
                    AddRaftVoter::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [AddRaftVoter].
            #[derive(Copy, Clone)]
            pub struct AddRaftVoterRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> AddRaftVoterRef<'a> {
                /// Getter for the [`voter` field](AddRaftVoter#structfield.voter).
                #[inline]
                pub fn voter(&self) -> ::planus::Result<super::metadata::RecordRef<'a>> {
                    self.0.access_required(0, "AddRaftVoter", "voter")
                }

                /// Getter for the [`timeout_ms` field](AddRaftVoter#structfield.timeout_ms).
                #[inline]
                pub fn timeout_ms(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "AddRaftVoter", "timeout_ms")?.unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for AddRaftVoterRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AddRaftVoterRef");
                    f.field("voter", &self.voter());
                    f.field("timeout_ms", &self.timeout_ms());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AddRaftVoterRef<'a>> for AddRaftVoter {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AddRaftVoterRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        voter: ::planus::alloc::boxed::Box::new(
                            ::core::convert::TryInto::try_into(value.voter()?)?,
                        ),
                        timeout_ms: ::core::convert::TryInto::try_into(value.timeout_ms()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AddRaftVoterRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AddRaftVoterRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AddRaftVoterRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AddRaftVoter>> for AddRaftVoter {
                type Value = ::planus::Offset<AddRaftVoter>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AddRaftVoter>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AddRaftVoterRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[AddRaftVoterRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Make a voter an observer again (KIP-853 RemoveRaftVoter).
            ///
            /// Generated from these locations:
            /// * Table `RemoveRaftVoter` in the file `rpc.fbs:103`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct RemoveRaftVoter {
                /// The field `node_id` in the table `RemoveRaftVoter`
                pub node_id: i32,
                /// The field `directory_id` in the table `RemoveRaftVoter`
                pub directory_id: super::metadata::Uuid,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for RemoveRaftVoter {
                fn default() -> Self {
                    Self {
                        node_id: 0,
                        directory_id: ::core::default::Default::default(),
                    }
                }
            }

            impl RemoveRaftVoter {
                /// Creates a [RemoveRaftVoterBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> RemoveRaftVoterBuilder<()> {
                    RemoveRaftVoterBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_node_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_directory_id: impl ::planus::WriteAs<super::metadata::Uuid>,
                ) -> ::planus::Offset<Self> {
                    let prepared_node_id = field_node_id.prepare(builder, &0);
                    let prepared_directory_id = field_directory_id.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<super::metadata::Uuid>(1);
                    if prepared_node_id.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_directory_id);
                            if let ::core::option::Option::Some(prepared_node_id) = prepared_node_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_node_id);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<RemoveRaftVoter>> for RemoveRaftVoter {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveRaftVoter> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<RemoveRaftVoter>> for RemoveRaftVoter {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RemoveRaftVoter>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<RemoveRaftVoter> for RemoveRaftVoter {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveRaftVoter> {
                    RemoveRaftVoter::create(builder, self.node_id, self.directory_id)
                }
            }

            /// Builder for serializing an instance of the [RemoveRaftVoter] type.
            ///
            /// Can be created using the [RemoveRaftVoter::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct RemoveRaftVoterBuilder<State>(State);

            impl RemoveRaftVoterBuilder<()> {
                /// Setter for the [`node_id` field](RemoveRaftVoter#structfield.node_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id<T0>(self, value: T0) -> RemoveRaftVoterBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    RemoveRaftVoterBuilder((value,))
                }

                /// Sets the [`node_id` field](RemoveRaftVoter#structfield.node_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_id_as_default(
                    self,
                ) -> RemoveRaftVoterBuilder<(::planus::DefaultValue,)> {
                    self.node_id(::planus::DefaultValue)
                }
            }

            impl<T0> RemoveRaftVoterBuilder<(T0,)> {
                /// Setter for the [`directory_id` field](RemoveRaftVoter#structfield.directory_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn directory_id<T1>(self, value: T1) -> RemoveRaftVoterBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<super::metadata::Uuid>,
                {
                    let (v0,) = self.0;
                    RemoveRaftVoterBuilder((v0, value))
                }
            }

            impl<T0, T1> RemoveRaftVoterBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [RemoveRaftVoter].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveRaftVoter>
                where
                    Self: ::planus::WriteAsOffset<RemoveRaftVoter>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAs<super::metadata::Uuid>,
                > ::planus::WriteAs<::planus::Offset<RemoveRaftVoter>>
                for RemoveRaftVoterBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<RemoveRaftVoter>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveRaftVoter> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAs<super::metadata::Uuid>,
                > ::planus::WriteAsOptional<::planus::Offset<RemoveRaftVoter>>
                for RemoveRaftVoterBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<RemoveRaftVoter>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<RemoveRaftVoter>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAs<super::metadata::Uuid>,
                > ::planus::WriteAsOffset<RemoveRaftVoter> for RemoveRaftVoterBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<RemoveRaftVoter> {
                    let (v0, v1) = &self.0;
                    RemoveRaftVoter::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [RemoveRaftVoter].
            #[derive(Copy, Clone)]
            pub struct RemoveRaftVoterRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> RemoveRaftVoterRef<'a> {
                /// Getter for the [`node_id` field](RemoveRaftVoter#structfield.node_id).
                #[inline]
                pub fn node_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "RemoveRaftVoter", "node_id")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`directory_id` field](RemoveRaftVoter#structfield.directory_id).
                #[inline]
                pub fn directory_id(&self) -> ::planus::Result<super::metadata::UuidRef<'a>> {
                    self.0.access_required(1, "RemoveRaftVoter", "directory_id")
                }
            }

            impl<'a> ::core::fmt::Debug for RemoveRaftVoterRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("RemoveRaftVoterRef");
                    f.field("node_id", &self.node_id());
                    f.field("directory_id", &self.directory_id());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<RemoveRaftVoterRef<'a>> for RemoveRaftVoter {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: RemoveRaftVoterRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        node_id: ::core::convert::TryInto::try_into(value.node_id()?)?,
                        directory_id: ::core::convert::Into::into(value.directory_id()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for RemoveRaftVoterRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for RemoveRaftVoterRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[RemoveRaftVoterRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<RemoveRaftVoter>> for RemoveRaftVoter {
                type Value = ::planus::Offset<RemoveRaftVoter>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<RemoveRaftVoter>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for RemoveRaftVoterRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[RemoveRaftVoterRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A proposed ISR member with the broker epoch its leader knows (-1 unknown).
            ///
            /// Generated from these locations:
            /// * Table `IsrMember` in the file `rpc.fbs:109`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct IsrMember {
                /// The field `node` in the table `IsrMember`
                pub node: i32,
                /// The field `broker_epoch` in the table `IsrMember`
                pub broker_epoch: i64,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for IsrMember {
                fn default() -> Self {
                    Self {
                        node: 0,
                        broker_epoch: -1,
                    }
                }
            }

            impl IsrMember {
                /// Creates a [IsrMemberBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> IsrMemberBuilder<()> {
                    IsrMemberBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_node: impl ::planus::WriteAsDefault<i32, i32>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                ) -> ::planus::Offset<Self> {
                    let prepared_node = field_node.prepare(builder, &0);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &-1);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(1);
                    }
                    if prepared_node.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_node) = prepared_node {
                                object_writer.write::<_, _, 4>(&prepared_node);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<IsrMember>> for IsrMember {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IsrMember> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<IsrMember>> for IsrMember {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<IsrMember>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<IsrMember> for IsrMember {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IsrMember> {
                    IsrMember::create(builder, self.node, self.broker_epoch)
                }
            }

            /// Builder for serializing an instance of the [IsrMember] type.
            ///
            /// Can be created using the [IsrMember::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct IsrMemberBuilder<State>(State);

            impl IsrMemberBuilder<()> {
                /// Setter for the [`node` field](IsrMember#structfield.node).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node<T0>(self, value: T0) -> IsrMemberBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    IsrMemberBuilder((value,))
                }

                /// Sets the [`node` field](IsrMember#structfield.node) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_as_default(self) -> IsrMemberBuilder<(::planus::DefaultValue,)> {
                    self.node(::planus::DefaultValue)
                }
            }

            impl<T0> IsrMemberBuilder<(T0,)> {
                /// Setter for the [`broker_epoch` field](IsrMember#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T1>(self, value: T1) -> IsrMemberBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0,) = self.0;
                    IsrMemberBuilder((v0, value))
                }

                /// Sets the [`broker_epoch` field](IsrMember#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> IsrMemberBuilder<(T0, ::planus::DefaultValue)> {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1> IsrMemberBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [IsrMember].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<IsrMember>
                where
                    Self: ::planus::WriteAsOffset<IsrMember>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAs<::planus::Offset<IsrMember>> for IsrMemberBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<IsrMember>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IsrMember> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOptional<::planus::Offset<IsrMember>>
                for IsrMemberBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<IsrMember>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<IsrMember>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOffset<IsrMember> for IsrMemberBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<IsrMember> {
                    let (v0, v1) = &self.0;
                    IsrMember::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [IsrMember].
            #[derive(Copy, Clone)]
            pub struct IsrMemberRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> IsrMemberRef<'a> {
                /// Getter for the [`node` field](IsrMember#structfield.node).
                #[inline]
                pub fn node(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(self.0.access(0, "IsrMember", "node")?.unwrap_or(0))
                }

                /// Getter for the [`broker_epoch` field](IsrMember#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "IsrMember", "broker_epoch")?.unwrap_or(-1),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for IsrMemberRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("IsrMemberRef");
                    f.field("node", &self.node());
                    f.field("broker_epoch", &self.broker_epoch());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<IsrMemberRef<'a>> for IsrMember {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: IsrMemberRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        node: ::core::convert::TryInto::try_into(value.node()?)?,
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for IsrMemberRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for IsrMemberRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[IsrMemberRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<IsrMember>> for IsrMember {
                type Value = ::planus::Offset<IsrMember>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<IsrMember>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for IsrMemberRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[IsrMemberRef]", "read_as_root", 0)
                    })
                }
            }

            ///  One partition of an AlterPartition.
            ///
            /// Generated from these locations:
            /// * Table `AlterPartitionItem` in the file `rpc.fbs:115`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AlterPartitionItem {
                /// The field `partition` in the table `AlterPartitionItem`
                pub partition: i32,
                /// The field `leader_epoch` in the table `AlterPartitionItem`
                pub leader_epoch: i32,
                /// The field `partition_epoch` in the table `AlterPartitionItem`
                pub partition_epoch: i32,
                /// The field `new_isr` in the table `AlterPartitionItem`
                pub new_isr: ::planus::alloc::vec::Vec<self::IsrMember>,
                /// The field `leader_recovery_state` in the table `AlterPartitionItem`
                pub leader_recovery_state: i8,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AlterPartitionItem {
                fn default() -> Self {
                    Self {
                        partition: 0,
                        leader_epoch: 0,
                        partition_epoch: 0,
                        new_isr: ::core::default::Default::default(),
                        leader_recovery_state: 0,
                    }
                }
            }

            impl AlterPartitionItem {
                /// Creates a [AlterPartitionItemBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AlterPartitionItemBuilder<()> {
                    AlterPartitionItemBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_partition: impl ::planus::WriteAsDefault<i32, i32>,
                    field_leader_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_partition_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_new_isr: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::IsrMember>]>,
                    >,
                    field_leader_recovery_state: impl ::planus::WriteAsDefault<i8, i8>,
                ) -> ::planus::Offset<Self> {
                    let prepared_partition = field_partition.prepare(builder, &0);
                    let prepared_leader_epoch = field_leader_epoch.prepare(builder, &0);
                    let prepared_partition_epoch = field_partition_epoch.prepare(builder, &0);
                    let prepared_new_isr = field_new_isr.prepare(builder);
                    let prepared_leader_recovery_state =
                        field_leader_recovery_state.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<14> =
                        ::core::default::Default::default();
                    if prepared_partition.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }
                    if prepared_leader_epoch.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_partition_epoch.is_some() {
                        table_writer.write_entry::<i32>(2);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::IsrMember>]>>(3);
                    if prepared_leader_recovery_state.is_some() {
                        table_writer.write_entry::<i8>(4);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_partition) =
                                prepared_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition);
                            }
                            if let ::core::option::Option::Some(prepared_leader_epoch) =
                                prepared_leader_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_leader_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_partition_epoch) =
                                prepared_partition_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition_epoch);
                            }
                            object_writer.write::<_, _, 4>(&prepared_new_isr);
                            if let ::core::option::Option::Some(prepared_leader_recovery_state) =
                                prepared_leader_recovery_state
                            {
                                object_writer.write::<_, _, 1>(&prepared_leader_recovery_state);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AlterPartitionItem>> for AlterPartitionItem {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionItem> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AlterPartitionItem>> for AlterPartitionItem {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionItem>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AlterPartitionItem> for AlterPartitionItem {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionItem> {
                    AlterPartitionItem::create(
                        builder,
                        self.partition,
                        self.leader_epoch,
                        self.partition_epoch,
                        &self.new_isr,
                        self.leader_recovery_state,
                    )
                }
            }

            /// Builder for serializing an instance of the [AlterPartitionItem] type.
            ///
            /// Can be created using the [AlterPartitionItem::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AlterPartitionItemBuilder<State>(State);

            impl AlterPartitionItemBuilder<()> {
                /// Setter for the [`partition` field](AlterPartitionItem#structfield.partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition<T0>(self, value: T0) -> AlterPartitionItemBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    AlterPartitionItemBuilder((value,))
                }

                /// Sets the [`partition` field](AlterPartitionItem#structfield.partition) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_as_default(
                    self,
                ) -> AlterPartitionItemBuilder<(::planus::DefaultValue,)> {
                    self.partition(::planus::DefaultValue)
                }
            }

            impl<T0> AlterPartitionItemBuilder<(T0,)> {
                /// Setter for the [`leader_epoch` field](AlterPartitionItem#structfield.leader_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch<T1>(self, value: T1) -> AlterPartitionItemBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    AlterPartitionItemBuilder((v0, value))
                }

                /// Sets the [`leader_epoch` field](AlterPartitionItem#structfield.leader_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch_as_default(
                    self,
                ) -> AlterPartitionItemBuilder<(T0, ::planus::DefaultValue)> {
                    self.leader_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1> AlterPartitionItemBuilder<(T0, T1)> {
                /// Setter for the [`partition_epoch` field](AlterPartitionItem#structfield.partition_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch<T2>(
                    self,
                    value: T2,
                ) -> AlterPartitionItemBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1) = self.0;
                    AlterPartitionItemBuilder((v0, v1, value))
                }

                /// Sets the [`partition_epoch` field](AlterPartitionItem#structfield.partition_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch_as_default(
                    self,
                ) -> AlterPartitionItemBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.partition_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> AlterPartitionItemBuilder<(T0, T1, T2)> {
                /// Setter for the [`new_isr` field](AlterPartitionItem#structfield.new_isr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn new_isr<T3>(self, value: T3) -> AlterPartitionItemBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::IsrMember>]>>,
                {
                    let (v0, v1, v2) = self.0;
                    AlterPartitionItemBuilder((v0, v1, v2, value))
                }
            }

            impl<T0, T1, T2, T3> AlterPartitionItemBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`leader_recovery_state` field](AlterPartitionItem#structfield.leader_recovery_state).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state<T4>(
                    self,
                    value: T4,
                ) -> AlterPartitionItemBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<i8, i8>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    AlterPartitionItemBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`leader_recovery_state` field](AlterPartitionItem#structfield.leader_recovery_state) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state_as_default(
                    self,
                ) -> AlterPartitionItemBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)>
                {
                    self.leader_recovery_state(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> AlterPartitionItemBuilder<(T0, T1, T2, T3, T4)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AlterPartitionItem].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionItem>
                where
                    Self: ::planus::WriteAsOffset<AlterPartitionItem>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::IsrMember>]>>,
                    T4: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAs<::planus::Offset<AlterPartitionItem>>
                for AlterPartitionItemBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<AlterPartitionItem>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionItem> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::IsrMember>]>>,
                    T4: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOptional<::planus::Offset<AlterPartitionItem>>
                for AlterPartitionItemBuilder<(T0, T1, T2, T3, T4)>
            {
                type Prepared = ::planus::Offset<AlterPartitionItem>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionItem>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::IsrMember>]>>,
                    T4: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOffset<AlterPartitionItem>
                for AlterPartitionItemBuilder<(T0, T1, T2, T3, T4)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionItem> {
                    let (v0, v1, v2, v3, v4) = &self.0;
                    AlterPartitionItem::create(builder, v0, v1, v2, v3, v4)
                }
            }

            /// Reference to a deserialized [AlterPartitionItem].
            #[derive(Copy, Clone)]
            pub struct AlterPartitionItemRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> AlterPartitionItemRef<'a> {
                /// Getter for the [`partition` field](AlterPartitionItem#structfield.partition).
                #[inline]
                pub fn partition(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "AlterPartitionItem", "partition")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`leader_epoch` field](AlterPartitionItem#structfield.leader_epoch).
                #[inline]
                pub fn leader_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "AlterPartitionItem", "leader_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`partition_epoch` field](AlterPartitionItem#structfield.partition_epoch).
                #[inline]
                pub fn partition_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "AlterPartitionItem", "partition_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`new_isr` field](AlterPartitionItem#structfield.new_isr).
                #[inline]
                pub fn new_isr(
                    &self,
                ) -> ::planus::Result<::planus::Vector<'a, ::planus::Result<self::IsrMemberRef<'a>>>>
                {
                    self.0.access_required(3, "AlterPartitionItem", "new_isr")
                }

                /// Getter for the [`leader_recovery_state` field](AlterPartitionItem#structfield.leader_recovery_state).
                #[inline]
                pub fn leader_recovery_state(&self) -> ::planus::Result<i8> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "AlterPartitionItem", "leader_recovery_state")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for AlterPartitionItemRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AlterPartitionItemRef");
                    f.field("partition", &self.partition());
                    f.field("leader_epoch", &self.leader_epoch());
                    f.field("partition_epoch", &self.partition_epoch());
                    f.field("new_isr", &self.new_isr());
                    f.field("leader_recovery_state", &self.leader_recovery_state());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AlterPartitionItemRef<'a>> for AlterPartitionItem {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AlterPartitionItemRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        partition: ::core::convert::TryInto::try_into(value.partition()?)?,
                        leader_epoch: ::core::convert::TryInto::try_into(value.leader_epoch()?)?,
                        partition_epoch: ::core::convert::TryInto::try_into(
                            value.partition_epoch()?,
                        )?,
                        new_isr: value.new_isr()?.to_vec_result()?,
                        leader_recovery_state: ::core::convert::TryInto::try_into(
                            value.leader_recovery_state()?,
                        )?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AlterPartitionItemRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AlterPartitionItemRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionItemRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AlterPartitionItem>> for AlterPartitionItem {
                type Value = ::planus::Offset<AlterPartitionItem>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AlterPartitionItem>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AlterPartitionItemRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[AlterPartitionItemRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `AlterPartitionTopic` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `AlterPartitionTopic` in the file `rpc.fbs:123`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AlterPartitionTopic {
                /// The field `topic_id` in the table `AlterPartitionTopic`
                pub topic_id: super::metadata::Uuid,
                /// The field `partitions` in the table `AlterPartitionTopic`
                pub partitions: ::planus::alloc::vec::Vec<self::AlterPartitionItem>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AlterPartitionTopic {
                fn default() -> Self {
                    Self {
                        topic_id: ::core::default::Default::default(),
                        partitions: ::core::default::Default::default(),
                    }
                }
            }

            impl AlterPartitionTopic {
                /// Creates a [AlterPartitionTopicBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AlterPartitionTopicBuilder<()> {
                    AlterPartitionTopicBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_topic_id: impl ::planus::WriteAs<super::metadata::Uuid>,
                    field_partitions: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_topic_id = field_topic_id.prepare(builder);
                    let prepared_partitions = field_partitions.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<super::metadata::Uuid>(0);
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_topic_id);
                            object_writer.write::<_, _, 4>(&prepared_partitions);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AlterPartitionTopic>> for AlterPartitionTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AlterPartitionTopic>> for AlterPartitionTopic {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AlterPartitionTopic> for AlterPartitionTopic {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopic> {
                    AlterPartitionTopic::create(builder, self.topic_id, &self.partitions)
                }
            }

            /// Builder for serializing an instance of the [AlterPartitionTopic] type.
            ///
            /// Can be created using the [AlterPartitionTopic::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AlterPartitionTopicBuilder<State>(State);

            impl AlterPartitionTopicBuilder<()> {
                /// Setter for the [`topic_id` field](AlterPartitionTopic#structfield.topic_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic_id<T0>(self, value: T0) -> AlterPartitionTopicBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                {
                    AlterPartitionTopicBuilder((value,))
                }
            }

            impl<T0> AlterPartitionTopicBuilder<(T0,)> {
                /// Setter for the [`partitions` field](AlterPartitionTopic#structfield.partitions).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions<T1>(self, value: T1) -> AlterPartitionTopicBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>,
                    >,
                {
                    let (v0,) = self.0;
                    AlterPartitionTopicBuilder((v0, value))
                }
            }

            impl<T0, T1> AlterPartitionTopicBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AlterPartitionTopic].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopic>
                where
                    Self: ::planus::WriteAsOffset<AlterPartitionTopic>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<AlterPartitionTopic>>
                for AlterPartitionTopicBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AlterPartitionTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopic> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<AlterPartitionTopic>>
                for AlterPartitionTopicBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AlterPartitionTopic>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionTopic>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionItem>]>,
                    >,
                > ::planus::WriteAsOffset<AlterPartitionTopic>
                for AlterPartitionTopicBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopic> {
                    let (v0, v1) = &self.0;
                    AlterPartitionTopic::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [AlterPartitionTopic].
            #[derive(Copy, Clone)]
            pub struct AlterPartitionTopicRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> AlterPartitionTopicRef<'a> {
                /// Getter for the [`topic_id` field](AlterPartitionTopic#structfield.topic_id).
                #[inline]
                pub fn topic_id(&self) -> ::planus::Result<super::metadata::UuidRef<'a>> {
                    self.0.access_required(0, "AlterPartitionTopic", "topic_id")
                }

                /// Getter for the [`partitions` field](AlterPartitionTopic#structfield.partitions).
                #[inline]
                pub fn partitions(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::AlterPartitionItemRef<'a>>>,
                > {
                    self.0
                        .access_required(1, "AlterPartitionTopic", "partitions")
                }
            }

            impl<'a> ::core::fmt::Debug for AlterPartitionTopicRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AlterPartitionTopicRef");
                    f.field("topic_id", &self.topic_id());
                    f.field("partitions", &self.partitions());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AlterPartitionTopicRef<'a>> for AlterPartitionTopic {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AlterPartitionTopicRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        topic_id: ::core::convert::Into::into(value.topic_id()?),
                        partitions: value.partitions()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AlterPartitionTopicRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AlterPartitionTopicRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionTopicRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AlterPartitionTopic>> for AlterPartitionTopic {
                type Value = ::planus::Offset<AlterPartitionTopic>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AlterPartitionTopic>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AlterPartitionTopicRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionTopicRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            ///  A partition leader's ISR change proposals (Kafka's AlterPartition).
            ///
            /// Generated from these locations:
            /// * Table `AlterPartition` in the file `rpc.fbs:129`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AlterPartition {
                /// The field `broker_id` in the table `AlterPartition`
                pub broker_id: i32,
                /// The field `broker_epoch` in the table `AlterPartition`
                pub broker_epoch: i64,
                /// The field `topics` in the table `AlterPartition`
                pub topics: ::planus::alloc::vec::Vec<self::AlterPartitionTopic>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AlterPartition {
                fn default() -> Self {
                    Self {
                        broker_id: 0,
                        broker_epoch: 0,
                        topics: ::core::default::Default::default(),
                    }
                }
            }

            impl AlterPartition {
                /// Creates a [AlterPartitionBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AlterPartitionBuilder<()> {
                    AlterPartitionBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_broker_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                    field_topics: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_broker_id = field_broker_id.prepare(builder, &0);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &0);
                    let prepared_topics = field_topics.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(1);
                    }
                    if prepared_broker_id.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>>(2);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_broker_id) =
                                prepared_broker_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_broker_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_topics);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AlterPartition>> for AlterPartition {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartition> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AlterPartition>> for AlterPartition {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartition>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AlterPartition> for AlterPartition {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartition> {
                    AlterPartition::create(builder, self.broker_id, self.broker_epoch, &self.topics)
                }
            }

            /// Builder for serializing an instance of the [AlterPartition] type.
            ///
            /// Can be created using the [AlterPartition::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AlterPartitionBuilder<State>(State);

            impl AlterPartitionBuilder<()> {
                /// Setter for the [`broker_id` field](AlterPartition#structfield.broker_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_id<T0>(self, value: T0) -> AlterPartitionBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    AlterPartitionBuilder((value,))
                }

                /// Sets the [`broker_id` field](AlterPartition#structfield.broker_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_id_as_default(
                    self,
                ) -> AlterPartitionBuilder<(::planus::DefaultValue,)> {
                    self.broker_id(::planus::DefaultValue)
                }
            }

            impl<T0> AlterPartitionBuilder<(T0,)> {
                /// Setter for the [`broker_epoch` field](AlterPartition#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T1>(self, value: T1) -> AlterPartitionBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0,) = self.0;
                    AlterPartitionBuilder((v0, value))
                }

                /// Sets the [`broker_epoch` field](AlterPartition#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> AlterPartitionBuilder<(T0, ::planus::DefaultValue)> {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1> AlterPartitionBuilder<(T0, T1)> {
                /// Setter for the [`topics` field](AlterPartition#structfield.topics).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topics<T2>(self, value: T2) -> AlterPartitionBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>,
                    >,
                {
                    let (v0, v1) = self.0;
                    AlterPartitionBuilder((v0, v1, value))
                }
            }

            impl<T0, T1, T2> AlterPartitionBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AlterPartition].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartition>
                where
                    Self: ::planus::WriteAsOffset<AlterPartition>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                    T2: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<AlterPartition>>
                for AlterPartitionBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<AlterPartition>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartition> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                    T2: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<AlterPartition>>
                for AlterPartitionBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<AlterPartition>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartition>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                    T2: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopic>]>,
                    >,
                > ::planus::WriteAsOffset<AlterPartition> for AlterPartitionBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartition> {
                    let (v0, v1, v2) = &self.0;
                    AlterPartition::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [AlterPartition].
            #[derive(Copy, Clone)]
            pub struct AlterPartitionRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> AlterPartitionRef<'a> {
                /// Getter for the [`broker_id` field](AlterPartition#structfield.broker_id).
                #[inline]
                pub fn broker_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "AlterPartition", "broker_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`broker_epoch` field](AlterPartition#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "AlterPartition", "broker_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`topics` field](AlterPartition#structfield.topics).
                #[inline]
                pub fn topics(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::AlterPartitionTopicRef<'a>>>,
                > {
                    self.0.access_required(2, "AlterPartition", "topics")
                }
            }

            impl<'a> ::core::fmt::Debug for AlterPartitionRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AlterPartitionRef");
                    f.field("broker_id", &self.broker_id());
                    f.field("broker_epoch", &self.broker_epoch());
                    f.field("topics", &self.topics());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AlterPartitionRef<'a>> for AlterPartition {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AlterPartitionRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        broker_id: ::core::convert::TryInto::try_into(value.broker_id()?)?,
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                        topics: value.topics()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AlterPartitionRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AlterPartitionRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AlterPartition>> for AlterPartition {
                type Value = ::planus::Offset<AlterPartition>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AlterPartition>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AlterPartitionRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[AlterPartitionRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A broker asks to shut down (Kafka's BrokerHeartbeat `want_shut_down`).
            ///
            /// Generated from these locations:
            /// * Table `ControlledShutdown` in the file `rpc.fbs:136`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ControlledShutdown {
                /// The field `broker_id` in the table `ControlledShutdown`
                pub broker_id: i32,
                /// The field `broker_epoch` in the table `ControlledShutdown`
                pub broker_epoch: i64,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ControlledShutdown {
                fn default() -> Self {
                    Self {
                        broker_id: 0,
                        broker_epoch: 0,
                    }
                }
            }

            impl ControlledShutdown {
                /// Creates a [ControlledShutdownBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControlledShutdownBuilder<()> {
                    ControlledShutdownBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_broker_id: impl ::planus::WriteAsDefault<i32, i32>,
                    field_broker_epoch: impl ::planus::WriteAsDefault<i64, i64>,
                ) -> ::planus::Offset<Self> {
                    let prepared_broker_id = field_broker_id.prepare(builder, &0);
                    let prepared_broker_epoch = field_broker_epoch.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    if prepared_broker_epoch.is_some() {
                        table_writer.write_entry::<i64>(1);
                    }
                    if prepared_broker_id.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_broker_epoch) =
                                prepared_broker_epoch
                            {
                                object_writer.write::<_, _, 8>(&prepared_broker_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_broker_id) =
                                prepared_broker_id
                            {
                                object_writer.write::<_, _, 4>(&prepared_broker_id);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ControlledShutdown>> for ControlledShutdown {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControlledShutdown> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ControlledShutdown>> for ControlledShutdown {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControlledShutdown>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ControlledShutdown> for ControlledShutdown {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControlledShutdown> {
                    ControlledShutdown::create(builder, self.broker_id, self.broker_epoch)
                }
            }

            /// Builder for serializing an instance of the [ControlledShutdown] type.
            ///
            /// Can be created using the [ControlledShutdown::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControlledShutdownBuilder<State>(State);

            impl ControlledShutdownBuilder<()> {
                /// Setter for the [`broker_id` field](ControlledShutdown#structfield.broker_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_id<T0>(self, value: T0) -> ControlledShutdownBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    ControlledShutdownBuilder((value,))
                }

                /// Sets the [`broker_id` field](ControlledShutdown#structfield.broker_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_id_as_default(
                    self,
                ) -> ControlledShutdownBuilder<(::planus::DefaultValue,)> {
                    self.broker_id(::planus::DefaultValue)
                }
            }

            impl<T0> ControlledShutdownBuilder<(T0,)> {
                /// Setter for the [`broker_epoch` field](ControlledShutdown#structfield.broker_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch<T1>(self, value: T1) -> ControlledShutdownBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0,) = self.0;
                    ControlledShutdownBuilder((v0, value))
                }

                /// Sets the [`broker_epoch` field](ControlledShutdown#structfield.broker_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn broker_epoch_as_default(
                    self,
                ) -> ControlledShutdownBuilder<(T0, ::planus::DefaultValue)> {
                    self.broker_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ControlledShutdownBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ControlledShutdown].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControlledShutdown>
                where
                    Self: ::planus::WriteAsOffset<ControlledShutdown>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAs<::planus::Offset<ControlledShutdown>>
                for ControlledShutdownBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ControlledShutdown>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControlledShutdown> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOptional<::planus::Offset<ControlledShutdown>>
                for ControlledShutdownBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ControlledShutdown>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControlledShutdown>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOffset<ControlledShutdown>
                for ControlledShutdownBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControlledShutdown> {
                    let (v0, v1) = &self.0;
                    ControlledShutdown::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ControlledShutdown].
            #[derive(Copy, Clone)]
            pub struct ControlledShutdownRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ControlledShutdownRef<'a> {
                /// Getter for the [`broker_id` field](ControlledShutdown#structfield.broker_id).
                #[inline]
                pub fn broker_id(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "ControlledShutdown", "broker_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`broker_epoch` field](ControlledShutdown#structfield.broker_epoch).
                #[inline]
                pub fn broker_epoch(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "ControlledShutdown", "broker_epoch")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for ControlledShutdownRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ControlledShutdownRef");
                    f.field("broker_id", &self.broker_id());
                    f.field("broker_epoch", &self.broker_epoch());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ControlledShutdownRef<'a>> for ControlledShutdown {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ControlledShutdownRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        broker_id: ::core::convert::TryInto::try_into(value.broker_id()?)?,
                        broker_epoch: ::core::convert::TryInto::try_into(value.broker_epoch()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ControlledShutdownRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ControlledShutdownRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ControlledShutdownRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ControlledShutdown>> for ControlledShutdown {
                type Value = ::planus::Offset<ControlledShutdown>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ControlledShutdown>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ControlledShutdownRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ControlledShutdownRef]", "read_as_root", 0)
                    })
                }
            }

            ///  The partitions of one topic an ElectLeaders names.
            ///
            /// Generated from these locations:
            /// * Table `TopicPartitions` in the file `rpc.fbs:142`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct TopicPartitions {
                /// The field `topic` in the table `TopicPartitions`
                pub topic: ::planus::alloc::string::String,
                /// The field `partitions` in the table `TopicPartitions`
                pub partitions: ::planus::alloc::vec::Vec<i32>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for TopicPartitions {
                fn default() -> Self {
                    Self {
                        topic: ::core::default::Default::default(),
                        partitions: ::core::default::Default::default(),
                    }
                }
            }

            impl TopicPartitions {
                /// Creates a [TopicPartitionsBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> TopicPartitionsBuilder<()> {
                    TopicPartitionsBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_topic: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_partitions: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_topic = field_topic.prepare(builder);
                    let prepared_partitions = field_partitions.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    table_writer.write_entry::<::planus::Offset<[i32]>>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_topic);
                            object_writer.write::<_, _, 4>(&prepared_partitions);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<TopicPartitions>> for TopicPartitions {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<TopicPartitions> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<TopicPartitions>> for TopicPartitions {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<TopicPartitions>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<TopicPartitions> for TopicPartitions {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<TopicPartitions> {
                    TopicPartitions::create(builder, &self.topic, &self.partitions)
                }
            }

            /// Builder for serializing an instance of the [TopicPartitions] type.
            ///
            /// Can be created using the [TopicPartitions::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct TopicPartitionsBuilder<State>(State);

            impl TopicPartitionsBuilder<()> {
                /// Setter for the [`topic` field](TopicPartitions#structfield.topic).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic<T0>(self, value: T0) -> TopicPartitionsBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    TopicPartitionsBuilder((value,))
                }
            }

            impl<T0> TopicPartitionsBuilder<(T0,)> {
                /// Setter for the [`partitions` field](TopicPartitions#structfield.partitions).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions<T1>(self, value: T1) -> TopicPartitionsBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0,) = self.0;
                    TopicPartitionsBuilder((v0, value))
                }
            }

            impl<T0, T1> TopicPartitionsBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [TopicPartitions].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<TopicPartitions>
                where
                    Self: ::planus::WriteAsOffset<TopicPartitions>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAs<::planus::Offset<TopicPartitions>>
                for TopicPartitionsBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<TopicPartitions>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<TopicPartitions> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAsOptional<::planus::Offset<TopicPartitions>>
                for TopicPartitionsBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<TopicPartitions>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<TopicPartitions>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAs<::planus::Offset<[i32]>>,
                > ::planus::WriteAsOffset<TopicPartitions> for TopicPartitionsBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<TopicPartitions> {
                    let (v0, v1) = &self.0;
                    TopicPartitions::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [TopicPartitions].
            #[derive(Copy, Clone)]
            pub struct TopicPartitionsRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> TopicPartitionsRef<'a> {
                /// Getter for the [`topic` field](TopicPartitions#structfield.topic).
                #[inline]
                pub fn topic(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "TopicPartitions", "topic")
                }

                /// Getter for the [`partitions` field](TopicPartitions#structfield.partitions).
                #[inline]
                pub fn partitions(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(1, "TopicPartitions", "partitions")
                }
            }

            impl<'a> ::core::fmt::Debug for TopicPartitionsRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("TopicPartitionsRef");
                    f.field("topic", &self.topic());
                    f.field("partitions", &self.partitions());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<TopicPartitionsRef<'a>> for TopicPartitions {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: TopicPartitionsRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        topic: ::core::convert::Into::into(value.topic()?),
                        partitions: value.partitions()?.to_vec()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for TopicPartitionsRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for TopicPartitionsRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[TopicPartitionsRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<TopicPartitions>> for TopicPartitions {
                type Value = ::planus::Offset<TopicPartitions>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<TopicPartitions>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for TopicPartitionsRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[TopicPartitionsRef]", "read_as_root", 0)
                    })
                }
            }

            ///  ElectLeaders: `election_type` 0 preferred, 1 unclean; `partitions` absent is every
            ///  partition.
            ///
            /// Generated from these locations:
            /// * Table `ElectLeaders` in the file `rpc.fbs:149`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ElectLeaders {
                /// The field `election_type` in the table `ElectLeaders`
                pub election_type: i8,
                /// The field `partitions` in the table `ElectLeaders`
                pub partitions:
                    ::core::option::Option<::planus::alloc::vec::Vec<self::TopicPartitions>>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ElectLeaders {
                fn default() -> Self {
                    Self {
                        election_type: 0,
                        partitions: ::core::default::Default::default(),
                    }
                }
            }

            impl ElectLeaders {
                /// Creates a [ElectLeadersBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ElectLeadersBuilder<()> {
                    ElectLeadersBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_election_type: impl ::planus::WriteAsDefault<i8, i8>,
                    field_partitions: impl ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::TopicPartitions>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_election_type = field_election_type.prepare(builder, &0);
                    let prepared_partitions = field_partitions.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    if prepared_partitions.is_some() {
                        table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::TopicPartitions>]>>(1);
                    }
                    if prepared_election_type.is_some() {
                        table_writer.write_entry::<i8>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_partitions) =
                                prepared_partitions
                            {
                                object_writer.write::<_, _, 4>(&prepared_partitions);
                            }
                            if let ::core::option::Option::Some(prepared_election_type) =
                                prepared_election_type
                            {
                                object_writer.write::<_, _, 1>(&prepared_election_type);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ElectLeaders>> for ElectLeaders {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectLeaders> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ElectLeaders>> for ElectLeaders {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ElectLeaders>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ElectLeaders> for ElectLeaders {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectLeaders> {
                    ElectLeaders::create(builder, self.election_type, &self.partitions)
                }
            }

            /// Builder for serializing an instance of the [ElectLeaders] type.
            ///
            /// Can be created using the [ElectLeaders::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ElectLeadersBuilder<State>(State);

            impl ElectLeadersBuilder<()> {
                /// Setter for the [`election_type` field](ElectLeaders#structfield.election_type).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn election_type<T0>(self, value: T0) -> ElectLeadersBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i8, i8>,
                {
                    ElectLeadersBuilder((value,))
                }

                /// Sets the [`election_type` field](ElectLeaders#structfield.election_type) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn election_type_as_default(
                    self,
                ) -> ElectLeadersBuilder<(::planus::DefaultValue,)> {
                    self.election_type(::planus::DefaultValue)
                }
            }

            impl<T0> ElectLeadersBuilder<(T0,)> {
                /// Setter for the [`partitions` field](ElectLeaders#structfield.partitions).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions<T1>(self, value: T1) -> ElectLeadersBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::TopicPartitions>]>,
                    >,
                {
                    let (v0,) = self.0;
                    ElectLeadersBuilder((v0, value))
                }

                /// Sets the [`partitions` field](ElectLeaders#structfield.partitions) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions_as_null(self) -> ElectLeadersBuilder<(T0, ())> {
                    self.partitions(())
                }
            }

            impl<T0, T1> ElectLeadersBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ElectLeaders].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectLeaders>
                where
                    Self: ::planus::WriteAsOffset<ElectLeaders>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i8, i8>,
                    T1: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::TopicPartitions>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<ElectLeaders>>
                for ElectLeadersBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ElectLeaders>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectLeaders> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i8, i8>,
                    T1: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::TopicPartitions>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<ElectLeaders>>
                for ElectLeadersBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ElectLeaders>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ElectLeaders>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i8, i8>,
                    T1: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::TopicPartitions>]>,
                    >,
                > ::planus::WriteAsOffset<ElectLeaders> for ElectLeadersBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectLeaders> {
                    let (v0, v1) = &self.0;
                    ElectLeaders::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ElectLeaders].
            #[derive(Copy, Clone)]
            pub struct ElectLeadersRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ElectLeadersRef<'a> {
                /// Getter for the [`election_type` field](ElectLeaders#structfield.election_type).
                #[inline]
                pub fn election_type(&self) -> ::planus::Result<i8> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "ElectLeaders", "election_type")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`partitions` field](ElectLeaders#structfield.partitions).
                #[inline]
                pub fn partitions(
                    &self,
                ) -> ::planus::Result<
                    ::core::option::Option<
                        ::planus::Vector<'a, ::planus::Result<self::TopicPartitionsRef<'a>>>,
                    >,
                > {
                    self.0.access(1, "ElectLeaders", "partitions")
                }
            }

            impl<'a> ::core::fmt::Debug for ElectLeadersRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ElectLeadersRef");
                    f.field("election_type", &self.election_type());
                    if let ::core::option::Option::Some(field_partitions) =
                        self.partitions().transpose()
                    {
                        f.field("partitions", &field_partitions);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ElectLeadersRef<'a>> for ElectLeaders {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ElectLeadersRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        election_type: ::core::convert::TryInto::try_into(value.election_type()?)?,
                        partitions: if let ::core::option::Option::Some(partitions) =
                            value.partitions()?
                        {
                            ::core::option::Option::Some(partitions.to_vec_result()?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ElectLeadersRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ElectLeadersRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ElectLeadersRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ElectLeaders>> for ElectLeaders {
                type Value = ::planus::Offset<ElectLeaders>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ElectLeaders>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ElectLeadersRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ElectLeadersRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Every controller request. The position is the type id on the wire: append new members only.
            ///
            /// Generated from these locations:
            /// * Union `ControllerRequest` in the file `rpc.fbs:155`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub enum ControllerRequest {
                /// The variant of type `CreateTopic` in the union `ControllerRequest`
                CreateTopic(::planus::alloc::boxed::Box<self::CreateTopic>),

                /// The variant of type `DeleteTopic` in the union `ControllerRequest`
                DeleteTopic(::planus::alloc::boxed::Box<self::DeleteTopic>),

                /// The variant of type `CreatePartitions` in the union `ControllerRequest`
                CreatePartitions(::planus::alloc::boxed::Box<self::CreatePartitions>),

                /// The variant of type `AlterConfigs` in the union `ControllerRequest`
                AlterConfigs(::planus::alloc::boxed::Box<self::AlterConfigs>),

                /// The variant of type `AllocateProducerIds` in the union `ControllerRequest`
                AllocateProducerIds(::planus::alloc::boxed::Box<self::AllocateProducerIds>),

                /// The variant of type `RegisterBroker` in the union `ControllerRequest`
                RegisterBroker(::planus::alloc::boxed::Box<self::RegisterBroker>),

                /// The variant of type `DescribeQuorum` in the union `ControllerRequest`
                DescribeQuorum(::planus::alloc::boxed::Box<self::DescribeQuorum>),

                /// The variant of type `UpdateFeatures` in the union `ControllerRequest`
                UpdateFeatures(::planus::alloc::boxed::Box<self::UpdateFeatures>),

                /// The variant of type `AddRaftVoter` in the union `ControllerRequest`
                AddRaftVoter(::planus::alloc::boxed::Box<self::AddRaftVoter>),

                /// The variant of type `RemoveRaftVoter` in the union `ControllerRequest`
                RemoveRaftVoter(::planus::alloc::boxed::Box<self::RemoveRaftVoter>),

                /// The variant of type `AlterPartition` in the union `ControllerRequest`
                AlterPartition(::planus::alloc::boxed::Box<self::AlterPartition>),

                /// The variant of type `ControlledShutdown` in the union `ControllerRequest`
                ControlledShutdown(::planus::alloc::boxed::Box<self::ControlledShutdown>),

                /// The variant of type `ElectLeaders` in the union `ControllerRequest`
                ElectLeaders(::planus::alloc::boxed::Box<self::ElectLeaders>),
            }

            impl ControllerRequest {
                /// Creates a [ControllerRequestBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControllerRequestBuilder<::planus::Uninitialized> {
                    ControllerRequestBuilder(::planus::Uninitialized)
                }

                #[inline]
                pub fn create_create_topic(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::CreateTopic>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_delete_topic(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::DeleteTopic>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_create_partitions(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::CreatePartitions>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_alter_configs(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::AlterConfigs>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_allocate_producer_ids(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::AllocateProducerIds>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_register_broker(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::RegisterBroker>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(6, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_describe_quorum(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::DescribeQuorum>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(7, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_update_features(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::UpdateFeatures>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(8, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_add_raft_voter(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::AddRaftVoter>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(9, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_remove_raft_voter(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::RemoveRaftVoter>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(10, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_alter_partition(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::AlterPartition>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(11, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_controlled_shutdown(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ControlledShutdown>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(12, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_elect_leaders(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ElectLeaders>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(13, value.prepare(builder).downcast())
                }
            }

            impl ::planus::WriteAsUnion<ControllerRequest> for ControllerRequest {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                    match self {
                        Self::CreateTopic(value) => Self::create_create_topic(builder, value),
                        Self::DeleteTopic(value) => Self::create_delete_topic(builder, value),
                        Self::CreatePartitions(value) => {
                            Self::create_create_partitions(builder, value)
                        }
                        Self::AlterConfigs(value) => Self::create_alter_configs(builder, value),
                        Self::AllocateProducerIds(value) => {
                            Self::create_allocate_producer_ids(builder, value)
                        }
                        Self::RegisterBroker(value) => Self::create_register_broker(builder, value),
                        Self::DescribeQuorum(value) => Self::create_describe_quorum(builder, value),
                        Self::UpdateFeatures(value) => Self::create_update_features(builder, value),
                        Self::AddRaftVoter(value) => Self::create_add_raft_voter(builder, value),
                        Self::RemoveRaftVoter(value) => {
                            Self::create_remove_raft_voter(builder, value)
                        }
                        Self::AlterPartition(value) => Self::create_alter_partition(builder, value),
                        Self::ControlledShutdown(value) => {
                            Self::create_controlled_shutdown(builder, value)
                        }
                        Self::ElectLeaders(value) => Self::create_elect_leaders(builder, value),
                    }
                }
            }

            impl ::planus::WriteAsOptionalUnion<ControllerRequest> for ControllerRequest {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Builder for serializing an instance of the [ControllerRequest] type.
            ///
            /// Can be created using the [ControllerRequest::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControllerRequestBuilder<T>(T);

            impl ControllerRequestBuilder<::planus::Uninitialized> {
                /// Creates an instance of the [`CreateTopic` variant](ControllerRequest#variant.CreateTopic).
                #[inline]
                pub fn create_topic<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<1, T>>
                where
                    T: ::planus::WriteAsOffset<self::CreateTopic>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`DeleteTopic` variant](ControllerRequest#variant.DeleteTopic).
                #[inline]
                pub fn delete_topic<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<2, T>>
                where
                    T: ::planus::WriteAsOffset<self::DeleteTopic>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`CreatePartitions` variant](ControllerRequest#variant.CreatePartitions).
                #[inline]
                pub fn create_partitions<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<3, T>>
                where
                    T: ::planus::WriteAsOffset<self::CreatePartitions>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`AlterConfigs` variant](ControllerRequest#variant.AlterConfigs).
                #[inline]
                pub fn alter_configs<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<4, T>>
                where
                    T: ::planus::WriteAsOffset<self::AlterConfigs>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`AllocateProducerIds` variant](ControllerRequest#variant.AllocateProducerIds).
                #[inline]
                pub fn allocate_producer_ids<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<5, T>>
                where
                    T: ::planus::WriteAsOffset<self::AllocateProducerIds>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`RegisterBroker` variant](ControllerRequest#variant.RegisterBroker).
                #[inline]
                pub fn register_broker<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<6, T>>
                where
                    T: ::planus::WriteAsOffset<self::RegisterBroker>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`DescribeQuorum` variant](ControllerRequest#variant.DescribeQuorum).
                #[inline]
                pub fn describe_quorum<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<7, T>>
                where
                    T: ::planus::WriteAsOffset<self::DescribeQuorum>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`UpdateFeatures` variant](ControllerRequest#variant.UpdateFeatures).
                #[inline]
                pub fn update_features<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<8, T>>
                where
                    T: ::planus::WriteAsOffset<self::UpdateFeatures>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`AddRaftVoter` variant](ControllerRequest#variant.AddRaftVoter).
                #[inline]
                pub fn add_raft_voter<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<9, T>>
                where
                    T: ::planus::WriteAsOffset<self::AddRaftVoter>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`RemoveRaftVoter` variant](ControllerRequest#variant.RemoveRaftVoter).
                #[inline]
                pub fn remove_raft_voter<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<10, T>>
                where
                    T: ::planus::WriteAsOffset<self::RemoveRaftVoter>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`AlterPartition` variant](ControllerRequest#variant.AlterPartition).
                #[inline]
                pub fn alter_partition<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<11, T>>
                where
                    T: ::planus::WriteAsOffset<self::AlterPartition>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ControlledShutdown` variant](ControllerRequest#variant.ControlledShutdown).
                #[inline]
                pub fn controlled_shutdown<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<12, T>>
                where
                    T: ::planus::WriteAsOffset<self::ControlledShutdown>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ElectLeaders` variant](ControllerRequest#variant.ElectLeaders).
                #[inline]
                pub fn elect_leaders<T>(
                    self,
                    value: T,
                ) -> ControllerRequestBuilder<::planus::Initialized<13, T>>
                where
                    T: ::planus::WriteAsOffset<self::ElectLeaders>,
                {
                    ControllerRequestBuilder(::planus::Initialized(value))
                }
            }

            impl<const N: u8, T> ControllerRequestBuilder<::planus::Initialized<N, T>> {
                /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [ControllerRequest].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest>
                where
                    Self: ::planus::WriteAsUnion<ControllerRequest>,
                {
                    ::planus::WriteAsUnion::prepare(&self, builder)
                }
            }

            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::CreateTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::CreateTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::DeleteTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::DeleteTopic>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::CreatePartitions>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::CreatePartitions>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::AlterConfigs>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::AlterConfigs>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::AllocateProducerIds>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::AllocateProducerIds>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<6, T>>
            where
                T: ::planus::WriteAsOffset<self::RegisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(6, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<6, T>>
            where
                T: ::planus::WriteAsOffset<self::RegisterBroker>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<7, T>>
            where
                T: ::planus::WriteAsOffset<self::DescribeQuorum>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(7, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<7, T>>
            where
                T: ::planus::WriteAsOffset<self::DescribeQuorum>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<8, T>>
            where
                T: ::planus::WriteAsOffset<self::UpdateFeatures>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(8, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<8, T>>
            where
                T: ::planus::WriteAsOffset<self::UpdateFeatures>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<9, T>>
            where
                T: ::planus::WriteAsOffset<self::AddRaftVoter>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(9, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<9, T>>
            where
                T: ::planus::WriteAsOffset<self::AddRaftVoter>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<10, T>>
            where
                T: ::planus::WriteAsOffset<self::RemoveRaftVoter>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(10, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<10, T>>
            where
                T: ::planus::WriteAsOffset<self::RemoveRaftVoter>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<11, T>>
            where
                T: ::planus::WriteAsOffset<self::AlterPartition>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(11, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<11, T>>
            where
                T: ::planus::WriteAsOffset<self::AlterPartition>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<12, T>>
            where
                T: ::planus::WriteAsOffset<self::ControlledShutdown>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(12, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<12, T>>
            where
                T: ::planus::WriteAsOffset<self::ControlledShutdown>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<13, T>>
            where
                T: ::planus::WriteAsOffset<self::ElectLeaders>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerRequest> {
                    ::planus::UnionOffset::new(13, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerRequest>
                for ControllerRequestBuilder<::planus::Initialized<13, T>>
            where
                T: ::planus::WriteAsOffset<self::ElectLeaders>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerRequest>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Reference to a deserialized [ControllerRequest].
            #[derive(Copy, Clone, Debug)]
            pub enum ControllerRequestRef<'a> {
                CreateTopic(self::CreateTopicRef<'a>),
                DeleteTopic(self::DeleteTopicRef<'a>),
                CreatePartitions(self::CreatePartitionsRef<'a>),
                AlterConfigs(self::AlterConfigsRef<'a>),
                AllocateProducerIds(self::AllocateProducerIdsRef<'a>),
                RegisterBroker(self::RegisterBrokerRef<'a>),
                DescribeQuorum(self::DescribeQuorumRef<'a>),
                UpdateFeatures(self::UpdateFeaturesRef<'a>),
                AddRaftVoter(self::AddRaftVoterRef<'a>),
                RemoveRaftVoter(self::RemoveRaftVoterRef<'a>),
                AlterPartition(self::AlterPartitionRef<'a>),
                ControlledShutdown(self::ControlledShutdownRef<'a>),
                ElectLeaders(self::ElectLeadersRef<'a>),
            }

            impl<'a> ::core::convert::TryFrom<ControllerRequestRef<'a>> for ControllerRequest {
                type Error = ::planus::Error;

                fn try_from(value: ControllerRequestRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(match value {
                        ControllerRequestRef::CreateTopic(value) => {
                            Self::CreateTopic(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::DeleteTopic(value) => {
                            Self::DeleteTopic(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::CreatePartitions(value) => {
                            Self::CreatePartitions(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::AlterConfigs(value) => {
                            Self::AlterConfigs(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::AllocateProducerIds(value) => {
                            Self::AllocateProducerIds(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::RegisterBroker(value) => {
                            Self::RegisterBroker(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::DescribeQuorum(value) => {
                            Self::DescribeQuorum(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::UpdateFeatures(value) => {
                            Self::UpdateFeatures(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::AddRaftVoter(value) => {
                            Self::AddRaftVoter(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::RemoveRaftVoter(value) => {
                            Self::RemoveRaftVoter(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::AlterPartition(value) => {
                            Self::AlterPartition(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::ControlledShutdown(value) => {
                            Self::ControlledShutdown(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerRequestRef::ElectLeaders(value) => {
                            Self::ElectLeaders(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }
                    })
                }
            }

            impl<'a> ::planus::TableReadUnion<'a> for ControllerRequestRef<'a> {
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    tag: u8,
                    field_offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    match tag {
                        1 => ::core::result::Result::Ok(Self::CreateTopic(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        2 => ::core::result::Result::Ok(Self::DeleteTopic(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        3 => ::core::result::Result::Ok(Self::CreatePartitions(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        4 => ::core::result::Result::Ok(Self::AlterConfigs(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        5 => ::core::result::Result::Ok(Self::AllocateProducerIds(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        6 => ::core::result::Result::Ok(Self::RegisterBroker(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        7 => ::core::result::Result::Ok(Self::DescribeQuorum(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        8 => ::core::result::Result::Ok(Self::UpdateFeatures(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        9 => ::core::result::Result::Ok(Self::AddRaftVoter(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        10 => ::core::result::Result::Ok(Self::RemoveRaftVoter(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        11 => ::core::result::Result::Ok(Self::AlterPartition(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        12 => ::core::result::Result::Ok(Self::ControlledShutdown(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        13 => ::core::result::Result::Ok(Self::ElectLeaders(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        _ => ::core::result::Result::Err(
                            ::planus::errors::ErrorKind::UnknownUnionTag { tag },
                        ),
                    }
                }
            }

            impl<'a> ::planus::VectorReadUnion<'a> for ControllerRequestRef<'a> {
                const VECTOR_NAME: &'static str = "[ControllerRequestRef]";
            }

            ///  A quorum member as the answering controller knows it.
            ///
            /// Generated from these locations:
            /// * Table `ReplicaStatus` in the file `rpc.fbs:172`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ReplicaStatus {
                /// The field `node` in the table `ReplicaStatus`
                pub node: i32,
                /// The field `log_end` in the table `ReplicaStatus`
                pub log_end: u64,
                ///  Unix ms; -1 unknown.
                pub last_contact_ms: i64,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ReplicaStatus {
                fn default() -> Self {
                    Self {
                        node: 0,
                        log_end: 0,
                        last_contact_ms: 0,
                    }
                }
            }

            impl ReplicaStatus {
                /// Creates a [ReplicaStatusBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ReplicaStatusBuilder<()> {
                    ReplicaStatusBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_node: impl ::planus::WriteAsDefault<i32, i32>,
                    field_log_end: impl ::planus::WriteAsDefault<u64, u64>,
                    field_last_contact_ms: impl ::planus::WriteAsDefault<i64, i64>,
                ) -> ::planus::Offset<Self> {
                    let prepared_node = field_node.prepare(builder, &0);
                    let prepared_log_end = field_log_end.prepare(builder, &0);
                    let prepared_last_contact_ms = field_last_contact_ms.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    if prepared_log_end.is_some() {
                        table_writer.write_entry::<u64>(1);
                    }
                    if prepared_last_contact_ms.is_some() {
                        table_writer.write_entry::<i64>(2);
                    }
                    if prepared_node.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_log_end) = prepared_log_end
                            {
                                object_writer.write::<_, _, 8>(&prepared_log_end);
                            }
                            if let ::core::option::Option::Some(prepared_last_contact_ms) =
                                prepared_last_contact_ms
                            {
                                object_writer.write::<_, _, 8>(&prepared_last_contact_ms);
                            }
                            if let ::core::option::Option::Some(prepared_node) = prepared_node {
                                object_writer.write::<_, _, 4>(&prepared_node);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ReplicaStatus>> for ReplicaStatus {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaStatus> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ReplicaStatus>> for ReplicaStatus {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ReplicaStatus>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ReplicaStatus> for ReplicaStatus {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaStatus> {
                    ReplicaStatus::create(builder, self.node, self.log_end, self.last_contact_ms)
                }
            }

            /// Builder for serializing an instance of the [ReplicaStatus] type.
            ///
            /// Can be created using the [ReplicaStatus::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ReplicaStatusBuilder<State>(State);

            impl ReplicaStatusBuilder<()> {
                /// Setter for the [`node` field](ReplicaStatus#structfield.node).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node<T0>(self, value: T0) -> ReplicaStatusBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    ReplicaStatusBuilder((value,))
                }

                /// Sets the [`node` field](ReplicaStatus#structfield.node) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn node_as_default(self) -> ReplicaStatusBuilder<(::planus::DefaultValue,)> {
                    self.node(::planus::DefaultValue)
                }
            }

            impl<T0> ReplicaStatusBuilder<(T0,)> {
                /// Setter for the [`log_end` field](ReplicaStatus#structfield.log_end).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn log_end<T1>(self, value: T1) -> ReplicaStatusBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<u64, u64>,
                {
                    let (v0,) = self.0;
                    ReplicaStatusBuilder((v0, value))
                }

                /// Sets the [`log_end` field](ReplicaStatus#structfield.log_end) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn log_end_as_default(
                    self,
                ) -> ReplicaStatusBuilder<(T0, ::planus::DefaultValue)> {
                    self.log_end(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ReplicaStatusBuilder<(T0, T1)> {
                /// Setter for the [`last_contact_ms` field](ReplicaStatus#structfield.last_contact_ms).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_contact_ms<T2>(self, value: T2) -> ReplicaStatusBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i64, i64>,
                {
                    let (v0, v1) = self.0;
                    ReplicaStatusBuilder((v0, v1, value))
                }

                /// Sets the [`last_contact_ms` field](ReplicaStatus#structfield.last_contact_ms) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn last_contact_ms_as_default(
                    self,
                ) -> ReplicaStatusBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.last_contact_ms(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> ReplicaStatusBuilder<(T0, T1, T2)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ReplicaStatus].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaStatus>
                where
                    Self: ::planus::WriteAsOffset<ReplicaStatus>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAs<::planus::Offset<ReplicaStatus>>
                for ReplicaStatusBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<ReplicaStatus>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaStatus> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOptional<::planus::Offset<ReplicaStatus>>
                for ReplicaStatusBuilder<(T0, T1, T2)>
            {
                type Prepared = ::planus::Offset<ReplicaStatus>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ReplicaStatus>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<i64, i64>,
                > ::planus::WriteAsOffset<ReplicaStatus> for ReplicaStatusBuilder<(T0, T1, T2)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ReplicaStatus> {
                    let (v0, v1, v2) = &self.0;
                    ReplicaStatus::create(builder, v0, v1, v2)
                }
            }

            /// Reference to a deserialized [ReplicaStatus].
            #[derive(Copy, Clone)]
            pub struct ReplicaStatusRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ReplicaStatusRef<'a> {
                /// Getter for the [`node` field](ReplicaStatus#structfield.node).
                #[inline]
                pub fn node(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "ReplicaStatus", "node")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`log_end` field](ReplicaStatus#structfield.log_end).
                #[inline]
                pub fn log_end(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "ReplicaStatus", "log_end")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`last_contact_ms` field](ReplicaStatus#structfield.last_contact_ms).
                #[inline]
                pub fn last_contact_ms(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "ReplicaStatus", "last_contact_ms")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for ReplicaStatusRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ReplicaStatusRef");
                    f.field("node", &self.node());
                    f.field("log_end", &self.log_end());
                    f.field("last_contact_ms", &self.last_contact_ms());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ReplicaStatusRef<'a>> for ReplicaStatus {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ReplicaStatusRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        node: ::core::convert::TryInto::try_into(value.node()?)?,
                        log_end: ::core::convert::TryInto::try_into(value.log_end()?)?,
                        last_contact_ms: ::core::convert::TryInto::try_into(
                            value.last_contact_ms()?,
                        )?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ReplicaStatusRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ReplicaStatusRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ReplicaStatusRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ReplicaStatus>> for ReplicaStatus {
                type Value = ::planus::Offset<ReplicaStatus>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ReplicaStatus>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ReplicaStatusRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ReplicaStatusRef]", "read_as_root", 0)
                    })
                }
            }

            /// The table `QuorumStatus` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `QuorumStatus` in the file `rpc.fbs:179`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct QuorumStatus {
                /// The field `leader` in the table `QuorumStatus`
                pub leader: ::core::option::Option<i32>,
                /// The field `term` in the table `QuorumStatus`
                pub term: u64,
                /// The field `high_watermark` in the table `QuorumStatus`
                pub high_watermark: u64,
                /// The field `log_end` in the table `QuorumStatus`
                pub log_end: u64,
                /// The field `voters` in the table `QuorumStatus`
                pub voters: ::planus::alloc::vec::Vec<self::ReplicaStatus>,
                /// The field `observers` in the table `QuorumStatus`
                pub observers: ::planus::alloc::vec::Vec<self::ReplicaStatus>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for QuorumStatus {
                fn default() -> Self {
                    Self {
                        leader: ::core::default::Default::default(),
                        term: 0,
                        high_watermark: 0,
                        log_end: 0,
                        voters: ::core::default::Default::default(),
                        observers: ::core::default::Default::default(),
                    }
                }
            }

            impl QuorumStatus {
                /// Creates a [QuorumStatusBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> QuorumStatusBuilder<()> {
                    QuorumStatusBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_leader: impl ::planus::WriteAsOptional<i32>,
                    field_term: impl ::planus::WriteAsDefault<u64, u64>,
                    field_high_watermark: impl ::planus::WriteAsDefault<u64, u64>,
                    field_log_end: impl ::planus::WriteAsDefault<u64, u64>,
                    field_voters: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>,
                    >,
                    field_observers: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_leader = field_leader.prepare(builder);
                    let prepared_term = field_term.prepare(builder, &0);
                    let prepared_high_watermark = field_high_watermark.prepare(builder, &0);
                    let prepared_log_end = field_log_end.prepare(builder, &0);
                    let prepared_voters = field_voters.prepare(builder);
                    let prepared_observers = field_observers.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<16> =
                        ::core::default::Default::default();
                    if prepared_term.is_some() {
                        table_writer.write_entry::<u64>(1);
                    }
                    if prepared_high_watermark.is_some() {
                        table_writer.write_entry::<u64>(2);
                    }
                    if prepared_log_end.is_some() {
                        table_writer.write_entry::<u64>(3);
                    }
                    if prepared_leader.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>(
                            4,
                        );
                    table_writer
                        .write_entry::<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>(
                            5,
                        );

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_term) = prepared_term {
                                object_writer.write::<_, _, 8>(&prepared_term);
                            }
                            if let ::core::option::Option::Some(prepared_high_watermark) =
                                prepared_high_watermark
                            {
                                object_writer.write::<_, _, 8>(&prepared_high_watermark);
                            }
                            if let ::core::option::Option::Some(prepared_log_end) = prepared_log_end
                            {
                                object_writer.write::<_, _, 8>(&prepared_log_end);
                            }
                            if let ::core::option::Option::Some(prepared_leader) = prepared_leader {
                                object_writer.write::<_, _, 4>(&prepared_leader);
                            }
                            object_writer.write::<_, _, 4>(&prepared_voters);
                            object_writer.write::<_, _, 4>(&prepared_observers);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<QuorumStatus>> for QuorumStatus {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumStatus> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<QuorumStatus>> for QuorumStatus {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<QuorumStatus>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<QuorumStatus> for QuorumStatus {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumStatus> {
                    QuorumStatus::create(
                        builder,
                        self.leader,
                        self.term,
                        self.high_watermark,
                        self.log_end,
                        &self.voters,
                        &self.observers,
                    )
                }
            }

            /// Builder for serializing an instance of the [QuorumStatus] type.
            ///
            /// Can be created using the [QuorumStatus::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct QuorumStatusBuilder<State>(State);

            impl QuorumStatusBuilder<()> {
                /// Setter for the [`leader` field](QuorumStatus#structfield.leader).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader<T0>(self, value: T0) -> QuorumStatusBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsOptional<i32>,
                {
                    QuorumStatusBuilder((value,))
                }

                /// Sets the [`leader` field](QuorumStatus#structfield.leader) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_as_null(self) -> QuorumStatusBuilder<((),)> {
                    self.leader(())
                }
            }

            impl<T0> QuorumStatusBuilder<(T0,)> {
                /// Setter for the [`term` field](QuorumStatus#structfield.term).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn term<T1>(self, value: T1) -> QuorumStatusBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<u64, u64>,
                {
                    let (v0,) = self.0;
                    QuorumStatusBuilder((v0, value))
                }

                /// Sets the [`term` field](QuorumStatus#structfield.term) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn term_as_default(self) -> QuorumStatusBuilder<(T0, ::planus::DefaultValue)> {
                    self.term(::planus::DefaultValue)
                }
            }

            impl<T0, T1> QuorumStatusBuilder<(T0, T1)> {
                /// Setter for the [`high_watermark` field](QuorumStatus#structfield.high_watermark).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn high_watermark<T2>(self, value: T2) -> QuorumStatusBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<u64, u64>,
                {
                    let (v0, v1) = self.0;
                    QuorumStatusBuilder((v0, v1, value))
                }

                /// Sets the [`high_watermark` field](QuorumStatus#structfield.high_watermark) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn high_watermark_as_default(
                    self,
                ) -> QuorumStatusBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.high_watermark(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> QuorumStatusBuilder<(T0, T1, T2)> {
                /// Setter for the [`log_end` field](QuorumStatus#structfield.log_end).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn log_end<T3>(self, value: T3) -> QuorumStatusBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsDefault<u64, u64>,
                {
                    let (v0, v1, v2) = self.0;
                    QuorumStatusBuilder((v0, v1, v2, value))
                }

                /// Sets the [`log_end` field](QuorumStatus#structfield.log_end) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn log_end_as_default(
                    self,
                ) -> QuorumStatusBuilder<(T0, T1, T2, ::planus::DefaultValue)> {
                    self.log_end(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3> QuorumStatusBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`voters` field](QuorumStatus#structfield.voters).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn voters<T4>(self, value: T4) -> QuorumStatusBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>,
                    >,
                {
                    let (v0, v1, v2, v3) = self.0;
                    QuorumStatusBuilder((v0, v1, v2, v3, value))
                }
            }

            impl<T0, T1, T2, T3, T4> QuorumStatusBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`observers` field](QuorumStatus#structfield.observers).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn observers<T5>(
                    self,
                    value: T5,
                ) -> QuorumStatusBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>,
                    >,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    QuorumStatusBuilder((v0, v1, v2, v3, v4, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5> QuorumStatusBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [QuorumStatus].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumStatus>
                where
                    Self: ::planus::WriteAsOffset<QuorumStatus>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsOptional<i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<u64, u64>,
                    T3: ::planus::WriteAsDefault<u64, u64>,
                    T4: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                    T5: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                > ::planus::WriteAs<::planus::Offset<QuorumStatus>>
                for QuorumStatusBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<QuorumStatus>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumStatus> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsOptional<i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<u64, u64>,
                    T3: ::planus::WriteAsDefault<u64, u64>,
                    T4: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                    T5: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                > ::planus::WriteAsOptional<::planus::Offset<QuorumStatus>>
                for QuorumStatusBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                type Prepared = ::planus::Offset<QuorumStatus>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<QuorumStatus>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsOptional<i32>,
                    T1: ::planus::WriteAsDefault<u64, u64>,
                    T2: ::planus::WriteAsDefault<u64, u64>,
                    T3: ::planus::WriteAsDefault<u64, u64>,
                    T4: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                    T5: ::planus::WriteAs<::planus::Offset<[::planus::Offset<self::ReplicaStatus>]>>,
                > ::planus::WriteAsOffset<QuorumStatus>
                for QuorumStatusBuilder<(T0, T1, T2, T3, T4, T5)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<QuorumStatus> {
                    let (v0, v1, v2, v3, v4, v5) = &self.0;
                    QuorumStatus::create(builder, v0, v1, v2, v3, v4, v5)
                }
            }

            /// Reference to a deserialized [QuorumStatus].
            #[derive(Copy, Clone)]
            pub struct QuorumStatusRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> QuorumStatusRef<'a> {
                /// Getter for the [`leader` field](QuorumStatus#structfield.leader).
                #[inline]
                pub fn leader(&self) -> ::planus::Result<::core::option::Option<i32>> {
                    self.0.access(0, "QuorumStatus", "leader")
                }

                /// Getter for the [`term` field](QuorumStatus#structfield.term).
                #[inline]
                pub fn term(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(1, "QuorumStatus", "term")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`high_watermark` field](QuorumStatus#structfield.high_watermark).
                #[inline]
                pub fn high_watermark(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "QuorumStatus", "high_watermark")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`log_end` field](QuorumStatus#structfield.log_end).
                #[inline]
                pub fn log_end(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(3, "QuorumStatus", "log_end")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`voters` field](QuorumStatus#structfield.voters).
                #[inline]
                pub fn voters(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::ReplicaStatusRef<'a>>>,
                > {
                    self.0.access_required(4, "QuorumStatus", "voters")
                }

                /// Getter for the [`observers` field](QuorumStatus#structfield.observers).
                #[inline]
                pub fn observers(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::ReplicaStatusRef<'a>>>,
                > {
                    self.0.access_required(5, "QuorumStatus", "observers")
                }
            }

            impl<'a> ::core::fmt::Debug for QuorumStatusRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("QuorumStatusRef");
                    if let ::core::option::Option::Some(field_leader) = self.leader().transpose() {
                        f.field("leader", &field_leader);
                    }
                    f.field("term", &self.term());
                    f.field("high_watermark", &self.high_watermark());
                    f.field("log_end", &self.log_end());
                    f.field("voters", &self.voters());
                    f.field("observers", &self.observers());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<QuorumStatusRef<'a>> for QuorumStatus {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: QuorumStatusRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        leader: if let ::core::option::Option::Some(leader) = value.leader()? {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                leader,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                        term: ::core::convert::TryInto::try_into(value.term()?)?,
                        high_watermark: ::core::convert::TryInto::try_into(
                            value.high_watermark()?,
                        )?,
                        log_end: ::core::convert::TryInto::try_into(value.log_end()?)?,
                        voters: value.voters()?.to_vec_result()?,
                        observers: value.observers()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for QuorumStatusRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for QuorumStatusRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[QuorumStatusRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<QuorumStatus>> for QuorumStatus {
                type Value = ::planus::Offset<QuorumStatus>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<QuorumStatus>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for QuorumStatusRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[QuorumStatusRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Producer ids [first_producer_id, first_producer_id + block_size).
            ///
            /// Generated from these locations:
            /// * Table `ProducerIdBlock` in the file `rpc.fbs:189`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ProducerIdBlock {
                /// The field `first_producer_id` in the table `ProducerIdBlock`
                pub first_producer_id: i64,
                /// The field `block_size` in the table `ProducerIdBlock`
                pub block_size: i32,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ProducerIdBlock {
                fn default() -> Self {
                    Self {
                        first_producer_id: 0,
                        block_size: 0,
                    }
                }
            }

            impl ProducerIdBlock {
                /// Creates a [ProducerIdBlockBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ProducerIdBlockBuilder<()> {
                    ProducerIdBlockBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_first_producer_id: impl ::planus::WriteAsDefault<i64, i64>,
                    field_block_size: impl ::planus::WriteAsDefault<i32, i32>,
                ) -> ::planus::Offset<Self> {
                    let prepared_first_producer_id = field_first_producer_id.prepare(builder, &0);
                    let prepared_block_size = field_block_size.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    if prepared_first_producer_id.is_some() {
                        table_writer.write_entry::<i64>(0);
                    }
                    if prepared_block_size.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_first_producer_id) =
                                prepared_first_producer_id
                            {
                                object_writer.write::<_, _, 8>(&prepared_first_producer_id);
                            }
                            if let ::core::option::Option::Some(prepared_block_size) =
                                prepared_block_size
                            {
                                object_writer.write::<_, _, 4>(&prepared_block_size);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ProducerIdBlock>> for ProducerIdBlock {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIdBlock> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ProducerIdBlock>> for ProducerIdBlock {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ProducerIdBlock>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ProducerIdBlock> for ProducerIdBlock {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIdBlock> {
                    ProducerIdBlock::create(builder, self.first_producer_id, self.block_size)
                }
            }

            /// Builder for serializing an instance of the [ProducerIdBlock] type.
            ///
            /// Can be created using the [ProducerIdBlock::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ProducerIdBlockBuilder<State>(State);

            impl ProducerIdBlockBuilder<()> {
                /// Setter for the [`first_producer_id` field](ProducerIdBlock#structfield.first_producer_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn first_producer_id<T0>(self, value: T0) -> ProducerIdBlockBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i64, i64>,
                {
                    ProducerIdBlockBuilder((value,))
                }

                /// Sets the [`first_producer_id` field](ProducerIdBlock#structfield.first_producer_id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn first_producer_id_as_default(
                    self,
                ) -> ProducerIdBlockBuilder<(::planus::DefaultValue,)> {
                    self.first_producer_id(::planus::DefaultValue)
                }
            }

            impl<T0> ProducerIdBlockBuilder<(T0,)> {
                /// Setter for the [`block_size` field](ProducerIdBlock#structfield.block_size).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn block_size<T1>(self, value: T1) -> ProducerIdBlockBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    ProducerIdBlockBuilder((v0, value))
                }

                /// Sets the [`block_size` field](ProducerIdBlock#structfield.block_size) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn block_size_as_default(
                    self,
                ) -> ProducerIdBlockBuilder<(T0, ::planus::DefaultValue)> {
                    self.block_size(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ProducerIdBlockBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ProducerIdBlock].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIdBlock>
                where
                    Self: ::planus::WriteAsOffset<ProducerIdBlock>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i64, i64>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAs<::planus::Offset<ProducerIdBlock>>
                for ProducerIdBlockBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ProducerIdBlock>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIdBlock> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i64, i64>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOptional<::planus::Offset<ProducerIdBlock>>
                for ProducerIdBlockBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ProducerIdBlock>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ProducerIdBlock>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i64, i64>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                > ::planus::WriteAsOffset<ProducerIdBlock> for ProducerIdBlockBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ProducerIdBlock> {
                    let (v0, v1) = &self.0;
                    ProducerIdBlock::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ProducerIdBlock].
            #[derive(Copy, Clone)]
            pub struct ProducerIdBlockRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ProducerIdBlockRef<'a> {
                /// Getter for the [`first_producer_id` field](ProducerIdBlock#structfield.first_producer_id).
                #[inline]
                pub fn first_producer_id(&self) -> ::planus::Result<i64> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "ProducerIdBlock", "first_producer_id")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`block_size` field](ProducerIdBlock#structfield.block_size).
                #[inline]
                pub fn block_size(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "ProducerIdBlock", "block_size")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for ProducerIdBlockRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ProducerIdBlockRef");
                    f.field("first_producer_id", &self.first_producer_id());
                    f.field("block_size", &self.block_size());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ProducerIdBlockRef<'a>> for ProducerIdBlock {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ProducerIdBlockRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        first_producer_id: ::core::convert::TryInto::try_into(
                            value.first_producer_id()?,
                        )?,
                        block_size: ::core::convert::TryInto::try_into(value.block_size()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ProducerIdBlockRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ProducerIdBlockRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ProducerIdBlockRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ProducerIdBlock>> for ProducerIdBlock {
                type Value = ::planus::Offset<ProducerIdBlock>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ProducerIdBlock>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ProducerIdBlockRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ProducerIdBlockRef]", "read_as_root", 0)
                    })
                }
            }

            ///  One partition's AlterPartition answer: `error_code` 0 and its committed state, or an error.
            ///
            /// Generated from these locations:
            /// * Table `PartitionStateResult` in the file `rpc.fbs:195`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct PartitionStateResult {
                /// The field `partition` in the table `PartitionStateResult`
                pub partition: i32,
                /// The field `error_code` in the table `PartitionStateResult`
                pub error_code: i16,
                /// The field `leader` in the table `PartitionStateResult`
                pub leader: i32,
                /// The field `leader_epoch` in the table `PartitionStateResult`
                pub leader_epoch: i32,
                /// The field `partition_epoch` in the table `PartitionStateResult`
                pub partition_epoch: i32,
                /// The field `replicas` in the table `PartitionStateResult`
                pub replicas: ::planus::alloc::vec::Vec<i32>,
                /// The field `isr` in the table `PartitionStateResult`
                pub isr: ::planus::alloc::vec::Vec<i32>,
                /// The field `leader_recovery_state` in the table `PartitionStateResult`
                pub leader_recovery_state: i8,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for PartitionStateResult {
                fn default() -> Self {
                    Self {
                        partition: 0,
                        error_code: 0,
                        leader: 0,
                        leader_epoch: 0,
                        partition_epoch: 0,
                        replicas: ::core::default::Default::default(),
                        isr: ::core::default::Default::default(),
                        leader_recovery_state: 0,
                    }
                }
            }

            impl PartitionStateResult {
                /// Creates a [PartitionStateResultBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> PartitionStateResultBuilder<()> {
                    PartitionStateResultBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_partition: impl ::planus::WriteAsDefault<i32, i32>,
                    field_error_code: impl ::planus::WriteAsDefault<i16, i16>,
                    field_leader: impl ::planus::WriteAsDefault<i32, i32>,
                    field_leader_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_partition_epoch: impl ::planus::WriteAsDefault<i32, i32>,
                    field_replicas: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                    field_isr: impl ::planus::WriteAs<::planus::Offset<[i32]>>,
                    field_leader_recovery_state: impl ::planus::WriteAsDefault<i8, i8>,
                ) -> ::planus::Offset<Self> {
                    let prepared_partition = field_partition.prepare(builder, &0);
                    let prepared_error_code = field_error_code.prepare(builder, &0);
                    let prepared_leader = field_leader.prepare(builder, &0);
                    let prepared_leader_epoch = field_leader_epoch.prepare(builder, &0);
                    let prepared_partition_epoch = field_partition_epoch.prepare(builder, &0);
                    let prepared_replicas = field_replicas.prepare(builder);
                    let prepared_isr = field_isr.prepare(builder);
                    let prepared_leader_recovery_state =
                        field_leader_recovery_state.prepare(builder, &0);

                    let mut table_writer: ::planus::table_writer::TableWriter<20> =
                        ::core::default::Default::default();
                    if prepared_partition.is_some() {
                        table_writer.write_entry::<i32>(0);
                    }
                    if prepared_leader.is_some() {
                        table_writer.write_entry::<i32>(2);
                    }
                    if prepared_leader_epoch.is_some() {
                        table_writer.write_entry::<i32>(3);
                    }
                    if prepared_partition_epoch.is_some() {
                        table_writer.write_entry::<i32>(4);
                    }
                    table_writer.write_entry::<::planus::Offset<[i32]>>(5);
                    table_writer.write_entry::<::planus::Offset<[i32]>>(6);
                    if prepared_error_code.is_some() {
                        table_writer.write_entry::<i16>(1);
                    }
                    if prepared_leader_recovery_state.is_some() {
                        table_writer.write_entry::<i8>(7);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_partition) =
                                prepared_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition);
                            }
                            if let ::core::option::Option::Some(prepared_leader) = prepared_leader {
                                object_writer.write::<_, _, 4>(&prepared_leader);
                            }
                            if let ::core::option::Option::Some(prepared_leader_epoch) =
                                prepared_leader_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_leader_epoch);
                            }
                            if let ::core::option::Option::Some(prepared_partition_epoch) =
                                prepared_partition_epoch
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition_epoch);
                            }
                            object_writer.write::<_, _, 4>(&prepared_replicas);
                            object_writer.write::<_, _, 4>(&prepared_isr);
                            if let ::core::option::Option::Some(prepared_error_code) =
                                prepared_error_code
                            {
                                object_writer.write::<_, _, 2>(&prepared_error_code);
                            }
                            if let ::core::option::Option::Some(prepared_leader_recovery_state) =
                                prepared_leader_recovery_state
                            {
                                object_writer.write::<_, _, 1>(&prepared_leader_recovery_state);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<PartitionStateResult>> for PartitionStateResult {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionStateResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<PartitionStateResult>> for PartitionStateResult {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<PartitionStateResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<PartitionStateResult> for PartitionStateResult {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionStateResult> {
                    PartitionStateResult::create(
                        builder,
                        self.partition,
                        self.error_code,
                        self.leader,
                        self.leader_epoch,
                        self.partition_epoch,
                        &self.replicas,
                        &self.isr,
                        self.leader_recovery_state,
                    )
                }
            }

            /// Builder for serializing an instance of the [PartitionStateResult] type.
            ///
            /// Can be created using the [PartitionStateResult::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct PartitionStateResultBuilder<State>(State);

            impl PartitionStateResultBuilder<()> {
                /// Setter for the [`partition` field](PartitionStateResult#structfield.partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition<T0>(self, value: T0) -> PartitionStateResultBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i32, i32>,
                {
                    PartitionStateResultBuilder((value,))
                }

                /// Sets the [`partition` field](PartitionStateResult#structfield.partition) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(::planus::DefaultValue,)> {
                    self.partition(::planus::DefaultValue)
                }
            }

            impl<T0> PartitionStateResultBuilder<(T0,)> {
                /// Setter for the [`error_code` field](PartitionStateResult#structfield.error_code).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code<T1>(self, value: T1) -> PartitionStateResultBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0,) = self.0;
                    PartitionStateResultBuilder((v0, value))
                }

                /// Sets the [`error_code` field](PartitionStateResult#structfield.error_code) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(T0, ::planus::DefaultValue)> {
                    self.error_code(::planus::DefaultValue)
                }
            }

            impl<T0, T1> PartitionStateResultBuilder<(T0, T1)> {
                /// Setter for the [`leader` field](PartitionStateResult#structfield.leader).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader<T2>(self, value: T2) -> PartitionStateResultBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1) = self.0;
                    PartitionStateResultBuilder((v0, v1, value))
                }

                /// Sets the [`leader` field](PartitionStateResult#structfield.leader) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.leader(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> PartitionStateResultBuilder<(T0, T1, T2)> {
                /// Setter for the [`leader_epoch` field](PartitionStateResult#structfield.leader_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch<T3>(
                    self,
                    value: T3,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2) = self.0;
                    PartitionStateResultBuilder((v0, v1, v2, value))
                }

                /// Sets the [`leader_epoch` field](PartitionStateResult#structfield.leader_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_epoch_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, ::planus::DefaultValue)>
                {
                    self.leader_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3> PartitionStateResultBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`partition_epoch` field](PartitionStateResult#structfield.partition_epoch).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch<T4>(
                    self,
                    value: T4,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0, v1, v2, v3) = self.0;
                    PartitionStateResultBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`partition_epoch` field](PartitionStateResult#structfield.partition_epoch) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_epoch_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, ::planus::DefaultValue)>
                {
                    self.partition_epoch(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4> PartitionStateResultBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`replicas` field](PartitionStateResult#structfield.replicas).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn replicas<T5>(
                    self,
                    value: T5,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    PartitionStateResultBuilder((v0, v1, v2, v3, v4, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Setter for the [`isr` field](PartitionStateResult#structfield.isr).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn isr<T6>(
                    self,
                    value: T6,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6)>
                where
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                {
                    let (v0, v1, v2, v3, v4, v5) = self.0;
                    PartitionStateResultBuilder((v0, v1, v2, v3, v4, v5, value))
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
                /// Setter for the [`leader_recovery_state` field](PartitionStateResult#structfield.leader_recovery_state).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state<T7>(
                    self,
                    value: T7,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
                where
                    T7: ::planus::WriteAsDefault<i8, i8>,
                {
                    let (v0, v1, v2, v3, v4, v5, v6) = self.0;
                    PartitionStateResultBuilder((v0, v1, v2, v3, v4, v5, v6, value))
                }

                /// Sets the [`leader_recovery_state` field](PartitionStateResult#structfield.leader_recovery_state) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn leader_recovery_state_as_default(
                    self,
                ) -> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, ::planus::DefaultValue)>
                {
                    self.leader_recovery_state(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6, T7> PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [PartitionStateResult].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionStateResult>
                where
                    Self: ::planus::WriteAsOffset<PartitionStateResult>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAs<::planus::Offset<PartitionStateResult>>
                for PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                type Prepared = ::planus::Offset<PartitionStateResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionStateResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOptional<::planus::Offset<PartitionStateResult>>
                for PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                type Prepared = ::planus::Offset<PartitionStateResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<PartitionStateResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i32, i32>,
                    T1: ::planus::WriteAsDefault<i16, i16>,
                    T2: ::planus::WriteAsDefault<i32, i32>,
                    T3: ::planus::WriteAsDefault<i32, i32>,
                    T4: ::planus::WriteAsDefault<i32, i32>,
                    T5: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T6: ::planus::WriteAs<::planus::Offset<[i32]>>,
                    T7: ::planus::WriteAsDefault<i8, i8>,
                > ::planus::WriteAsOffset<PartitionStateResult>
                for PartitionStateResultBuilder<(T0, T1, T2, T3, T4, T5, T6, T7)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<PartitionStateResult> {
                    let (v0, v1, v2, v3, v4, v5, v6, v7) = &self.0;
                    PartitionStateResult::create(builder, v0, v1, v2, v3, v4, v5, v6, v7)
                }
            }

            /// Reference to a deserialized [PartitionStateResult].
            #[derive(Copy, Clone)]
            pub struct PartitionStateResultRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> PartitionStateResultRef<'a> {
                /// Getter for the [`partition` field](PartitionStateResult#structfield.partition).
                #[inline]
                pub fn partition(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "PartitionStateResult", "partition")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`error_code` field](PartitionStateResult#structfield.error_code).
                #[inline]
                pub fn error_code(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "PartitionStateResult", "error_code")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`leader` field](PartitionStateResult#structfield.leader).
                #[inline]
                pub fn leader(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "PartitionStateResult", "leader")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`leader_epoch` field](PartitionStateResult#structfield.leader_epoch).
                #[inline]
                pub fn leader_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(3, "PartitionStateResult", "leader_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`partition_epoch` field](PartitionStateResult#structfield.partition_epoch).
                #[inline]
                pub fn partition_epoch(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(4, "PartitionStateResult", "partition_epoch")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`replicas` field](PartitionStateResult#structfield.replicas).
                #[inline]
                pub fn replicas(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0
                        .access_required(5, "PartitionStateResult", "replicas")
                }

                /// Getter for the [`isr` field](PartitionStateResult#structfield.isr).
                #[inline]
                pub fn isr(&self) -> ::planus::Result<::planus::Vector<'a, i32>> {
                    self.0.access_required(6, "PartitionStateResult", "isr")
                }

                /// Getter for the [`leader_recovery_state` field](PartitionStateResult#structfield.leader_recovery_state).
                #[inline]
                pub fn leader_recovery_state(&self) -> ::planus::Result<i8> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(7, "PartitionStateResult", "leader_recovery_state")?
                            .unwrap_or(0),
                    )
                }
            }

            impl<'a> ::core::fmt::Debug for PartitionStateResultRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("PartitionStateResultRef");
                    f.field("partition", &self.partition());
                    f.field("error_code", &self.error_code());
                    f.field("leader", &self.leader());
                    f.field("leader_epoch", &self.leader_epoch());
                    f.field("partition_epoch", &self.partition_epoch());
                    f.field("replicas", &self.replicas());
                    f.field("isr", &self.isr());
                    f.field("leader_recovery_state", &self.leader_recovery_state());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<PartitionStateResultRef<'a>> for PartitionStateResult {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: PartitionStateResultRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        partition: ::core::convert::TryInto::try_into(value.partition()?)?,
                        error_code: ::core::convert::TryInto::try_into(value.error_code()?)?,
                        leader: ::core::convert::TryInto::try_into(value.leader()?)?,
                        leader_epoch: ::core::convert::TryInto::try_into(value.leader_epoch()?)?,
                        partition_epoch: ::core::convert::TryInto::try_into(
                            value.partition_epoch()?,
                        )?,
                        replicas: value.replicas()?.to_vec()?,
                        isr: value.isr()?.to_vec()?,
                        leader_recovery_state: ::core::convert::TryInto::try_into(
                            value.leader_recovery_state()?,
                        )?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for PartitionStateResultRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for PartitionStateResultRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[PartitionStateResultRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<PartitionStateResult>> for PartitionStateResult {
                type Value = ::planus::Offset<PartitionStateResult>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<PartitionStateResult>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for PartitionStateResultRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[PartitionStateResultRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            /// The table `AlterPartitionTopicResult` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `AlterPartitionTopicResult` in the file `rpc.fbs:206`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct AlterPartitionTopicResult {
                /// The field `topic_id` in the table `AlterPartitionTopicResult`
                pub topic_id: super::metadata::Uuid,
                /// The field `partitions` in the table `AlterPartitionTopicResult`
                pub partitions: ::planus::alloc::vec::Vec<self::PartitionStateResult>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for AlterPartitionTopicResult {
                fn default() -> Self {
                    Self {
                        topic_id: ::core::default::Default::default(),
                        partitions: ::core::default::Default::default(),
                    }
                }
            }

            impl AlterPartitionTopicResult {
                /// Creates a [AlterPartitionTopicResultBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> AlterPartitionTopicResultBuilder<()> {
                    AlterPartitionTopicResultBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_topic_id: impl ::planus::WriteAs<super::metadata::Uuid>,
                    field_partitions: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_topic_id = field_topic_id.prepare(builder);
                    let prepared_partitions = field_partitions.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<super::metadata::Uuid>(0);
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 16>(&prepared_topic_id);
                            object_writer.write::<_, _, 4>(&prepared_partitions);
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<AlterPartitionTopicResult>> for AlterPartitionTopicResult {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopicResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<AlterPartitionTopicResult>>
                for AlterPartitionTopicResult
            {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionTopicResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<AlterPartitionTopicResult> for AlterPartitionTopicResult {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopicResult> {
                    AlterPartitionTopicResult::create(builder, self.topic_id, &self.partitions)
                }
            }

            /// Builder for serializing an instance of the [AlterPartitionTopicResult] type.
            ///
            /// Can be created using the [AlterPartitionTopicResult::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct AlterPartitionTopicResultBuilder<State>(State);

            impl AlterPartitionTopicResultBuilder<()> {
                /// Setter for the [`topic_id` field](AlterPartitionTopicResult#structfield.topic_id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic_id<T0>(self, value: T0) -> AlterPartitionTopicResultBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                {
                    AlterPartitionTopicResultBuilder((value,))
                }
            }

            impl<T0> AlterPartitionTopicResultBuilder<(T0,)> {
                /// Setter for the [`partitions` field](AlterPartitionTopicResult#structfield.partitions).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partitions<T1>(self, value: T1) -> AlterPartitionTopicResultBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>,
                    >,
                {
                    let (v0,) = self.0;
                    AlterPartitionTopicResultBuilder((v0, value))
                }
            }

            impl<T0, T1> AlterPartitionTopicResultBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [AlterPartitionTopicResult].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopicResult>
                where
                    Self: ::planus::WriteAsOffset<AlterPartitionTopicResult>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>,
                    >,
                > ::planus::WriteAs<::planus::Offset<AlterPartitionTopicResult>>
                for AlterPartitionTopicResultBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AlterPartitionTopicResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopicResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>,
                    >,
                > ::planus::WriteAsOptional<::planus::Offset<AlterPartitionTopicResult>>
                for AlterPartitionTopicResultBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<AlterPartitionTopicResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<AlterPartitionTopicResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<super::metadata::Uuid>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<self::PartitionStateResult>]>,
                    >,
                > ::planus::WriteAsOffset<AlterPartitionTopicResult>
                for AlterPartitionTopicResultBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<AlterPartitionTopicResult> {
                    let (v0, v1) = &self.0;
                    AlterPartitionTopicResult::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [AlterPartitionTopicResult].
            #[derive(Copy, Clone)]
            pub struct AlterPartitionTopicResultRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> AlterPartitionTopicResultRef<'a> {
                /// Getter for the [`topic_id` field](AlterPartitionTopicResult#structfield.topic_id).
                #[inline]
                pub fn topic_id(&self) -> ::planus::Result<super::metadata::UuidRef<'a>> {
                    self.0
                        .access_required(0, "AlterPartitionTopicResult", "topic_id")
                }

                /// Getter for the [`partitions` field](AlterPartitionTopicResult#structfield.partitions).
                #[inline]
                pub fn partitions(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<self::PartitionStateResultRef<'a>>>,
                > {
                    self.0
                        .access_required(1, "AlterPartitionTopicResult", "partitions")
                }
            }

            impl<'a> ::core::fmt::Debug for AlterPartitionTopicResultRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("AlterPartitionTopicResultRef");
                    f.field("topic_id", &self.topic_id());
                    f.field("partitions", &self.partitions());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<AlterPartitionTopicResultRef<'a>> for AlterPartitionTopicResult {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: AlterPartitionTopicResultRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        topic_id: ::core::convert::Into::into(value.topic_id()?),
                        partitions: value.partitions()?.to_vec_result()?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for AlterPartitionTopicResultRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for AlterPartitionTopicResultRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionTopicResultRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<AlterPartitionTopicResult>>
                for AlterPartitionTopicResult
            {
                type Value = ::planus::Offset<AlterPartitionTopicResult>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<AlterPartitionTopicResult>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for AlterPartitionTopicResultRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[AlterPartitionTopicResultRef]",
                            "read_as_root",
                            0,
                        )
                    })
                }
            }

            ///  One partition's ElectLeaders outcome: error code 0 elected.
            ///
            /// Generated from these locations:
            /// * Table `ElectionResult` in the file `rpc.fbs:212`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ElectionResult {
                /// The field `topic` in the table `ElectionResult`
                pub topic: ::planus::alloc::string::String,
                /// The field `partition` in the table `ElectionResult`
                pub partition: i32,
                /// The field `error_code` in the table `ElectionResult`
                pub error_code: i16,
                /// The field `message` in the table `ElectionResult`
                pub message: ::core::option::Option<::planus::alloc::string::String>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ElectionResult {
                fn default() -> Self {
                    Self {
                        topic: ::core::default::Default::default(),
                        partition: 0,
                        error_code: 0,
                        message: ::core::default::Default::default(),
                    }
                }
            }

            impl ElectionResult {
                /// Creates a [ElectionResultBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ElectionResultBuilder<()> {
                    ElectionResultBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_topic: impl ::planus::WriteAs<::planus::Offset<str>>,
                    field_partition: impl ::planus::WriteAsDefault<i32, i32>,
                    field_error_code: impl ::planus::WriteAsDefault<i16, i16>,
                    field_message: impl ::planus::WriteAsOptional<
                        ::planus::Offset<::core::primitive::str>,
                    >,
                ) -> ::planus::Offset<Self> {
                    let prepared_topic = field_topic.prepare(builder);
                    let prepared_partition = field_partition.prepare(builder, &0);
                    let prepared_error_code = field_error_code.prepare(builder, &0);
                    let prepared_message = field_message.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<12> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(0);
                    if prepared_partition.is_some() {
                        table_writer.write_entry::<i32>(1);
                    }
                    if prepared_message.is_some() {
                        table_writer.write_entry::<::planus::Offset<str>>(3);
                    }
                    if prepared_error_code.is_some() {
                        table_writer.write_entry::<i16>(2);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_topic);
                            if let ::core::option::Option::Some(prepared_partition) =
                                prepared_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_partition);
                            }
                            if let ::core::option::Option::Some(prepared_message) = prepared_message
                            {
                                object_writer.write::<_, _, 4>(&prepared_message);
                            }
                            if let ::core::option::Option::Some(prepared_error_code) =
                                prepared_error_code
                            {
                                object_writer.write::<_, _, 2>(&prepared_error_code);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ElectionResult>> for ElectionResult {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectionResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ElectionResult>> for ElectionResult {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ElectionResult>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ElectionResult> for ElectionResult {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectionResult> {
                    ElectionResult::create(
                        builder,
                        &self.topic,
                        self.partition,
                        self.error_code,
                        &self.message,
                    )
                }
            }

            /// Builder for serializing an instance of the [ElectionResult] type.
            ///
            /// Can be created using the [ElectionResult::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ElectionResultBuilder<State>(State);

            impl ElectionResultBuilder<()> {
                /// Setter for the [`topic` field](ElectionResult#structfield.topic).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn topic<T0>(self, value: T0) -> ElectionResultBuilder<(T0,)>
                where
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    ElectionResultBuilder((value,))
                }
            }

            impl<T0> ElectionResultBuilder<(T0,)> {
                /// Setter for the [`partition` field](ElectionResult#structfield.partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition<T1>(self, value: T1) -> ElectionResultBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsDefault<i32, i32>,
                {
                    let (v0,) = self.0;
                    ElectionResultBuilder((v0, value))
                }

                /// Sets the [`partition` field](ElectionResult#structfield.partition) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn partition_as_default(
                    self,
                ) -> ElectionResultBuilder<(T0, ::planus::DefaultValue)> {
                    self.partition(::planus::DefaultValue)
                }
            }

            impl<T0, T1> ElectionResultBuilder<(T0, T1)> {
                /// Setter for the [`error_code` field](ElectionResult#structfield.error_code).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code<T2>(self, value: T2) -> ElectionResultBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsDefault<i16, i16>,
                {
                    let (v0, v1) = self.0;
                    ElectionResultBuilder((v0, v1, value))
                }

                /// Sets the [`error_code` field](ElectionResult#structfield.error_code) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code_as_default(
                    self,
                ) -> ElectionResultBuilder<(T0, T1, ::planus::DefaultValue)> {
                    self.error_code(::planus::DefaultValue)
                }
            }

            impl<T0, T1, T2> ElectionResultBuilder<(T0, T1, T2)> {
                /// Setter for the [`message` field](ElectionResult#structfield.message).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn message<T3>(self, value: T3) -> ElectionResultBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                {
                    let (v0, v1, v2) = self.0;
                    ElectionResultBuilder((v0, v1, v2, value))
                }

                /// Sets the [`message` field](ElectionResult#structfield.message) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn message_as_null(self) -> ElectionResultBuilder<(T0, T1, T2, ())> {
                    self.message(())
                }
            }

            impl<T0, T1, T2, T3> ElectionResultBuilder<(T0, T1, T2, T3)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ElectionResult].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectionResult>
                where
                    Self: ::planus::WriteAsOffset<ElectionResult>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAs<::planus::Offset<ElectionResult>>
                for ElectionResultBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ElectionResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectionResult> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOptional<::planus::Offset<ElectionResult>>
                for ElectionResultBuilder<(T0, T1, T2, T3)>
            {
                type Prepared = ::planus::Offset<ElectionResult>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ElectionResult>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAs<::planus::Offset<str>>,
                    T1: ::planus::WriteAsDefault<i32, i32>,
                    T2: ::planus::WriteAsDefault<i16, i16>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<::core::primitive::str>>,
                > ::planus::WriteAsOffset<ElectionResult>
                for ElectionResultBuilder<(T0, T1, T2, T3)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ElectionResult> {
                    let (v0, v1, v2, v3) = &self.0;
                    ElectionResult::create(builder, v0, v1, v2, v3)
                }
            }

            /// Reference to a deserialized [ElectionResult].
            #[derive(Copy, Clone)]
            pub struct ElectionResultRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ElectionResultRef<'a> {
                /// Getter for the [`topic` field](ElectionResult#structfield.topic).
                #[inline]
                pub fn topic(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(0, "ElectionResult", "topic")
                }

                /// Getter for the [`partition` field](ElectionResult#structfield.partition).
                #[inline]
                pub fn partition(&self) -> ::planus::Result<i32> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(1, "ElectionResult", "partition")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`error_code` field](ElectionResult#structfield.error_code).
                #[inline]
                pub fn error_code(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(2, "ElectionResult", "error_code")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`message` field](ElectionResult#structfield.message).
                #[inline]
                pub fn message(
                    &self,
                ) -> ::planus::Result<::core::option::Option<&'a ::core::primitive::str>>
                {
                    self.0.access(3, "ElectionResult", "message")
                }
            }

            impl<'a> ::core::fmt::Debug for ElectionResultRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ElectionResultRef");
                    f.field("topic", &self.topic());
                    f.field("partition", &self.partition());
                    f.field("error_code", &self.error_code());
                    if let ::core::option::Option::Some(field_message) = self.message().transpose()
                    {
                        f.field("message", &field_message);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ElectionResultRef<'a>> for ElectionResult {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ElectionResultRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        topic: ::core::convert::Into::into(value.topic()?),
                        partition: ::core::convert::TryInto::try_into(value.partition()?)?,
                        error_code: ::core::convert::TryInto::try_into(value.error_code()?)?,
                        message: value.message()?.map(::core::convert::Into::into),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ElectionResultRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ElectionResultRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ElectionResultRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ElectionResult>> for ElectionResult {
                type Value = ::planus::Offset<ElectionResult>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ElectionResult>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ElectionResultRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ElectionResultRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A request that succeeded.
            ///
            /// Generated from these locations:
            /// * Table `ControllerReply` in the file `rpc.fbs:220`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ControllerReply {
                ///  Raft index the change committed at (the current index for validate-only requests).
                pub index: u64,
                /// The field `records` in the table `ControllerReply`
                pub records: ::planus::alloc::vec::Vec<super::metadata::Record>,
                ///  For AllocateProducerIds.
                pub producer_ids:
                    ::core::option::Option<::planus::alloc::boxed::Box<self::ProducerIdBlock>>,
                ///  For DescribeQuorum.
                pub quorum: ::core::option::Option<::planus::alloc::boxed::Box<self::QuorumStatus>>,
                ///  For AlterPartition.
                pub alter_partition: ::core::option::Option<
                    ::planus::alloc::vec::Vec<self::AlterPartitionTopicResult>,
                >,
                ///  For ElectLeaders.
                pub elections:
                    ::core::option::Option<::planus::alloc::vec::Vec<self::ElectionResult>>,
                ///  For ControlledShutdown.
                pub may_shut_down: ::core::option::Option<bool>,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ControllerReply {
                fn default() -> Self {
                    Self {
                        index: 0,
                        records: ::core::default::Default::default(),
                        producer_ids: ::core::default::Default::default(),
                        quorum: ::core::default::Default::default(),
                        alter_partition: ::core::default::Default::default(),
                        elections: ::core::default::Default::default(),
                        may_shut_down: ::core::default::Default::default(),
                    }
                }
            }

            impl ControllerReply {
                /// Creates a [ControllerReplyBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControllerReplyBuilder<()> {
                    ControllerReplyBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_index: impl ::planus::WriteAsDefault<u64, u64>,
                    field_records: impl ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<super::metadata::Record>]>,
                    >,
                    field_producer_ids: impl ::planus::WriteAsOptional<
                        ::planus::Offset<self::ProducerIdBlock>,
                    >,
                    field_quorum: impl ::planus::WriteAsOptional<::planus::Offset<self::QuorumStatus>>,
                    field_alter_partition: impl ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopicResult>]>,
                    >,
                    field_elections: impl ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ElectionResult>]>,
                    >,
                    field_may_shut_down: impl ::planus::WriteAsOptional<bool>,
                ) -> ::planus::Offset<Self> {
                    let prepared_index = field_index.prepare(builder, &0);
                    let prepared_records = field_records.prepare(builder);
                    let prepared_producer_ids = field_producer_ids.prepare(builder);
                    let prepared_quorum = field_quorum.prepare(builder);
                    let prepared_alter_partition = field_alter_partition.prepare(builder);
                    let prepared_elections = field_elections.prepare(builder);
                    let prepared_may_shut_down = field_may_shut_down.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<18> =
                        ::core::default::Default::default();
                    if prepared_index.is_some() {
                        table_writer.write_entry::<u64>(0);
                    }
                    table_writer.write_entry::<::planus::Offset<[::planus::Offset<super::metadata::Record>]>>(1);
                    if prepared_producer_ids.is_some() {
                        table_writer.write_entry::<::planus::Offset<self::ProducerIdBlock>>(2);
                    }
                    if prepared_quorum.is_some() {
                        table_writer.write_entry::<::planus::Offset<self::QuorumStatus>>(3);
                    }
                    if prepared_alter_partition.is_some() {
                        table_writer.write_entry::<::planus::Offset<
                            [::planus::Offset<self::AlterPartitionTopicResult>],
                        >>(4);
                    }
                    if prepared_elections.is_some() {
                        table_writer.write_entry::<::planus::Offset<[::planus::Offset<self::ElectionResult>]>>(5);
                    }
                    if prepared_may_shut_down.is_some() {
                        table_writer.write_entry::<bool>(6);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_index) = prepared_index {
                                object_writer.write::<_, _, 8>(&prepared_index);
                            }
                            object_writer.write::<_, _, 4>(&prepared_records);
                            if let ::core::option::Option::Some(prepared_producer_ids) =
                                prepared_producer_ids
                            {
                                object_writer.write::<_, _, 4>(&prepared_producer_ids);
                            }
                            if let ::core::option::Option::Some(prepared_quorum) = prepared_quorum {
                                object_writer.write::<_, _, 4>(&prepared_quorum);
                            }
                            if let ::core::option::Option::Some(prepared_alter_partition) =
                                prepared_alter_partition
                            {
                                object_writer.write::<_, _, 4>(&prepared_alter_partition);
                            }
                            if let ::core::option::Option::Some(prepared_elections) =
                                prepared_elections
                            {
                                object_writer.write::<_, _, 4>(&prepared_elections);
                            }
                            if let ::core::option::Option::Some(prepared_may_shut_down) =
                                prepared_may_shut_down
                            {
                                object_writer.write::<_, _, 1>(&prepared_may_shut_down);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ControllerReply>> for ControllerReply {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerReply> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ControllerReply>> for ControllerReply {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerReply>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ControllerReply> for ControllerReply {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerReply> {
                    ControllerReply::create(
                        builder,
                        self.index,
                        &self.records,
                        &self.producer_ids,
                        &self.quorum,
                        &self.alter_partition,
                        &self.elections,
                        self.may_shut_down,
                    )
                }
            }

            /// Builder for serializing an instance of the [ControllerReply] type.
            ///
            /// Can be created using the [ControllerReply::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControllerReplyBuilder<State>(State);

            impl ControllerReplyBuilder<()> {
                /// Setter for the [`index` field](ControllerReply#structfield.index).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn index<T0>(self, value: T0) -> ControllerReplyBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u64, u64>,
                {
                    ControllerReplyBuilder((value,))
                }

                /// Sets the [`index` field](ControllerReply#structfield.index) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn index_as_default(self) -> ControllerReplyBuilder<(::planus::DefaultValue,)> {
                    self.index(::planus::DefaultValue)
                }
            }

            impl<T0> ControllerReplyBuilder<(T0,)> {
                /// Setter for the [`records` field](ControllerReply#structfield.records).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn records<T1>(self, value: T1) -> ControllerReplyBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<super::metadata::Record>]>,
                    >,
                {
                    let (v0,) = self.0;
                    ControllerReplyBuilder((v0, value))
                }
            }

            impl<T0, T1> ControllerReplyBuilder<(T0, T1)> {
                /// Setter for the [`producer_ids` field](ControllerReply#structfield.producer_ids).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn producer_ids<T2>(self, value: T2) -> ControllerReplyBuilder<(T0, T1, T2)>
                where
                    T2: ::planus::WriteAsOptional<::planus::Offset<self::ProducerIdBlock>>,
                {
                    let (v0, v1) = self.0;
                    ControllerReplyBuilder((v0, v1, value))
                }

                /// Sets the [`producer_ids` field](ControllerReply#structfield.producer_ids) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn producer_ids_as_null(self) -> ControllerReplyBuilder<(T0, T1, ())> {
                    self.producer_ids(())
                }
            }

            impl<T0, T1, T2> ControllerReplyBuilder<(T0, T1, T2)> {
                /// Setter for the [`quorum` field](ControllerReply#structfield.quorum).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn quorum<T3>(self, value: T3) -> ControllerReplyBuilder<(T0, T1, T2, T3)>
                where
                    T3: ::planus::WriteAsOptional<::planus::Offset<self::QuorumStatus>>,
                {
                    let (v0, v1, v2) = self.0;
                    ControllerReplyBuilder((v0, v1, v2, value))
                }

                /// Sets the [`quorum` field](ControllerReply#structfield.quorum) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn quorum_as_null(self) -> ControllerReplyBuilder<(T0, T1, T2, ())> {
                    self.quorum(())
                }
            }

            impl<T0, T1, T2, T3> ControllerReplyBuilder<(T0, T1, T2, T3)> {
                /// Setter for the [`alter_partition` field](ControllerReply#structfield.alter_partition).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn alter_partition<T4>(
                    self,
                    value: T4,
                ) -> ControllerReplyBuilder<(T0, T1, T2, T3, T4)>
                where
                    T4: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopicResult>]>,
                    >,
                {
                    let (v0, v1, v2, v3) = self.0;
                    ControllerReplyBuilder((v0, v1, v2, v3, value))
                }

                /// Sets the [`alter_partition` field](ControllerReply#structfield.alter_partition) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn alter_partition_as_null(
                    self,
                ) -> ControllerReplyBuilder<(T0, T1, T2, T3, ())> {
                    self.alter_partition(())
                }
            }

            impl<T0, T1, T2, T3, T4> ControllerReplyBuilder<(T0, T1, T2, T3, T4)> {
                /// Setter for the [`elections` field](ControllerReply#structfield.elections).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elections<T5>(
                    self,
                    value: T5,
                ) -> ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5)>
                where
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ElectionResult>]>,
                    >,
                {
                    let (v0, v1, v2, v3, v4) = self.0;
                    ControllerReplyBuilder((v0, v1, v2, v3, v4, value))
                }

                /// Sets the [`elections` field](ControllerReply#structfield.elections) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn elections_as_null(self) -> ControllerReplyBuilder<(T0, T1, T2, T3, T4, ())> {
                    self.elections(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5> ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5)> {
                /// Setter for the [`may_shut_down` field](ControllerReply#structfield.may_shut_down).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn may_shut_down<T6>(
                    self,
                    value: T6,
                ) -> ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, T6)>
                where
                    T6: ::planus::WriteAsOptional<bool>,
                {
                    let (v0, v1, v2, v3, v4, v5) = self.0;
                    ControllerReplyBuilder((v0, v1, v2, v3, v4, v5, value))
                }

                /// Sets the [`may_shut_down` field](ControllerReply#structfield.may_shut_down) to null.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn may_shut_down_as_null(
                    self,
                ) -> ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, ())> {
                    self.may_shut_down(())
                }
            }

            impl<T0, T1, T2, T3, T4, T5, T6> ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, T6)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ControllerReply].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerReply>
                where
                    Self: ::planus::WriteAsOffset<ControllerReply>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<super::metadata::Record>]>,
                    >,
                    T2: ::planus::WriteAsOptional<::planus::Offset<self::ProducerIdBlock>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<self::QuorumStatus>>,
                    T4: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopicResult>]>,
                    >,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ElectionResult>]>,
                    >,
                    T6: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAs<::planus::Offset<ControllerReply>>
                for ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            {
                type Prepared = ::planus::Offset<ControllerReply>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerReply> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<super::metadata::Record>]>,
                    >,
                    T2: ::planus::WriteAsOptional<::planus::Offset<self::ProducerIdBlock>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<self::QuorumStatus>>,
                    T4: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopicResult>]>,
                    >,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ElectionResult>]>,
                    >,
                    T6: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAsOptional<::planus::Offset<ControllerReply>>
                for ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            {
                type Prepared = ::planus::Offset<ControllerReply>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerReply>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAs<
                        ::planus::Offset<[::planus::Offset<super::metadata::Record>]>,
                    >,
                    T2: ::planus::WriteAsOptional<::planus::Offset<self::ProducerIdBlock>>,
                    T3: ::planus::WriteAsOptional<::planus::Offset<self::QuorumStatus>>,
                    T4: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::AlterPartitionTopicResult>]>,
                    >,
                    T5: ::planus::WriteAsOptional<
                        ::planus::Offset<[::planus::Offset<self::ElectionResult>]>,
                    >,
                    T6: ::planus::WriteAsOptional<bool>,
                > ::planus::WriteAsOffset<ControllerReply>
                for ControllerReplyBuilder<(T0, T1, T2, T3, T4, T5, T6)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerReply> {
                    let (v0, v1, v2, v3, v4, v5, v6) = &self.0;
                    ControllerReply::create(builder, v0, v1, v2, v3, v4, v5, v6)
                }
            }

            /// Reference to a deserialized [ControllerReply].
            #[derive(Copy, Clone)]
            pub struct ControllerReplyRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ControllerReplyRef<'a> {
                /// Getter for the [`index` field](ControllerReply#structfield.index).
                #[inline]
                pub fn index(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "ControllerReply", "index")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`records` field](ControllerReply#structfield.records).
                #[inline]
                pub fn records(
                    &self,
                ) -> ::planus::Result<
                    ::planus::Vector<'a, ::planus::Result<super::metadata::RecordRef<'a>>>,
                > {
                    self.0.access_required(1, "ControllerReply", "records")
                }

                /// Getter for the [`producer_ids` field](ControllerReply#structfield.producer_ids).
                #[inline]
                pub fn producer_ids(
                    &self,
                ) -> ::planus::Result<::core::option::Option<self::ProducerIdBlockRef<'a>>>
                {
                    self.0.access(2, "ControllerReply", "producer_ids")
                }

                /// Getter for the [`quorum` field](ControllerReply#structfield.quorum).
                #[inline]
                pub fn quorum(
                    &self,
                ) -> ::planus::Result<::core::option::Option<self::QuorumStatusRef<'a>>>
                {
                    self.0.access(3, "ControllerReply", "quorum")
                }

                /// Getter for the [`alter_partition` field](ControllerReply#structfield.alter_partition).
                #[inline]
                pub fn alter_partition(
                    &self,
                ) -> ::planus::Result<
                    ::core::option::Option<
                        ::planus::Vector<
                            'a,
                            ::planus::Result<self::AlterPartitionTopicResultRef<'a>>,
                        >,
                    >,
                > {
                    self.0.access(4, "ControllerReply", "alter_partition")
                }

                /// Getter for the [`elections` field](ControllerReply#structfield.elections).
                #[inline]
                pub fn elections(
                    &self,
                ) -> ::planus::Result<
                    ::core::option::Option<
                        ::planus::Vector<'a, ::planus::Result<self::ElectionResultRef<'a>>>,
                    >,
                > {
                    self.0.access(5, "ControllerReply", "elections")
                }

                /// Getter for the [`may_shut_down` field](ControllerReply#structfield.may_shut_down).
                #[inline]
                pub fn may_shut_down(&self) -> ::planus::Result<::core::option::Option<bool>> {
                    self.0.access(6, "ControllerReply", "may_shut_down")
                }
            }

            impl<'a> ::core::fmt::Debug for ControllerReplyRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ControllerReplyRef");
                    f.field("index", &self.index());
                    f.field("records", &self.records());
                    if let ::core::option::Option::Some(field_producer_ids) =
                        self.producer_ids().transpose()
                    {
                        f.field("producer_ids", &field_producer_ids);
                    }
                    if let ::core::option::Option::Some(field_quorum) = self.quorum().transpose() {
                        f.field("quorum", &field_quorum);
                    }
                    if let ::core::option::Option::Some(field_alter_partition) =
                        self.alter_partition().transpose()
                    {
                        f.field("alter_partition", &field_alter_partition);
                    }
                    if let ::core::option::Option::Some(field_elections) =
                        self.elections().transpose()
                    {
                        f.field("elections", &field_elections);
                    }
                    if let ::core::option::Option::Some(field_may_shut_down) =
                        self.may_shut_down().transpose()
                    {
                        f.field("may_shut_down", &field_may_shut_down);
                    }
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ControllerReplyRef<'a>> for ControllerReply {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ControllerReplyRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        index: ::core::convert::TryInto::try_into(value.index()?)?,
                        records: value.records()?.to_vec_result()?,
                        producer_ids: if let ::core::option::Option::Some(producer_ids) =
                            value.producer_ids()?
                        {
                            ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryInto::try_into(producer_ids)?,
                            ))
                        } else {
                            ::core::option::Option::None
                        },
                        quorum: if let ::core::option::Option::Some(quorum) = value.quorum()? {
                            ::core::option::Option::Some(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryInto::try_into(quorum)?,
                            ))
                        } else {
                            ::core::option::Option::None
                        },
                        alter_partition: if let ::core::option::Option::Some(alter_partition) =
                            value.alter_partition()?
                        {
                            ::core::option::Option::Some(alter_partition.to_vec_result()?)
                        } else {
                            ::core::option::Option::None
                        },
                        elections: if let ::core::option::Option::Some(elections) =
                            value.elections()?
                        {
                            ::core::option::Option::Some(elections.to_vec_result()?)
                        } else {
                            ::core::option::Option::None
                        },
                        may_shut_down: if let ::core::option::Option::Some(may_shut_down) =
                            value.may_shut_down()?
                        {
                            ::core::option::Option::Some(::core::convert::TryInto::try_into(
                                may_shut_down,
                            )?)
                        } else {
                            ::core::option::Option::None
                        },
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ControllerReplyRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ControllerReplyRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ControllerReplyRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ControllerReply>> for ControllerReply {
                type Value = ::planus::Offset<ControllerReply>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ControllerReply>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ControllerReplyRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ControllerReplyRef]", "read_as_root", 0)
                    })
                }
            }

            ///  A refused request: the Kafka error code and message the client sees.
            ///
            /// Generated from these locations:
            /// * Table `ControllerError` in the file `rpc.fbs:237`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ControllerError {
                /// The field `error_code` in the table `ControllerError`
                pub error_code: i16,
                /// The field `message` in the table `ControllerError`
                pub message: ::planus::alloc::string::String,
            }

            #[allow(clippy::derivable_impls)]
            impl ::core::default::Default for ControllerError {
                fn default() -> Self {
                    Self {
                        error_code: 0,
                        message: ::core::default::Default::default(),
                    }
                }
            }

            impl ControllerError {
                /// Creates a [ControllerErrorBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControllerErrorBuilder<()> {
                    ControllerErrorBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_error_code: impl ::planus::WriteAsDefault<i16, i16>,
                    field_message: impl ::planus::WriteAs<::planus::Offset<str>>,
                ) -> ::planus::Offset<Self> {
                    let prepared_error_code = field_error_code.prepare(builder, &0);
                    let prepared_message = field_message.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<8> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<str>>(1);
                    if prepared_error_code.is_some() {
                        table_writer.write_entry::<i16>(0);
                    }

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_message);
                            if let ::core::option::Option::Some(prepared_error_code) =
                                prepared_error_code
                            {
                                object_writer.write::<_, _, 2>(&prepared_error_code);
                            }
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ControllerError>> for ControllerError {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerError> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ControllerError>> for ControllerError {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerError>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ControllerError> for ControllerError {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerError> {
                    ControllerError::create(builder, self.error_code, &self.message)
                }
            }

            /// Builder for serializing an instance of the [ControllerError] type.
            ///
            /// Can be created using the [ControllerError::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControllerErrorBuilder<State>(State);

            impl ControllerErrorBuilder<()> {
                /// Setter for the [`error_code` field](ControllerError#structfield.error_code).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code<T0>(self, value: T0) -> ControllerErrorBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<i16, i16>,
                {
                    ControllerErrorBuilder((value,))
                }

                /// Sets the [`error_code` field](ControllerError#structfield.error_code) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn error_code_as_default(
                    self,
                ) -> ControllerErrorBuilder<(::planus::DefaultValue,)> {
                    self.error_code(::planus::DefaultValue)
                }
            }

            impl<T0> ControllerErrorBuilder<(T0,)> {
                /// Setter for the [`message` field](ControllerError#structfield.message).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn message<T1>(self, value: T1) -> ControllerErrorBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                {
                    let (v0,) = self.0;
                    ControllerErrorBuilder((v0, value))
                }
            }

            impl<T0, T1> ControllerErrorBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ControllerError].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerError>
                where
                    Self: ::planus::WriteAsOffset<ControllerError>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i16, i16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAs<::planus::Offset<ControllerError>>
                for ControllerErrorBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ControllerError>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerError> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i16, i16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAsOptional<::planus::Offset<ControllerError>>
                for ControllerErrorBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ControllerError>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ControllerError>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<i16, i16>,
                    T1: ::planus::WriteAs<::planus::Offset<str>>,
                > ::planus::WriteAsOffset<ControllerError> for ControllerErrorBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ControllerError> {
                    let (v0, v1) = &self.0;
                    ControllerError::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ControllerError].
            #[derive(Copy, Clone)]
            pub struct ControllerErrorRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ControllerErrorRef<'a> {
                /// Getter for the [`error_code` field](ControllerError#structfield.error_code).
                #[inline]
                pub fn error_code(&self) -> ::planus::Result<i16> {
                    ::core::result::Result::Ok(
                        self.0
                            .access(0, "ControllerError", "error_code")?
                            .unwrap_or(0),
                    )
                }

                /// Getter for the [`message` field](ControllerError#structfield.message).
                #[inline]
                pub fn message(&self) -> ::planus::Result<&'a ::core::primitive::str> {
                    self.0.access_required(1, "ControllerError", "message")
                }
            }

            impl<'a> ::core::fmt::Debug for ControllerErrorRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ControllerErrorRef");
                    f.field("error_code", &self.error_code());
                    f.field("message", &self.message());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ControllerErrorRef<'a>> for ControllerError {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ControllerErrorRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        error_code: ::core::convert::TryInto::try_into(value.error_code()?)?,
                        message: ::core::convert::Into::into(value.message()?),
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ControllerErrorRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ControllerErrorRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ControllerErrorRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ControllerError>> for ControllerError {
                type Value = ::planus::Offset<ControllerError>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ControllerError>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ControllerErrorRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ControllerErrorRef]", "read_as_root", 0)
                    })
                }
            }

            /// The union `ControllerResult` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Union `ControllerResult` in the file `rpc.fbs:242`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub enum ControllerResult {
                /// The variant of type `ControllerReply` in the union `ControllerResult`
                ControllerReply(::planus::alloc::boxed::Box<self::ControllerReply>),

                /// The variant of type `ControllerError` in the union `ControllerResult`
                ControllerError(::planus::alloc::boxed::Box<self::ControllerError>),
            }

            impl ControllerResult {
                /// Creates a [ControllerResultBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ControllerResultBuilder<::planus::Uninitialized> {
                    ControllerResultBuilder(::planus::Uninitialized)
                }

                #[inline]
                pub fn create_controller_reply(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ControllerReply>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_controller_error(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ControllerError>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
                }
            }

            impl ::planus::WriteAsUnion<ControllerResult> for ControllerResult {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                    match self {
                        Self::ControllerReply(value) => {
                            Self::create_controller_reply(builder, value)
                        }
                        Self::ControllerError(value) => {
                            Self::create_controller_error(builder, value)
                        }
                    }
                }
            }

            impl ::planus::WriteAsOptionalUnion<ControllerResult> for ControllerResult {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Builder for serializing an instance of the [ControllerResult] type.
            ///
            /// Can be created using the [ControllerResult::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ControllerResultBuilder<T>(T);

            impl ControllerResultBuilder<::planus::Uninitialized> {
                /// Creates an instance of the [`ControllerReply` variant](ControllerResult#variant.ControllerReply).
                #[inline]
                pub fn controller_reply<T>(
                    self,
                    value: T,
                ) -> ControllerResultBuilder<::planus::Initialized<1, T>>
                where
                    T: ::planus::WriteAsOffset<self::ControllerReply>,
                {
                    ControllerResultBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ControllerError` variant](ControllerResult#variant.ControllerError).
                #[inline]
                pub fn controller_error<T>(
                    self,
                    value: T,
                ) -> ControllerResultBuilder<::planus::Initialized<2, T>>
                where
                    T: ::planus::WriteAsOffset<self::ControllerError>,
                {
                    ControllerResultBuilder(::planus::Initialized(value))
                }
            }

            impl<const N: u8, T> ControllerResultBuilder<::planus::Initialized<N, T>> {
                /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [ControllerResult].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerResult>
                where
                    Self: ::planus::WriteAsUnion<ControllerResult>,
                {
                    ::planus::WriteAsUnion::prepare(&self, builder)
                }
            }

            impl<T> ::planus::WriteAsUnion<ControllerResult>
                for ControllerResultBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerReply>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerResult> {
                    ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerResult>
                for ControllerResultBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerReply>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<ControllerResult>
                for ControllerResultBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerError>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<ControllerResult> {
                    ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<ControllerResult>
                for ControllerResultBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::ControllerError>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<ControllerResult>>
                {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Reference to a deserialized [ControllerResult].
            #[derive(Copy, Clone, Debug)]
            pub enum ControllerResultRef<'a> {
                ControllerReply(self::ControllerReplyRef<'a>),
                ControllerError(self::ControllerErrorRef<'a>),
            }

            impl<'a> ::core::convert::TryFrom<ControllerResultRef<'a>> for ControllerResult {
                type Error = ::planus::Error;

                fn try_from(value: ControllerResultRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(match value {
                        ControllerResultRef::ControllerReply(value) => {
                            Self::ControllerReply(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        ControllerResultRef::ControllerError(value) => {
                            Self::ControllerError(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }
                    })
                }
            }

            impl<'a> ::planus::TableReadUnion<'a> for ControllerResultRef<'a> {
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    tag: u8,
                    field_offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    match tag {
                        1 => ::core::result::Result::Ok(Self::ControllerReply(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        2 => ::core::result::Result::Ok(Self::ControllerError(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        _ => ::core::result::Result::Err(
                            ::planus::errors::ErrorKind::UnknownUnionTag { tag },
                        ),
                    }
                }
            }

            impl<'a> ::planus::VectorReadUnion<'a> for ControllerResultRef<'a> {
                const VECTOR_NAME: &'static str = "[ControllerResultRef]";
            }

            ///  A controller request a node that does not lead sends to the active controller.
            ///
            /// Generated from these locations:
            /// * Table `ForwardRequest` in the file `rpc.fbs:248`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ForwardRequest {
                ///  Chosen by the sender; the answer names it.
                pub id: u64,
                /// The field `request` in the table `ForwardRequest`
                pub request: self::ControllerRequest,
            }

            impl ForwardRequest {
                /// Creates a [ForwardRequestBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ForwardRequestBuilder<()> {
                    ForwardRequestBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_id: impl ::planus::WriteAsDefault<u64, u64>,
                    field_request: impl ::planus::WriteAsUnion<self::ControllerRequest>,
                ) -> ::planus::Offset<Self> {
                    let prepared_id = field_id.prepare(builder, &0);
                    let prepared_request = field_request.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    if prepared_id.is_some() {
                        table_writer.write_entry::<u64>(0);
                    }
                    table_writer.write_entry::<::planus::Offset<self::ControllerRequest>>(2);
                    table_writer.write_entry::<u8>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_id) = prepared_id {
                                object_writer.write::<_, _, 8>(&prepared_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_request.offset());
                            object_writer.write::<_, _, 1>(&prepared_request.tag());
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ForwardRequest>> for ForwardRequest {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardRequest> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ForwardRequest>> for ForwardRequest {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ForwardRequest>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ForwardRequest> for ForwardRequest {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardRequest> {
                    ForwardRequest::create(builder, self.id, &self.request)
                }
            }

            /// Builder for serializing an instance of the [ForwardRequest] type.
            ///
            /// Can be created using the [ForwardRequest::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ForwardRequestBuilder<State>(State);

            impl ForwardRequestBuilder<()> {
                /// Setter for the [`id` field](ForwardRequest#structfield.id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id<T0>(self, value: T0) -> ForwardRequestBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u64, u64>,
                {
                    ForwardRequestBuilder((value,))
                }

                /// Sets the [`id` field](ForwardRequest#structfield.id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id_as_default(self) -> ForwardRequestBuilder<(::planus::DefaultValue,)> {
                    self.id(::planus::DefaultValue)
                }
            }

            impl<T0> ForwardRequestBuilder<(T0,)> {
                /// Setter for the [`request` field](ForwardRequest#structfield.request).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn request<T1>(self, value: T1) -> ForwardRequestBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsUnion<self::ControllerRequest>,
                {
                    let (v0,) = self.0;
                    ForwardRequestBuilder((v0, value))
                }
            }

            impl<T0, T1> ForwardRequestBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ForwardRequest].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardRequest>
                where
                    Self: ::planus::WriteAsOffset<ForwardRequest>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerRequest>,
                > ::planus::WriteAs<::planus::Offset<ForwardRequest>>
                for ForwardRequestBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ForwardRequest>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardRequest> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerRequest>,
                > ::planus::WriteAsOptional<::planus::Offset<ForwardRequest>>
                for ForwardRequestBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ForwardRequest>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ForwardRequest>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerRequest>,
                > ::planus::WriteAsOffset<ForwardRequest> for ForwardRequestBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardRequest> {
                    let (v0, v1) = &self.0;
                    ForwardRequest::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ForwardRequest].
            #[derive(Copy, Clone)]
            pub struct ForwardRequestRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> ForwardRequestRef<'a> {
                /// Getter for the [`id` field](ForwardRequest#structfield.id).
                #[inline]
                pub fn id(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "ForwardRequest", "id")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`request` field](ForwardRequest#structfield.request).
                #[inline]
                pub fn request(&self) -> ::planus::Result<self::ControllerRequestRef<'a>> {
                    self.0.access_union_required(1, "ForwardRequest", "request")
                }
            }

            impl<'a> ::core::fmt::Debug for ForwardRequestRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ForwardRequestRef");
                    f.field("id", &self.id());
                    f.field("request", &self.request());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ForwardRequestRef<'a>> for ForwardRequest {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ForwardRequestRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        id: ::core::convert::TryInto::try_into(value.id()?)?,
                        request: ::core::convert::TryInto::try_into(value.request()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ForwardRequestRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ForwardRequestRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ForwardRequestRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ForwardRequest>> for ForwardRequest {
                type Value = ::planus::Offset<ForwardRequest>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ForwardRequest>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ForwardRequestRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ForwardRequestRef]", "read_as_root", 0)
                    })
                }
            }

            ///  The active controller's answer to a `ForwardRequest`.
            ///
            /// Generated from these locations:
            /// * Table `ForwardResponse` in the file `rpc.fbs:255`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct ForwardResponse {
                /// The field `id` in the table `ForwardResponse`
                pub id: u64,
                /// The field `result` in the table `ForwardResponse`
                pub result: self::ControllerResult,
            }

            impl ForwardResponse {
                /// Creates a [ForwardResponseBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> ForwardResponseBuilder<()> {
                    ForwardResponseBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_id: impl ::planus::WriteAsDefault<u64, u64>,
                    field_result: impl ::planus::WriteAsUnion<self::ControllerResult>,
                ) -> ::planus::Offset<Self> {
                    let prepared_id = field_id.prepare(builder, &0);
                    let prepared_result = field_result.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    if prepared_id.is_some() {
                        table_writer.write_entry::<u64>(0);
                    }
                    table_writer.write_entry::<::planus::Offset<self::ControllerResult>>(2);
                    table_writer.write_entry::<u8>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            if let ::core::option::Option::Some(prepared_id) = prepared_id {
                                object_writer.write::<_, _, 8>(&prepared_id);
                            }
                            object_writer.write::<_, _, 4>(&prepared_result.offset());
                            object_writer.write::<_, _, 1>(&prepared_result.tag());
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<ForwardResponse>> for ForwardResponse {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardResponse> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<ForwardResponse>> for ForwardResponse {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ForwardResponse>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<ForwardResponse> for ForwardResponse {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardResponse> {
                    ForwardResponse::create(builder, self.id, &self.result)
                }
            }

            /// Builder for serializing an instance of the [ForwardResponse] type.
            ///
            /// Can be created using the [ForwardResponse::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct ForwardResponseBuilder<State>(State);

            impl ForwardResponseBuilder<()> {
                /// Setter for the [`id` field](ForwardResponse#structfield.id).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id<T0>(self, value: T0) -> ForwardResponseBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u64, u64>,
                {
                    ForwardResponseBuilder((value,))
                }

                /// Sets the [`id` field](ForwardResponse#structfield.id) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn id_as_default(self) -> ForwardResponseBuilder<(::planus::DefaultValue,)> {
                    self.id(::planus::DefaultValue)
                }
            }

            impl<T0> ForwardResponseBuilder<(T0,)> {
                /// Setter for the [`result` field](ForwardResponse#structfield.result).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn result<T1>(self, value: T1) -> ForwardResponseBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsUnion<self::ControllerResult>,
                {
                    let (v0,) = self.0;
                    ForwardResponseBuilder((v0, value))
                }
            }

            impl<T0, T1> ForwardResponseBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [ForwardResponse].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardResponse>
                where
                    Self: ::planus::WriteAsOffset<ForwardResponse>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerResult>,
                > ::planus::WriteAs<::planus::Offset<ForwardResponse>>
                for ForwardResponseBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ForwardResponse>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardResponse> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerResult>,
                > ::planus::WriteAsOptional<::planus::Offset<ForwardResponse>>
                for ForwardResponseBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<ForwardResponse>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<ForwardResponse>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u64, u64>,
                    T1: ::planus::WriteAsUnion<self::ControllerResult>,
                > ::planus::WriteAsOffset<ForwardResponse> for ForwardResponseBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::Offset<ForwardResponse> {
                    let (v0, v1) = &self.0;
                    ForwardResponse::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [ForwardResponse].
            #[derive(Copy, Clone)]
            pub struct ForwardResponseRef<'a>(
                #[allow(dead_code)] ::planus::table_reader::Table<'a>,
            );

            impl<'a> ForwardResponseRef<'a> {
                /// Getter for the [`id` field](ForwardResponse#structfield.id).
                #[inline]
                pub fn id(&self) -> ::planus::Result<u64> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "ForwardResponse", "id")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`result` field](ForwardResponse#structfield.result).
                #[inline]
                pub fn result(&self) -> ::planus::Result<self::ControllerResultRef<'a>> {
                    self.0.access_union_required(1, "ForwardResponse", "result")
                }
            }

            impl<'a> ::core::fmt::Debug for ForwardResponseRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("ForwardResponseRef");
                    f.field("id", &self.id());
                    f.field("result", &self.result());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<ForwardResponseRef<'a>> for ForwardResponse {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: ForwardResponseRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        id: ::core::convert::TryInto::try_into(value.id()?)?,
                        result: ::core::convert::TryInto::try_into(value.result()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for ForwardResponseRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for ForwardResponseRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[ForwardResponseRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<ForwardResponse>> for ForwardResponse {
                type Value = ::planus::Offset<ForwardResponse>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<ForwardResponse>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for ForwardResponseRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[ForwardResponseRef]", "read_as_root", 0)
                    })
                }
            }

            ///  Every message between controllers. The position is the type id on the wire: append new
            ///  members only, never reorder or remove one.
            ///
            /// Generated from these locations:
            /// * Union `Message` in the file `rpc.fbs:262`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub enum Message {
                /// The variant of type `Hello` in the union `Message`
                Hello(::planus::alloc::boxed::Box<self::Hello>),

                /// The variant of type `RaftMessage` in the union `Message`
                RaftMessage(::planus::alloc::boxed::Box<self::RaftMessage>),

                /// The variant of type `Registration` in the union `Message`
                Registration(::planus::alloc::boxed::Box<self::Registration>),

                /// The variant of type `ForwardRequest` in the union `Message`
                ForwardRequest(::planus::alloc::boxed::Box<self::ForwardRequest>),

                /// The variant of type `ForwardResponse` in the union `Message`
                ForwardResponse(::planus::alloc::boxed::Box<self::ForwardResponse>),
            }

            impl Message {
                /// Creates a [MessageBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> MessageBuilder<::planus::Uninitialized> {
                    MessageBuilder(::planus::Uninitialized)
                }

                #[inline]
                pub fn create_hello(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::Hello>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(1, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_raft_message(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::RaftMessage>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(2, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_registration(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::Registration>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(3, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_forward_request(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ForwardRequest>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(4, value.prepare(builder).downcast())
                }

                #[inline]
                pub fn create_forward_response(
                    builder: &mut ::planus::Builder,
                    value: impl ::planus::WriteAsOffset<self::ForwardResponse>,
                ) -> ::planus::UnionOffset<Self> {
                    ::planus::UnionOffset::new(5, value.prepare(builder).downcast())
                }
            }

            impl ::planus::WriteAsUnion<Message> for Message {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::UnionOffset<Self> {
                    match self {
                        Self::Hello(value) => Self::create_hello(builder, value),
                        Self::RaftMessage(value) => Self::create_raft_message(builder, value),
                        Self::Registration(value) => Self::create_registration(builder, value),
                        Self::ForwardRequest(value) => Self::create_forward_request(builder, value),
                        Self::ForwardResponse(value) => {
                            Self::create_forward_response(builder, value)
                        }
                    }
                }
            }

            impl ::planus::WriteAsOptionalUnion<Message> for Message {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Self>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Builder for serializing an instance of the [Message] type.
            ///
            /// Can be created using the [Message::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct MessageBuilder<T>(T);

            impl MessageBuilder<::planus::Uninitialized> {
                /// Creates an instance of the [`Hello` variant](Message#variant.Hello).
                #[inline]
                pub fn hello<T>(self, value: T) -> MessageBuilder<::planus::Initialized<1, T>>
                where
                    T: ::planus::WriteAsOffset<self::Hello>,
                {
                    MessageBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`RaftMessage` variant](Message#variant.RaftMessage).
                #[inline]
                pub fn raft_message<T>(
                    self,
                    value: T,
                ) -> MessageBuilder<::planus::Initialized<2, T>>
                where
                    T: ::planus::WriteAsOffset<self::RaftMessage>,
                {
                    MessageBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`Registration` variant](Message#variant.Registration).
                #[inline]
                pub fn registration<T>(
                    self,
                    value: T,
                ) -> MessageBuilder<::planus::Initialized<3, T>>
                where
                    T: ::planus::WriteAsOffset<self::Registration>,
                {
                    MessageBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ForwardRequest` variant](Message#variant.ForwardRequest).
                #[inline]
                pub fn forward_request<T>(
                    self,
                    value: T,
                ) -> MessageBuilder<::planus::Initialized<4, T>>
                where
                    T: ::planus::WriteAsOffset<self::ForwardRequest>,
                {
                    MessageBuilder(::planus::Initialized(value))
                }

                /// Creates an instance of the [`ForwardResponse` variant](Message#variant.ForwardResponse).
                #[inline]
                pub fn forward_response<T>(
                    self,
                    value: T,
                ) -> MessageBuilder<::planus::Initialized<5, T>>
                where
                    T: ::planus::WriteAsOffset<self::ForwardResponse>,
                {
                    MessageBuilder(::planus::Initialized(value))
                }
            }

            impl<const N: u8, T> MessageBuilder<::planus::Initialized<N, T>> {
                /// Finish writing the builder to get an [UnionOffset](::planus::UnionOffset) to a serialized [Message].
                #[inline]
                pub fn finish(
                    self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message>
                where
                    Self: ::planus::WriteAsUnion<Message>,
                {
                    ::planus::WriteAsUnion::prepare(&self, builder)
                }
            }

            impl<T> ::planus::WriteAsUnion<Message> for MessageBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::Hello>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message> {
                    ::planus::UnionOffset::new(1, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<Message> for MessageBuilder<::planus::Initialized<1, T>>
            where
                T: ::planus::WriteAsOffset<self::Hello>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Message>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<Message> for MessageBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::RaftMessage>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message> {
                    ::planus::UnionOffset::new(2, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<Message> for MessageBuilder<::planus::Initialized<2, T>>
            where
                T: ::planus::WriteAsOffset<self::RaftMessage>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Message>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<Message> for MessageBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::Registration>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message> {
                    ::planus::UnionOffset::new(3, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<Message> for MessageBuilder<::planus::Initialized<3, T>>
            where
                T: ::planus::WriteAsOffset<self::Registration>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Message>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<Message> for MessageBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::ForwardRequest>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message> {
                    ::planus::UnionOffset::new(4, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<Message> for MessageBuilder<::planus::Initialized<4, T>>
            where
                T: ::planus::WriteAsOffset<self::ForwardRequest>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Message>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }
            impl<T> ::planus::WriteAsUnion<Message> for MessageBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::ForwardResponse>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::planus::UnionOffset<Message> {
                    ::planus::UnionOffset::new(5, (self.0).0.prepare(builder).downcast())
                }
            }

            impl<T> ::planus::WriteAsOptionalUnion<Message> for MessageBuilder<::planus::Initialized<5, T>>
            where
                T: ::planus::WriteAsOffset<self::ForwardResponse>,
            {
                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::UnionOffset<Message>> {
                    ::core::option::Option::Some(::planus::WriteAsUnion::prepare(self, builder))
                }
            }

            /// Reference to a deserialized [Message].
            #[derive(Copy, Clone, Debug)]
            pub enum MessageRef<'a> {
                Hello(self::HelloRef<'a>),
                RaftMessage(self::RaftMessageRef<'a>),
                Registration(self::RegistrationRef<'a>),
                ForwardRequest(self::ForwardRequestRef<'a>),
                ForwardResponse(self::ForwardResponseRef<'a>),
            }

            impl<'a> ::core::convert::TryFrom<MessageRef<'a>> for Message {
                type Error = ::planus::Error;

                fn try_from(value: MessageRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(match value {
                        MessageRef::Hello(value) => Self::Hello(::planus::alloc::boxed::Box::new(
                            ::core::convert::TryFrom::try_from(value)?,
                        )),

                        MessageRef::RaftMessage(value) => {
                            Self::RaftMessage(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        MessageRef::Registration(value) => {
                            Self::Registration(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        MessageRef::ForwardRequest(value) => {
                            Self::ForwardRequest(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }

                        MessageRef::ForwardResponse(value) => {
                            Self::ForwardResponse(::planus::alloc::boxed::Box::new(
                                ::core::convert::TryFrom::try_from(value)?,
                            ))
                        }
                    })
                }
            }

            impl<'a> ::planus::TableReadUnion<'a> for MessageRef<'a> {
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    tag: u8,
                    field_offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    match tag {
                        1 => ::core::result::Result::Ok(Self::Hello(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        2 => ::core::result::Result::Ok(Self::RaftMessage(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        3 => ::core::result::Result::Ok(Self::Registration(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        4 => ::core::result::Result::Ok(Self::ForwardRequest(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        5 => ::core::result::Result::Ok(Self::ForwardResponse(
                            ::planus::TableRead::from_buffer(buffer, field_offset)?,
                        )),
                        _ => ::core::result::Result::Err(
                            ::planus::errors::ErrorKind::UnknownUnionTag { tag },
                        ),
                    }
                }
            }

            impl<'a> ::planus::VectorReadUnion<'a> for MessageRef<'a> {
                const VECTOR_NAME: &'static str = "[MessageRef]";
            }

            /// The table `Envelope` in the namespace `sluice.rpc`
            ///
            /// Generated from these locations:
            /// * Table `Envelope` in the file `rpc.fbs:270`
            #[derive(
                Clone,
                Debug,
                PartialEq,
                PartialOrd,
                Eq,
                Ord,
                Hash,
                ::serde::Serialize,
                ::serde::Deserialize,
            )]
            pub struct Envelope {
                ///  The wire format's version (`rpc::ENVELOPE_VERSION`); bumped only by a change an older
                ///  reader would misread. A reader refuses versions it does not know.
                pub version: u16,
                /// The field `message` in the table `Envelope`
                pub message: self::Message,
            }

            impl Envelope {
                /// Creates a [EnvelopeBuilder] for serializing an instance of this table.
                #[inline]
                pub fn builder() -> EnvelopeBuilder<()> {
                    EnvelopeBuilder(())
                }

                #[allow(clippy::too_many_arguments)]
                pub fn create(
                    builder: &mut ::planus::Builder,
                    field_version: impl ::planus::WriteAsDefault<u16, u16>,
                    field_message: impl ::planus::WriteAsUnion<self::Message>,
                ) -> ::planus::Offset<Self> {
                    let prepared_version = field_version.prepare(builder, &0);
                    let prepared_message = field_message.prepare(builder);

                    let mut table_writer: ::planus::table_writer::TableWriter<10> =
                        ::core::default::Default::default();
                    table_writer.write_entry::<::planus::Offset<self::Message>>(2);
                    if prepared_version.is_some() {
                        table_writer.write_entry::<u16>(0);
                    }
                    table_writer.write_entry::<u8>(1);

                    unsafe {
                        table_writer.finish(builder, |object_writer| {
                            object_writer.write::<_, _, 4>(&prepared_message.offset());
                            if let ::core::option::Option::Some(prepared_version) = prepared_version
                            {
                                object_writer.write::<_, _, 2>(&prepared_version);
                            }
                            object_writer.write::<_, _, 1>(&prepared_message.tag());
                        });
                    }
                    builder.current_offset()
                }
            }

            impl ::planus::WriteAs<::planus::Offset<Envelope>> for Envelope {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Envelope> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl ::planus::WriteAsOptional<::planus::Offset<Envelope>> for Envelope {
                type Prepared = ::planus::Offset<Self>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Envelope>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl ::planus::WriteAsOffset<Envelope> for Envelope {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Envelope> {
                    Envelope::create(builder, self.version, &self.message)
                }
            }

            /// Builder for serializing an instance of the [Envelope] type.
            ///
            /// Can be created using the [Envelope::builder] method.
            #[derive(Debug)]
            #[must_use]
            pub struct EnvelopeBuilder<State>(State);

            impl EnvelopeBuilder<()> {
                /// Setter for the [`version` field](Envelope#structfield.version).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version<T0>(self, value: T0) -> EnvelopeBuilder<(T0,)>
                where
                    T0: ::planus::WriteAsDefault<u16, u16>,
                {
                    EnvelopeBuilder((value,))
                }

                /// Sets the [`version` field](Envelope#structfield.version) to the default value.
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn version_as_default(self) -> EnvelopeBuilder<(::planus::DefaultValue,)> {
                    self.version(::planus::DefaultValue)
                }
            }

            impl<T0> EnvelopeBuilder<(T0,)> {
                /// Setter for the [`message` field](Envelope#structfield.message).
                #[inline]
                #[allow(clippy::type_complexity)]
                pub fn message<T1>(self, value: T1) -> EnvelopeBuilder<(T0, T1)>
                where
                    T1: ::planus::WriteAsUnion<self::Message>,
                {
                    let (v0,) = self.0;
                    EnvelopeBuilder((v0, value))
                }
            }

            impl<T0, T1> EnvelopeBuilder<(T0, T1)> {
                /// Finish writing the builder to get an [Offset](::planus::Offset) to a serialized [Envelope].
                #[inline]
                pub fn finish(self, builder: &mut ::planus::Builder) -> ::planus::Offset<Envelope>
                where
                    Self: ::planus::WriteAsOffset<Envelope>,
                {
                    ::planus::WriteAsOffset::prepare(&self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsUnion<self::Message>,
                > ::planus::WriteAs<::planus::Offset<Envelope>> for EnvelopeBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<Envelope>;

                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Envelope> {
                    ::planus::WriteAsOffset::prepare(self, builder)
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsUnion<self::Message>,
                > ::planus::WriteAsOptional<::planus::Offset<Envelope>>
                for EnvelopeBuilder<(T0, T1)>
            {
                type Prepared = ::planus::Offset<Envelope>;

                #[inline]
                fn prepare(
                    &self,
                    builder: &mut ::planus::Builder,
                ) -> ::core::option::Option<::planus::Offset<Envelope>> {
                    ::core::option::Option::Some(::planus::WriteAsOffset::prepare(self, builder))
                }
            }

            impl<
                    T0: ::planus::WriteAsDefault<u16, u16>,
                    T1: ::planus::WriteAsUnion<self::Message>,
                > ::planus::WriteAsOffset<Envelope> for EnvelopeBuilder<(T0, T1)>
            {
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> ::planus::Offset<Envelope> {
                    let (v0, v1) = &self.0;
                    Envelope::create(builder, v0, v1)
                }
            }

            /// Reference to a deserialized [Envelope].
            #[derive(Copy, Clone)]
            pub struct EnvelopeRef<'a>(#[allow(dead_code)] ::planus::table_reader::Table<'a>);

            impl<'a> EnvelopeRef<'a> {
                /// Getter for the [`version` field](Envelope#structfield.version).
                #[inline]
                pub fn version(&self) -> ::planus::Result<u16> {
                    ::core::result::Result::Ok(
                        self.0.access(0, "Envelope", "version")?.unwrap_or(0),
                    )
                }

                /// Getter for the [`message` field](Envelope#structfield.message).
                #[inline]
                pub fn message(&self) -> ::planus::Result<self::MessageRef<'a>> {
                    self.0.access_union_required(1, "Envelope", "message")
                }
            }

            impl<'a> ::core::fmt::Debug for EnvelopeRef<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    let mut f = f.debug_struct("EnvelopeRef");
                    f.field("version", &self.version());
                    f.field("message", &self.message());
                    f.finish()
                }
            }

            impl<'a> ::core::convert::TryFrom<EnvelopeRef<'a>> for Envelope {
                type Error = ::planus::Error;

                #[allow(unreachable_code)]
                fn try_from(value: EnvelopeRef<'a>) -> ::planus::Result<Self> {
                    ::core::result::Result::Ok(Self {
                        version: ::core::convert::TryInto::try_into(value.version()?)?,
                        message: ::core::convert::TryInto::try_into(value.message()?)?,
                    })
                }
            }

            impl<'a> ::planus::TableRead<'a> for EnvelopeRef<'a> {
                #[inline]
                fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::core::result::Result<Self, ::planus::errors::ErrorKind> {
                    ::core::result::Result::Ok(Self(::planus::table_reader::Table::from_buffer(
                        buffer, offset,
                    )?))
                }
            }

            impl<'a> ::planus::VectorReadInner<'a> for EnvelopeRef<'a> {
                type Error = ::planus::Error;
                const STRIDE: usize = 4;

                unsafe fn from_buffer(
                    buffer: ::planus::SliceWithStartOffset<'a>,
                    offset: usize,
                ) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(buffer, offset).map_err(|error_kind| {
                        error_kind.with_error_location(
                            "[EnvelopeRef]",
                            "get",
                            buffer.offset_from_start,
                        )
                    })
                }
            }

            /// # Safety
            /// The planus compiler generates implementations that initialize
            /// the bytes in `write_values`.
            unsafe impl ::planus::VectorWrite<::planus::Offset<Envelope>> for Envelope {
                type Value = ::planus::Offset<Envelope>;
                const STRIDE: usize = 4;
                #[inline]
                fn prepare(&self, builder: &mut ::planus::Builder) -> Self::Value {
                    ::planus::WriteAs::prepare(self, builder)
                }

                #[inline]
                unsafe fn write_values(
                    values: &[::planus::Offset<Envelope>],
                    bytes: *mut ::core::mem::MaybeUninit<u8>,
                    buffer_position: u32,
                ) {
                    let bytes = bytes as *mut [::core::mem::MaybeUninit<u8>; 4];
                    for (i, v) in ::core::iter::Iterator::enumerate(values.iter()) {
                        ::planus::WriteAsPrimitive::write(
                            v,
                            ::planus::Cursor::new(unsafe { &mut *bytes.add(i) }),
                            buffer_position - (Self::STRIDE * i) as u32,
                        );
                    }
                }
            }

            impl<'a> ::planus::ReadAsRoot<'a> for EnvelopeRef<'a> {
                fn read_as_root(slice: &'a [u8]) -> ::planus::Result<Self> {
                    ::planus::TableRead::from_buffer(
                        ::planus::SliceWithStartOffset {
                            buffer: slice,
                            offset_from_start: 0,
                        },
                        0,
                    )
                    .map_err(|error_kind| {
                        error_kind.with_error_location("[EnvelopeRef]", "read_as_root", 0)
                    })
                }
            }
        }
    }
}
