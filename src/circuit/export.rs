//! Circuit exports: JSON (neurons, counts, signs, a reference's weights), CSV edge list and
//! GraphML that opens in Gephi or NetworkX (one weighted edge per connected ordered pair).

use super::Circuit;

pub fn to_json(c: &Circuit, fingerprint: &str) -> serde_json::Value {
    let mut v = serde_json::json!({
        "fingerprint": fingerprint,
        "neurons": c.neurons,
        "inhibitory": c.inhibitory,
        "counts": c.counts,
    });
    if let Some(w) = &c.weights {
        v["weights"] = serde_json::json!(w);
    }
    v
}

/// The edge weight before gain and normalisation: sign × synapses, or a reference's weight.
fn weight(c: &Circuit, i: usize, j: usize) -> f64 {
    match &c.weights {
        Some(w) => w[i * c.len() + j],
        None => (if c.inhibitory[i] { -1.0 } else { 1.0 }) * c.count(i, j) as f64,
    }
}

/// `pre,post,synapses,sign,weight` for every connected ordered pair.
pub fn to_csv(c: &Circuit) -> String {
    let mut out = String::from("pre,post,synapses,sign,weight\n");
    for i in 0..c.len() {
        for j in 0..c.len() {
            if c.count(i, j) > 0 {
                let sign = if c.inhibitory[i] { -1 } else { 1 };
                out.push_str(&format!("{i},{j},{},{sign},{}\n", c.count(i, j), weight(c, i, j)));
            }
        }
    }
    out
}

pub fn to_graphml(c: &Circuit) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"layer\" for=\"node\" attr.name=\"layer\" attr.type=\"string\"/>\n",
        "  <key id=\"inhibitory\" for=\"node\" attr.name=\"inhibitory\" attr.type=\"boolean\"/>\n",
        "  <key id=\"x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>\n",
        "  <key id=\"y\" for=\"node\" attr.name=\"y\" attr.type=\"double\"/>\n",
        "  <key id=\"z\" for=\"node\" attr.name=\"z\" attr.type=\"double\"/>\n",
        "  <key id=\"synapses\" for=\"edge\" attr.name=\"synapses\" attr.type=\"int\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        "  <graph id=\"circuit\" edgedefault=\"directed\">\n",
    ));
    for (i, nrn) in c.neurons.iter().enumerate() {
        out.push_str(&format!(
            "    <node id=\"n{i}\"><data key=\"layer\">{:?}</data><data key=\"inhibitory\">{}</data><data \
                key=\"x\">{}</data><data key=\"y\">{}</data><data key=\"z\">{}</data></node>\n",
            nrn.layer, c.inhibitory[i], nrn.pos[0], nrn.pos[1], nrn.pos[2]
        ));
    }
    for i in 0..c.len() {
        for j in 0..c.len() {
            let k = c.count(i, j);
            if k > 0 {
                out.push_str(&format!(
                    "    <edge source=\"n{i}\" target=\"n{j}\"><data key=\"synapses\">{k}</data><data \
                    key=\"weight\">{}</data></edge>\n",
                    weight(c, i, j)
                ));
            }
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
