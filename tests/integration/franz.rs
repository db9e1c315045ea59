//! franz-go (kgo + kadm): explicit-partition consumers, every codec and acks.

use crate::clients::{self, Client};

#[test]
fn franz_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(Client::Franz, Client::Franz, "franz_produce_consume");
}

#[test]
fn franz_offsets_and_timestamps() {
    clients::offsets_scenario(Client::Franz, "franz_offsets");
}

#[test]
fn franz_admin_topics_and_configs() {
    clients::admin_scenario(Client::Franz, "franz_admin");
}

#[test]
fn franz_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::Franz, "franz_latest");
}
