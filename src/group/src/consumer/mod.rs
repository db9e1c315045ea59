//! KIP-848 consumer groups: the durable group state rebuilt from records ([`state`]), the
//! server-side assignors ([`assignor`]) and the member reconciliation ([`reconcile`]). The
//! heartbeat that drives them lives in `coordinator::consumer_heartbeat`.

pub(crate) mod assignor;
pub(crate) mod reconcile;
pub(crate) mod state;
pub(crate) mod topics;
