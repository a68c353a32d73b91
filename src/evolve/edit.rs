//! Edits to BoolNet rules that a search can make and a reader can follow: add or drop a
//! regulator, flip a literal's sign, swap ∧/∨, knock a gene out or force it on.

use crate::grn::{Expr, Rules};
use crate::rng::Stream;
use serde::{Deserialize, Serialize};

/// One edit, naming genes (so it reads the same whatever the gene order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum RuleEdit {
    /// `gene`'s rule e becomes e ∧ lit (or e ∨ lit), lit = regulator or ¬regulator.
    AddRegulator {
        gene: String,
        regulator: String,
        negated: bool,
        and: bool,
    },
    /// The `nth` literal of `gene`'s rule (preorder) is removed from its ∧/∨ list.
    DropRegulator {
        gene: String,
        nth: usize,
    },
    /// The `nth` literal of `gene`'s rule changes sign.
    FlipSign {
        gene: String,
        nth: usize,
    },
    /// The `nth` ∧/∨ of `gene`'s rule (preorder) becomes the other operator.
    SwapOperator {
        gene: String,
        nth: usize,
    },
    KnockOut {
        gene: String,
    },
    ForceOn {
        gene: String,
    },
}

impl RuleEdit {
    /// The edit in words, as the rule diff lists it.
    pub fn describe(&self) -> String {
        match self {
            RuleEdit::AddRegulator {
                gene,
                regulator,
                negated,
                and,
            } => format!(
                "{gene}: add {} {}{regulator}",
                if *and { "∧" } else { "∨" },
                if *negated { "¬" } else { "" }
            ),
            RuleEdit::DropRegulator { gene, nth } => format!("{gene}: drop literal {}", nth + 1),
            RuleEdit::FlipSign { gene, nth } => format!("{gene}: flip the sign of literal {}", nth + 1),
            RuleEdit::SwapOperator { gene, nth } => format!("{gene}: swap operator {} (∧ ↔ ∨)", nth + 1),
            RuleEdit::KnockOut { gene } => format!("{gene}: knocked out"),
            RuleEdit::ForceOn { gene } => format!("{gene}: forced on"),
        }
    }
}

fn is_literal(e: &Expr) -> bool {
    matches!(e, Expr::Gene(_)) || matches!(e, Expr::Not(x) if matches!(**x, Expr::Gene(_)))
}

/// Literals (gene or ¬gene leaves) and ∧/∨ nodes of an expression.
fn counts(e: &Expr) -> (usize, usize) {
    match e {
        _ if is_literal(e) => (1, 0),
        Expr::Not(x) => counts(x),
        Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => {
            let own = matches!(e, Expr::And(_) | Expr::Or(_)) as usize;
            xs.iter().map(counts).fold((0, own), |a, b| (a.0 + b.0, a.1 + b.1))
        }
        Expr::Const(_) | Expr::Gene(_) => (0, 0),
    }
}

/// Applies `f` to the `nth` literal (preorder); `seen` counts the literals passed so far.
fn at_literal(e: &mut Expr, nth: usize, seen: &mut usize, f: &mut dyn FnMut(&mut Expr)) -> bool {
    if is_literal(e) {
        *seen += 1;
        if *seen - 1 == nth {
            f(e);
            return true;
        }
        return false;
    }
    match e {
        Expr::Not(x) => at_literal(x, nth, seen, f),
        Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => xs.iter_mut().any(|x| at_literal(x, nth, seen, f)),
        _ => false,
    }
}

/// Removes the `nth` literal where its parent ∧/∨ has another operand; false if it cannot.
fn drop_literal(e: &mut Expr, nth: usize, seen: &mut usize) -> bool {
    let literal = is_literal(e);
    match e {
        Expr::And(xs) | Expr::Or(xs) => {
            for k in 0..xs.len() {
                if is_literal(&xs[k]) {
                    *seen += 1;
                    if *seen - 1 == nth {
                        if xs.len() < 2 {
                            return false;
                        }
                        xs.remove(k);
                        if xs.len() == 1 {
                            *e = xs.remove(0);
                        }
                        return true;
                    }
                } else if drop_literal(&mut xs[k], nth, seen) {
                    return true;
                }
            }
            false
        }
        Expr::Not(x) if !literal => drop_literal(x, nth, seen),
        Expr::Call(_, xs) => xs.iter_mut().any(|x| drop_literal(x, nth, seen)),
        _ => {
            *seen += literal as usize;
            false
        }
    }
}

/// Swaps the `nth` ∧/∨ node (preorder).
fn swap_operator(e: &mut Expr, nth: usize, seen: &mut usize) -> bool {
    if let Expr::And(xs) | Expr::Or(xs) = e {
        *seen += 1;
        if *seen - 1 == nth {
            let xs = std::mem::take(xs);
            *e = if matches!(e, Expr::And(_)) {
                Expr::Or(xs)
            } else {
                Expr::And(xs)
            };
            return true;
        }
    }
    match e {
        Expr::Not(x) => swap_operator(x, nth, seen),
        Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => xs.iter_mut().any(|x| swap_operator(x, nth, seen)),
        _ => false,
    }
}

/// Merges an ∧ (∨) operand that is itself an ∧ (∨) into its parent, everywhere: the form the
/// writer prints without parentheses, so an edit never leaves `(A & B) & C`.
fn flatten(e: &mut Expr) {
    let and = matches!(e, Expr::And(_));
    match e {
        Expr::Not(x) => flatten(x),
        Expr::Call(_, xs) => xs.iter_mut().for_each(flatten),
        Expr::And(xs) | Expr::Or(xs) => {
            xs.iter_mut().for_each(flatten);
            *xs = std::mem::take(xs)
                .into_iter()
                .flat_map(|x| match x {
                    Expr::And(ys) if and => ys,
                    Expr::Or(ys) if !and => ys,
                    other => vec![other],
                })
                .collect();
        }
        _ => {}
    }
}

/// Applies a rule edit (knock-outs and forced genes are not rule text: the genome keeps them);
/// an edit that no longer fits the rules is refused with the reason.
pub fn apply(rules: &mut Rules, edit: &RuleEdit) -> Result<(), String> {
    let gene_of = |g: &str| rules.index(g).ok_or(format!("`{g}` is not a gene of the rules"));
    let refuse = || Err(format!("`{}` does not fit the rules", edit.describe()));
    match edit {
        RuleEdit::AddRegulator {
            gene,
            regulator,
            negated,
            and,
        } => {
            let (g, r) = (gene_of(gene)?, gene_of(regulator)?);
            let lit = if *negated {
                Expr::Not(Box::new(Expr::Gene(r)))
            } else {
                Expr::Gene(r)
            };
            let old = std::mem::replace(&mut rules.exprs[g], Expr::Const(false));
            rules.exprs[g] = if *and {
                Expr::And(vec![old, lit])
            } else {
                Expr::Or(vec![old, lit])
            };
        }
        RuleEdit::DropRegulator { gene, nth } => {
            let g = gene_of(gene)?;
            if !drop_literal(&mut rules.exprs[g], *nth, &mut 0) {
                return refuse();
            }
        }
        RuleEdit::FlipSign { gene, nth } => {
            let g = gene_of(gene)?;
            let flip = &mut |e: &mut Expr| {
                *e = match std::mem::replace(e, Expr::Const(false)) {
                    Expr::Not(x) => *x,
                    x => Expr::Not(Box::new(x)),
                }
            };
            if !at_literal(&mut rules.exprs[g], *nth, &mut 0, flip) {
                return refuse();
            }
        }
        RuleEdit::SwapOperator { gene, nth } => {
            let g = gene_of(gene)?;
            if !swap_operator(&mut rules.exprs[g], *nth, &mut 0) {
                return refuse();
            }
        }
        RuleEdit::KnockOut { gene } | RuleEdit::ForceOn { gene } => {
            gene_of(gene)?;
        }
    }
    rules.exprs.iter_mut().for_each(flatten);
    Ok(())
}

/// Which kinds of edit a search makes: rule text (add/drop a regulator, flip a sign, swap ∧/∨)
/// and fixed genes (knock out, force on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds {
    pub text: bool,
    pub genes: bool,
}

/// A random edit of an allowed kind that fits `rules`, on one of the genes that are not inputs.
pub fn mutate(rules: &Rules, rng: &mut Stream, kinds: Kinds) -> RuleEdit {
    let genes: Vec<usize> = (0..rules.genes.len()).filter(|&g| !rules.is_input(g)).collect();
    let g = genes[rng.below(genes.len() as u64) as usize];
    let gene = rules.genes[g].clone();
    let (literals, operators) = counts(&rules.exprs[g]);
    loop {
        let pick = |n: usize, rng: &mut Stream| rng.below(n as u64) as usize;
        let kind = rng.below(6);
        if (kind < 4 && !kinds.text) || (kind >= 4 && !kinds.genes) {
            continue;
        }
        let edit = match kind {
            0 => RuleEdit::AddRegulator {
                gene: gene.clone(),
                regulator: rules.genes[pick(rules.genes.len(), rng)].clone(),
                negated: rng.chance(0.5),
                and: rng.chance(0.5),
            },
            1 if literals > 1 => RuleEdit::DropRegulator {
                gene: gene.clone(),
                nth: pick(literals, rng),
            },
            2 if literals > 0 => RuleEdit::FlipSign {
                gene: gene.clone(),
                nth: pick(literals, rng),
            },
            3 if operators > 0 => RuleEdit::SwapOperator {
                gene: gene.clone(),
                nth: pick(operators, rng),
            },
            4 => RuleEdit::KnockOut { gene: gene.clone() },
            5 => RuleEdit::ForceOn { gene: gene.clone() },
            _ => continue,
        };
        if apply(&mut rules.clone(), &edit).is_ok() {
            return edit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grn::parse_bnet;
    use crate::grn::write::to_bnet;

    fn rules() -> Rules {
        parse_bnet("targets, factors\nA, A\nB, A & !C\nC, (A | B) & !C\n").unwrap()
    }

    fn after(edit: RuleEdit) -> String {
        let mut r = rules();
        apply(&mut r, &edit).unwrap();
        to_bnet(&r)
    }

    #[test]
    fn each_edit_changes_the_rule_it_names_as_described() {
        let g = |s: &str| s.to_string();
        assert!(after(RuleEdit::AddRegulator {
            gene: g("B"),
            regulator: g("B"),
            negated: true,
            and: false
        })
        .contains("B, A & !C | !B"));
        assert!(after(RuleEdit::FlipSign { gene: g("B"), nth: 1 }).contains("B, A & C\n"));
        assert!(after(RuleEdit::FlipSign { gene: g("B"), nth: 0 }).contains("B, !A & !C\n"));
        assert!(after(RuleEdit::DropRegulator { gene: g("B"), nth: 0 }).contains("B, !C\n"));
        let swapped = after(RuleEdit::SwapOperator { gene: g("C"), nth: 0 });
        assert!(swapped.contains("C, A | B | !C\n"), "{swapped}");
        assert!(after(RuleEdit::SwapOperator { gene: g("C"), nth: 1 }).contains("C, A & B & !C\n"));
        let mut r = rules();
        assert!(apply(&mut r, &RuleEdit::DropRegulator { gene: g("A"), nth: 0 }).is_err());
        assert!(apply(&mut r, &RuleEdit::KnockOut { gene: g("Z") })
            .unwrap_err()
            .contains("`Z`"));
    }

    #[test]
    fn mutations_always_fit_and_never_touch_an_input() {
        let r = rules();
        let mut rng = Stream::new(1, 0, 0, crate::rng::Purpose::Test);
        for _ in 0..500 {
            let e = mutate(
                &r,
                &mut rng,
                Kinds {
                    text: true,
                    genes: true,
                },
            );
            let mut copy = r.clone();
            assert!(apply(&mut copy, &e).is_ok(), "{e:?}");
            assert_eq!(copy.exprs[0], r.exprs[0], "the input A changed: {e:?}");
        }
    }
}
