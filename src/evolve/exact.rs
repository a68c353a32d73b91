//! Floats kept bit for bit through a checkpoint: written as the integers of their IEEE bits, so
//! a resumed search continues from exactly the state it stopped in (JSON's decimal parsing may
//! land a last digit off).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
    v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>().serialize(s)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<u64>::deserialize(d)?.into_iter().map(f64::from_bits).collect())
}

/// One float, as its bits.
pub mod one {
    use super::*;

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        v.to_bits().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(f64::from_bits(u64::deserialize(d)?))
    }
}
