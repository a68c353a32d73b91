//! Layer sets: which neurons receive input and which are read out, named by the circuit's
//! own anatomy (`all`, `l6`, `l5`, `l23`, `deep` = L6 + L5, `upper` = L2/3), in any union.

use super::Circuit;
use super::Layer;
use serde::{Deserialize, Serialize};

/// A set of cortical layers; empty means every neuron.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LayerSet(pub Vec<Layer>);

const NAMES: [(&str, &[Layer]); 5] = [
    ("l6", &[Layer::L6]),
    ("l5", &[Layer::L5]),
    ("l23", &[Layer::L23]),
    ("deep", &[Layer::L6, Layer::L5]),
    ("upper", &[Layer::L23]),
];

pub fn layer_key(l: Layer) -> &'static str {
    match l {
        Layer::L6 => "l6",
        Layer::L5 => "l5",
        Layer::L23 => "l23",
    }
}

pub fn layer_label(l: Layer) -> &'static str {
    match l {
        Layer::L6 => "L6",
        Layer::L5 => "L5",
        Layer::L23 => "L2/3",
    }
}

impl LayerSet {
    pub fn all() -> LayerSet {
        LayerSet(vec![])
    }

    pub fn is_all(&self) -> bool {
        self.0.is_empty()
    }

    /// `all` or a comma list of l6, l5, l23, deep, upper.
    pub fn parse(text: &str) -> Result<LayerSet, String> {
        let mut layers = vec![];
        for part in text.split(',').map(str::trim) {
            if part == "all" {
                return Ok(LayerSet::all());
            }
            let (_, ls) = NAMES
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .ok_or_else(|| format!("`{part}` is not a layer (all, l6, l5, l23, deep, upper)"))?;
            layers.extend_from_slice(ls);
        }
        layers.sort();
        layers.dedup();
        Ok(if layers.len() == 3 {
            LayerSet::all()
        } else {
            LayerSet(layers)
        })
    }

    /// The canonical key (`all`, or e.g. `l6,l5`).
    pub fn key(&self) -> String {
        if self.is_all() {
            "all".into()
        } else {
            self.0.iter().map(|&l| layer_key(l)).collect::<Vec<_>>().join(",")
        }
    }

    pub fn label(&self) -> String {
        if self.is_all() {
            "all neurons".into()
        } else {
            self.0.iter().map(|&l| layer_label(l)).collect::<Vec<_>>().join(" + ")
        }
    }

    pub fn contains(&self, l: Layer) -> bool {
        self.is_all() || self.0.contains(&l)
    }

    /// Indices of the circuit's neurons in this set; an error when the circuit has none.
    pub fn neurons(&self, c: &Circuit, role: &str) -> Result<Vec<usize>, String> {
        let idx: Vec<usize> = (0..c.len()).filter(|&i| self.contains(c.neurons[i].layer)).collect();
        if idx.is_empty() {
            return Err(format!(
                "the {role} set `{}` is empty: this circuit has no {} neurons",
                self.key(),
                self.label()
            ));
        }
        Ok(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unions_and_refusals() {
        assert_eq!(LayerSet::parse("deep").unwrap(), LayerSet(vec![Layer::L6, Layer::L5]));
        assert_eq!(LayerSet::parse("l23, L6").unwrap().key(), "l6,l23");
        assert!(LayerSet::parse("deep,upper").unwrap().is_all());
        assert!(LayerSet::parse("l4").unwrap_err().contains("`l4`"));
        assert!(LayerSet::parse("").is_err());
    }
}
