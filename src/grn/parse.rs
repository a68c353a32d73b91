//! BoolNet `targets, factors` reader: tokens, a recursive-descent expression parser and
//! errors that name the line, the column and what was expected. Never panics on any input.

use super::expr::{Expr, Func};
use std::fmt;

/// A parsed rule set: genes in file order (undeclared inputs appended), one rule per gene.
#[derive(Clone, Debug)]
pub struct Rules {
    pub genes: Vec<String>,
    pub exprs: Vec<Expr>,
    /// 1-based line of each gene's rule; 0 for an input that had no line of its own.
    pub lines: Vec<usize>,
    /// Notices that are not errors (an input gene without a rule).
    pub warnings: Vec<String>,
}

impl Rules {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.genes.iter().position(|g| g == name)
    }

    /// Genes whose rule is their own value (inputs / self-loops).
    pub fn is_input(&self, gene: usize) -> bool {
        self.exprs[gene] == Expr::Gene(gene)
    }
}

impl PartialEq for Rules {
    fn eq(&self, other: &Self) -> bool {
        self.genes == other.genes && self.exprs == other.exprs
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

fn err(line: usize, column: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        column,
        message: message.into(),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Num(u32),
    Not,
    And,
    Or,
    Open,
    Close,
    Comma,
}

/// A token with its 1-based column.
type Spanned = (Tok, usize);

fn describe(tok: Option<&Tok>) -> String {
    match tok {
        None => "end of line".into(),
        Some(Tok::Ident(s)) => format!("`{s}`"),
        Some(Tok::Num(n)) => format!("`{n}`"),
        Some(Tok::Not) => "`!`".into(),
        Some(Tok::And) => "`&`".into(),
        Some(Tok::Or) => "`|`".into(),
        Some(Tok::Open) => "`(`".into(),
        Some(Tok::Close) => "`)`".into(),
        Some(Tok::Comma) => "`,`".into(),
    }
}

fn tokenize(text: &str, line: usize, col0: usize) -> Result<Vec<Spanned>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = col0 + i;
        let single = match c {
            '!' => Some(Tok::Not),
            '&' => Some(Tok::And),
            '|' => Some(Tok::Or),
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(t) = single {
            out.push((t, col));
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let n = s
                .parse::<u32>()
                .map_err(|_| err(line, col, format!("number `{s}` is too large")))?;
            out.push((Tok::Num(n), col));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), col));
        } else {
            return Err(err(
                line,
                col,
                format!("unexpected character `{c}`; expected a gene name, `!`, `&`, `|`, `(`, `)`, 0 or 1"),
            ));
        }
    }
    Ok(out)
}

/// Parses one rule's expression; unknown names are collected by `names` (a resolver).
struct ExprParser<'a, F: FnMut(&str, usize) -> Result<usize, ParseError>> {
    toks: &'a [Spanned],
    pos: usize,
    line: usize,
    end_col: usize,
    resolve: F,
    depth: usize,
}

const MAX_DEPTH: usize = 200;

impl<'a, F: FnMut(&str, usize) -> Result<usize, ParseError>> ExprParser<'a, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end_col, |t| t.1)
    }

    fn expected(&self, what: &str) -> ParseError {
        err(
            self.line,
            self.col(),
            format!("expected {what}, found {}", describe(self.peek())),
        )
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut terms = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.pop().unwrap()
        } else {
            Expr::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut terms = vec![self.unary()?];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            terms.push(self.unary()?);
        }
        Ok(if terms.len() == 1 {
            terms.pop().unwrap()
        } else {
            Expr::And(terms)
        })
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(self.line, self.col(), "expression nested too deeply"));
        }
        let out = if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            Ok(Expr::Not(Box::new(self.unary()?)))
        } else {
            self.primary()
        };
        self.depth -= 1;
        out
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let col = self.col();
        match self.peek().cloned() {
            Some(Tok::Open) => {
                self.pos += 1;
                let e = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(err(
                        self.line,
                        self.col(),
                        format!(
                            "unbalanced parenthesis: `(` at column {col} is not closed; expected `)`, found {}",
                            describe(self.peek())
                        ),
                    ));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Tok::Num(0)) => {
                self.pos += 1;
                Ok(Expr::Const(false))
            }
            Some(Tok::Num(1)) => {
                self.pos += 1;
                Ok(Expr::Const(true))
            }
            Some(Tok::Num(n)) => Err(err(self.line, col, format!("constant `{n}` is not 0 or 1"))),
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::Open) {
                    if let Some(f) = func_kind(&name) {
                        return self.call(f, col);
                    }
                }
                Ok(Expr::Gene((self.resolve)(&name, col)?))
            }
            Some(Tok::Close) => Err(err(
                self.line,
                col,
                "unbalanced parenthesis: `)` without a matching `(`",
            )),
            _ => Err(self.expected("a gene name, `!`, `(`, 0 or 1")),
        }
    }

    /// `name(arg, arg, …[, N])`; the pointer sits on `(`.
    fn call(&mut self, kind: &str, col: usize) -> Result<Expr, ParseError> {
        self.pos += 1;
        let mut args = Vec::new();
        let mut threshold = None;
        loop {
            if let (Some(Tok::Num(n)), Some(Tok::Close)) =
                (self.peek().cloned(), self.toks.get(self.pos + 1).map(|t| &t.0))
            {
                if needs_threshold(kind) && !args.is_empty() {
                    threshold = Some(n);
                    self.pos += 1;
                    break;
                }
            }
            args.push(self.or()?);
            match self.peek() {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::Close) => break,
                _ => return Err(self.expected(&format!("`,` or `)` in {kind}(…) opened at column {col}"))),
            }
        }
        self.pos += 1; // the `)`
        let func = match (kind, threshold) {
            ("all", None) => Func::All,
            ("any", None) => Func::Any,
            ("maj", None) => Func::Maj,
            ("sumgt", Some(n)) => Func::SumGt(n),
            ("sumlt", Some(n)) => Func::SumLt(n),
            ("sumis", Some(n)) => Func::SumIs(n),
            (k, None) => {
                return Err(err(
                    self.line,
                    col,
                    format!("{k}(…) needs a number as its last argument, e.g. {k}(a, b, c, 1)"),
                ))
            }
            (k, Some(_)) => return Err(err(self.line, col, format!("{k}(…) takes genes only"))),
        };
        Ok(Expr::Call(func, args))
    }
}

fn func_kind(name: &str) -> Option<&'static str> {
    ["all", "any", "maj", "sumgt", "sumlt", "sumis"]
        .into_iter()
        .find(|k| *k == name)
}

fn needs_threshold(kind: &str) -> bool {
    kind.starts_with("sum")
}

fn valid_name(name: &str) -> bool {
    let mut cs = name.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Strips a `#` comment; returns the code part.
fn code_of(line: &str) -> &str {
    line.split('#').next().unwrap_or("")
}

fn is_header(code: &str) -> bool {
    let parts: Vec<String> = code.split(',').map(|p| p.trim().to_ascii_lowercase()).collect();
    parts.len() >= 2 && parts[0] == "targets" && (parts[1] == "factors" || parts[1] == "functions")
}

/// Parses a BoolNet file. Names referenced without a rule become inputs (with a warning).
pub fn parse_bnet(text: &str) -> Result<Rules, ParseError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut header_seen = false;
    // First pass: targets and where their expressions start.
    let mut targets: Vec<(String, usize, usize, String)> = Vec::new(); // name, line, col of expr, expr text
    for (i, raw) in lines.iter().enumerate() {
        let lno = i + 1;
        let code = code_of(raw);
        if code.trim().is_empty() {
            continue;
        }
        if !header_seen {
            if !is_header(code) {
                let col = raw.len() - raw.trim_start().len() + 1;
                return Err(err(
                    lno,
                    col,
                    "missing header: the first line must be `targets, factors`",
                ));
            }
            header_seen = true;
            continue;
        }
        let Some(comma) = code.find(',') else {
            return Err(err(
                lno,
                code.trim_end().chars().count() + 1,
                "expected `,` between the gene name and its expression",
            ));
        };
        let name_part = &code[..comma];
        let name = name_part.trim();
        let name_col = name_part.chars().count() - name_part.trim_start().chars().count() + 1;
        if name.is_empty() {
            return Err(err(lno, name_col, "expected a gene name before `,`"));
        }
        if !valid_name(name) {
            return Err(err(
                lno,
                name_col,
                format!(
                    "invalid gene name `{name}`: names start with a letter or `_` and contain letters, digits, `_`"
                ),
            ));
        }
        if let Some(first) = targets.iter().find(|t| t.0 == name) {
            return Err(err(
                lno,
                name_col,
                format!("duplicate target `{name}` (first defined on line {})", first.1),
            ));
        }
        let expr_text = &code[comma + 1..];
        if expr_text.trim().is_empty() {
            return Err(err(
                lno,
                code[..comma + 1].chars().count() + 1,
                format!("empty expression for `{name}`"),
            ));
        }
        targets.push((
            name.to_string(),
            lno,
            code[..comma + 1].chars().count() + 1,
            expr_text.to_string(),
        ));
    }
    if !header_seen {
        return Err(err(
            1,
            1,
            "missing header: the first line must be `targets, factors` (the file has no rules)",
        ));
    }
    let genes: Vec<String> = targets.iter().map(|t| t.0.clone()).collect();
    let warnings = Vec::new();
    let mut exprs = Vec::new();
    let mut rule_lines: Vec<usize> = targets.iter().map(|t| t.1).collect();
    for (_, lno, col0, text) in &targets {
        let toks = tokenize(text, *lno, *col0)?;
        let end_col = col0 + text.trim_end().chars().count();
        let resolve = |name: &str, col: usize| -> Result<usize, ParseError> {
            if let Some(i) = genes.iter().position(|g| g == name) {
                return Ok(i);
            }
            if let Some(g) = genes.iter().find(|g| g.eq_ignore_ascii_case(name)) {
                return Err(err(
                    *lno,
                    col,
                    format!("unknown gene `{name}`; did you mean `{g}`? (names are case-sensitive)"),
                ));
            }
            if !valid_name(name) {
                return Err(err(*lno, col, format!("invalid gene name `{name}`")));
            }
            // R BoolNet refuses a gene without a rule of its own; so do we (no silent inputs).
            Err(err(
                *lno,
                col,
                format!("gene `{name}` has no rule of its own; add a line for it (an input: `{name}, {name}`)"),
            ))
        };
        let mut p = ExprParser {
            toks: &toks,
            pos: 0,
            line: *lno,
            end_col,
            resolve,
            depth: 0,
        };
        let e = p.or()?;
        if p.pos < toks.len() {
            let what = if toks[p.pos].0 == Tok::Close {
                "unbalanced parenthesis: `)` without a matching `(`".to_string()
            } else {
                format!(
                    "expected `&`, `|` or end of line, found {}",
                    describe(Some(&toks[p.pos].0))
                )
            };
            return Err(err(*lno, toks[p.pos].1, what));
        }
        exprs.push(e);
    }
    for i in exprs.len()..genes.len() {
        exprs.push(Expr::Gene(i));
        rule_lines.push(0);
    }
    Ok(Rules {
        genes,
        exprs,
        lines: rule_lines,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(text: &str) -> ParseError {
        parse_bnet(text).unwrap_err()
    }

    #[test]
    fn errors_name_line_and_column() {
        let h = "targets, factors\n";
        assert_eq!(
            e("A, B\n"),
            err(1, 1, "missing header: the first line must be `targets, factors`")
        );
        let x = e(&format!("{h}A, (B & C\nB, B\nC, C\n"));
        assert_eq!((x.line, x.column), (2, 10), "{x}");
        assert!(x.message.contains("unbalanced parenthesis"), "{x}");
        let x = e(&format!("{h}A, B)\nB, B\n"));
        assert_eq!(
            (x.line, x.column, x.message.contains("unbalanced")),
            (2, 5, true),
            "{x}"
        );
        let x = e(&format!("{h}A, B\nA, !B\nB, B\n"));
        assert_eq!((x.line, x.column), (3, 1));
        assert!(
            x.message.contains("duplicate target `A` (first defined on line 2)"),
            "{x}"
        );
        let x = e(&format!("{h}A,   \n"));
        assert!(x.message.contains("empty expression"), "{x}");
        let x = e(&format!("{h}Alpha, beta & alpha\nbeta, beta\n"));
        assert_eq!((x.line, x.column), (2, 15), "{x}");
        assert!(x.message.contains("did you mean `Alpha`"), "{x}");
        let x = e(&format!("{h}A, B & \nB, B\n"));
        assert_eq!((x.line, x.column), (2, 7), "{x}");
        assert!(x.message.contains("expected a gene name"), "{x}");
        let x = e(&format!("{h}A, B $ C\n"));
        assert_eq!((x.line, x.column), (2, 6));
        let x = e(&format!("{h}A, sumgt(B, C)\nB, B\nC, C\n"));
        assert!(x.message.contains("needs a number"), "{x}");
    }

    #[test]
    fn comments_case_inputs_and_functions() {
        let x = parse_bnet("targets, factors\nA, B & Zed\nB, B\n").unwrap_err();
        assert_eq!((x.line, x.column), (2, 8), "{x}");
        assert!(x.message.contains("`Zed` has no rule"), "{x}");
        let r = parse_bnet(
            "# a comment\nTargets, Factors\nA, B & !c # trailing\nB, maj(A, B, c) | sumgt(A, B, c, 1)\nc, c\n",
        )
        .unwrap();
        assert_eq!(r.genes, vec!["A", "B", "c"]);
        assert!(r.is_input(2));
        assert!(r.warnings.is_empty());
        assert_eq!(
            r.exprs[1],
            Expr::Or(vec![
                Expr::Call(Func::Maj, vec![Expr::Gene(0), Expr::Gene(1), Expr::Gene(2)]),
                Expr::Call(Func::SumGt(1), vec![Expr::Gene(0), Expr::Gene(1), Expr::Gene(2)]),
            ])
        );
        let r = parse_bnet("targets, factors\nA, 1\nB, 0\n").unwrap();
        assert_eq!(r.exprs, vec![Expr::Const(true), Expr::Const(false)]);
    }
}
