//! BoolNet writer: rules back to `targets, factors` text with minimal parentheses, so that
//! writing then re-reading a network gives the same network.

use super::expr::Expr;
use super::parse::Rules;

/// Precedence: Or < And < Not/atom.
fn prec(e: &Expr) -> u8 {
    match e {
        Expr::Or(_) => 0,
        Expr::And(_) => 1,
        _ => 2,
    }
}

/// Writes an operand, parenthesised when it binds no tighter than its parent.
fn operand(e: &Expr, parent: u8, genes: &[String], out: &mut String) {
    if prec(e) <= parent {
        out.push('(');
        expr_text(e, genes, out);
        out.push(')');
    } else {
        expr_text(e, genes, out);
    }
}

pub fn expr_text(e: &Expr, genes: &[String], out: &mut String) {
    match e {
        Expr::Const(b) => out.push(if *b { '1' } else { '0' }),
        Expr::Gene(i) => out.push_str(&genes[*i]),
        Expr::Not(x) => {
            out.push('!');
            operand(x, 1, genes, out);
        }
        Expr::And(xs) | Expr::Or(xs) => {
            let p = prec(e);
            let sep = if p == 0 { " | " } else { " & " };
            for (k, x) in xs.iter().enumerate() {
                if k > 0 {
                    out.push_str(sep);
                }
                operand(x, p, genes, out);
            }
        }
        Expr::Call(f, xs) => {
            out.push_str(f.name());
            out.push('(');
            for (k, x) in xs.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                expr_text(x, genes, out);
            }
            if let Some(n) = f.threshold() {
                out.push_str(&format!(", {n}"));
            }
            out.push(')');
        }
    }
}

/// The whole network as BoolNet text; inputs are written as self-loops.
pub fn to_bnet(rules: &Rules) -> String {
    let mut out = String::from("targets, factors\n");
    for (g, e) in rules.genes.iter().zip(&rules.exprs) {
        out.push_str(g);
        out.push_str(", ");
        expr_text(e, &rules.genes, &mut out);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_bnet;
    use super::*;

    #[test]
    fn round_trip_is_identity_on_default_and_tricky_rules() {
        let tricky = "targets, factors\nA, !(B | C) & (A | !B) | 1\nB, sumis(A, !C, B & C, 2) | !!A\nC, ((C))\nD, \
            all(A, any(B, C), maj(A, B, D))\n";
        for text in [crate::grn::CORTEX15, tricky] {
            let r = parse_bnet(text).unwrap();
            let again = parse_bnet(&to_bnet(&r)).unwrap();
            assert_eq!(r, again, "{}", to_bnet(&r));
        }
    }
}
