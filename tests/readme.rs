//! The README's results are recomputed from what is committed: every sweep re-collected from
//! its runs.csv alone equals its committed summary, every table row under Results equals a row
//! of the sweep its heading names, and every statement is regenerated from the verdicts.

use devcircuit::cli::collect::{summarise_dir, Overrides};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

#[path = "readme/evolved.rs"]
mod evolved;
#[path = "readme/reservoirs.rs"]
mod reservoirs;
#[path = "readme/statements.rs"]
mod statements;
#[path = "readme/tables.rs"]
mod tables;
#[path = "readme/words.rs"]
mod words;

/// Every committed sweep re-collected from its runs.csv: name → (summary, summary.md).
fn recollected() -> &'static BTreeMap<String, (Value, String)> {
    static ALL: std::sync::OnceLock<BTreeMap<String, (Value, String)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut out = BTreeMap::new();
        for e in fs::read_dir("sweeps/results").expect("sweeps/results is committed") {
            let dir = e.unwrap().path();
            if !dir.join("runs.csv").exists() {
                continue;
            }
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let table_only = std::env::temp_dir().join(format!("devcircuit-readme-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&table_only);
            fs::create_dir_all(&table_only).unwrap();
            for f in ["runs.csv", "preregistration.json"] {
                if dir.join(f).exists() {
                    fs::copy(dir.join(f), table_only.join(f)).unwrap();
                }
            }
            // The rules texts the runs grew with, kept once per sweep by content hash.
            for t in fs::read_dir(dir.join("texts")).into_iter().flatten() {
                let t = t.unwrap().path();
                fs::create_dir_all(table_only.join("texts")).unwrap();
                fs::copy(&t, table_only.join("texts").join(t.file_name().unwrap())).unwrap();
            }
            let s = summarise_dir(&table_only, &Overrides::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            let _ = fs::remove_dir_all(&table_only);
            out.insert(name, s);
        }
        out
    })
}

/// The Results section: from "## Results" to the growth numbers (which have their own test).
fn results_section(readme: &str) -> &str {
    let start = readme.find("## Results").expect("a Results section");
    let end = readme[start..].find("### Growth").map_or(readme.len(), |e| start + e);
    &readme[start..end]
}

/// Table rows grouped under the sweep their heading names: a bold line ending in
/// (`sweeps/NAME.toml`) opens a block that lasts until the next bold line or heading.
fn blocks(section: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let (mut blocks, mut orphans): (Vec<(String, Vec<String>)>, Vec<String>) = (vec![], vec![]);
    let mut current: Option<usize> = None;
    for line in section.lines() {
        if line.starts_with("### What is still open") {
            blocks.push(("(open)".into(), vec![]));
            current = Some(blocks.len() - 1);
        } else if line.starts_with("**") || line.starts_with('#') {
            current = line.rfind("(`sweeps/").map(|k| {
                let name = line[k + 9..].split(".toml").next().unwrap_or("").to_string();
                blocks.push((name, vec![]));
                blocks.len() - 1
            });
        } else if line.starts_with('|') && !line.starts_with("|---") {
            match current {
                Some(b) => blocks[b].1.push(line.to_string()),
                None => orphans.push(line.to_string()),
            }
        }
    }
    (blocks, orphans)
}

#[test]
fn every_committed_sweep_recollects_from_its_runs_table_to_its_summary() {
    assert!(
        recollected().len() >= 20,
        "only {} sweeps with a runs.csv",
        recollected().len()
    );
    for (name, (_, md)) in recollected() {
        let committed = fs::read_to_string(Path::new("sweeps/results").join(name).join("summary.md")).unwrap();
        assert!(
            &committed == md,
            "sweeps/results/{name}/summary.md differs from its runs.csv re-collected"
        );
    }
}

#[test]
fn every_table_row_under_results_is_a_row_of_the_sweep_its_heading_names() {
    let readme = fs::read_to_string("README.md").unwrap();
    let (blocks, orphans) = blocks(results_section(&readme));
    let mut rows = 0;
    for (name, lines) in &blocks {
        if name == "(open)" {
            let want: Vec<String> = statements::open_table(recollected())
                .into_iter()
                .filter(|l| !l.starts_with("|---"))
                .collect();
            assert_eq!(lines, &want, "What is still open");
            rows += lines.len();
            continue;
        }
        if lines.is_empty() {
            continue;
        }
        let (_, md) = recollected()
            .get(name)
            .unwrap_or_else(|| panic!("README names sweeps/{name}.toml, which has no committed runs.csv"));
        let derived = statements::per_run_rows(recollected(), name);
        for l in lines {
            if l.starts_with("| condition |") || derived.iter().any(|r| r == l) {
                rows += 1;
                continue;
            }
            assert!(
                md.lines().any(|m| m == l),
                "README row under sweeps/{name}.toml is not in its summary: {l}"
            );
            rows += 1;
        }
    }
    assert!(
        orphans.is_empty(),
        "table rows under Results without a sweep heading: {orphans:?}"
    );
    assert!(rows >= 150, "only {rows} rows checked");
}

#[test]
fn every_statement_in_results_is_generated_from_the_verdicts() {
    let readme = fs::read_to_string("README.md").unwrap();
    let section = results_section(&readme);
    for s in statements::all(recollected()) {
        assert!(section.contains(&s), "README does not say, as the verdicts do:\n{s}");
    }
}

/// Words that make a sentence a claim about every (or no) comparison it covers.
const STRONG: [&str; 7] = ["every", "all", "only", "never", "none", "does not", "do not"];

/// The strong word a sentence uses outside `code` (names such as `none` are not claims).
fn strong(sentence: &str) -> Option<&'static str> {
    let prose: String = sentence.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let lower = prose.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    STRONG.iter().copied().find(|w| match w.split_once(' ') {
        Some(_) => lower.contains(w),
        None => words.contains(w),
    })
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph's sentences and clauses: split after ";", and after "." or ":" followed by a
/// capital, `, * or (.
fn sentences(para: &str) -> Vec<String> {
    let chars: Vec<char> = squeeze(para).chars().collect();
    let (mut out, mut current) = (vec![], String::new());
    for (k, c) in chars.iter().enumerate() {
        current.push(*c);
        let next = chars.get(k + 2).copied().unwrap_or(' ');
        let end = *c == ';' || (matches!(c, '.' | ':') && (next.is_uppercase() || "`*(".contains(next)));
        if end && chars.get(k + 1) == Some(&' ') {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// The prose of a section as (subsection heading, sentence): tables, code, headings and the
/// bold captions that name a sweep left out; paragraphs and list items split into sentences.
fn prose_sentences(section: &str) -> Vec<(String, String)> {
    let (mut out, mut heading, mut para, mut code) = (vec![], String::new(), String::new(), false);
    let mut flush = |heading: &str, para: &mut String| {
        out.extend(sentences(para).into_iter().map(|s| (heading.to_string(), s)));
        para.clear();
    };
    for line in section.lines() {
        if line.starts_with("```") {
            code = !code;
        }
        let caption = line.starts_with("**") && line.contains("(`sweeps/");
        let new_block = line.trim().is_empty() || line.starts_with("- ") || line.starts_with('#');
        if code || line.starts_with("```") || line.starts_with('|') || caption || new_block {
            flush(&heading, &mut para);
        }
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.to_string();
        } else if !(code || line.starts_with("```") || line.starts_with('|') || caption || line.starts_with('#')) {
            para.push_str(line.trim_start_matches("- "));
            para.push(' ');
        }
    }
    flush(&heading, &mut para);
    out
}

/// No sentence of the Results is stronger than its verdicts: one that says "every", "all",
/// "only", "never", "none", "does not" or "do not" is part of a statement the verdicts generate
/// (statements.rs asserts what each wording needs), unless it describes the method (the
/// section's opening and "How a verdict is reached").
#[test]
fn no_sentence_in_results_is_stronger_than_its_verdicts() {
    let readme = fs::read_to_string("README.md").unwrap();
    let generated: Vec<String> = statements::all(recollected()).iter().map(|g| squeeze(g)).collect();
    let (mut checked, mut stronger) = (0, vec![]);
    for (heading, sentence) in prose_sentences(results_section(&readme)) {
        if heading.is_empty() || heading == "How a verdict is reached" {
            continue;
        }
        let Some(word) = strong(&sentence) else { continue };
        checked += 1;
        let core = sentence.trim_end_matches(['.', ';', ':']);
        if !generated.iter().any(|g| g.contains(core)) {
            stronger.push(format!("under \"{heading}\", \"{word}\": {sentence}"));
        }
    }
    assert!(
        stronger.is_empty(),
        "sentences that say more than a generated statement:\n{}",
        stronger.join("\n")
    );
    assert!(
        checked >= 10,
        "only {checked} strong sentences found: is the splitter reading the section?"
    );
}

/// `cargo test --test readme -- --ignored --nocapture` prints what the README must say.
#[test]
#[ignore]
fn print_the_statements_and_derived_tables() {
    for s in statements::all(recollected()) {
        println!("{s}\n");
    }
    println!(
        "What is still open:\n{}\n",
        statements::open_table(recollected()).join("\n")
    );
    for name in recollected().keys() {
        let rows = statements::per_run_rows(recollected(), name);
        if !rows.is_empty() {
            println!("{name}:\n{}\n", rows.join("\n"));
        }
    }
}

/// The growth table is `devcircuit bench grow` without its timing column, seed by seed, and the
/// sentence above it states that table's means and ranges.
#[test]
fn the_growth_table_is_what_bench_grow_prints() {
    let readme = fs::read_to_string("README.md").unwrap();
    let start = readme.find("### Growth (default parameters").expect("a growth section");
    let section = &readme[start..start + readme[start..].find("Calibration").unwrap()];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(["bench", "grow"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    let rows: Vec<Vec<String>> = printed
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| seed"))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 20, "{printed}");
    for r in &rows {
        let want = format!("| {} |", r[..r.len() - 1].join(" | "));
        assert!(section.lines().any(|l| l == want), "README lacks the growth row {want}");
    }
    let col = |k: usize| rows.iter().map(|r| r[k].parse::<f64>().unwrap()).collect::<Vec<_>>();
    let thousands = |x: f64| {
        let s = format!("{x:.0}");
        if s.len() > 3 {
            format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        }
    };
    let (cells, neurons, synapses) = (col(1), col(2), col(3));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sentence = format!(
        "Mean {} cells, {:.1} mature neurons, {} synapses; every seed has {}-{}\ncells, {}-{} mature neurons and {}-{} \
        synapses.",
        thousands(mean(&cells)),
        mean(&neurons),
        thousands(mean(&synapses)),
        thousands(min(&cells)),
        thousands(max(&cells)),
        min(&neurons),
        max(&neurons),
        thousands(min(&synapses)),
        thousands(max(&synapses))
    );
    assert!(
        section.contains(&sentence),
        "README's growth sentence differs from:\n{sentence}"
    );
}
