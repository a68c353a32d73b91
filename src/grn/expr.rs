//! Rule expressions: the syntax tree of one BoolNet rule and its direct evaluation.
//! Genes are referred to by index into the network's gene list.

/// A counting function of BoolNet: all, any, maj, sumgt(…,N), sumlt(…,N), sumis(…,N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    All,
    Any,
    Maj,
    SumGt(u32),
    SumLt(u32),
    SumIs(u32),
}

impl Func {
    pub fn name(self) -> &'static str {
        match self {
            Func::All => "all",
            Func::Any => "any",
            Func::Maj => "maj",
            Func::SumGt(_) => "sumgt",
            Func::SumLt(_) => "sumlt",
            Func::SumIs(_) => "sumis",
        }
    }

    pub fn threshold(self) -> Option<u32> {
        match self {
            Func::SumGt(n) | Func::SumLt(n) | Func::SumIs(n) => Some(n),
            _ => None,
        }
    }

    fn apply(self, on: u32, total: u32) -> bool {
        match self {
            Func::All => on == total,
            Func::Any => on > 0,
            Func::Maj => 2 * on > total,
            Func::SumGt(n) => on > n,
            Func::SumLt(n) => on < n,
            Func::SumIs(n) => on == n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Const(bool),
    Gene(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    /// Value of the expression in a state whose bit `i` is gene `i`.
    pub fn eval(&self, state: u64) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Gene(i) => state >> i & 1 == 1,
            Expr::Not(e) => !e.eval(state),
            Expr::And(es) => es.iter().all(|e| e.eval(state)),
            Expr::Or(es) => es.iter().any(|e| e.eval(state)),
            Expr::Call(f, es) => {
                let on = es.iter().filter(|e| e.eval(state)).count() as u32;
                f.apply(on, es.len() as u32)
            }
        }
    }

    /// Genes the expression reads, sorted, without repeats.
    pub fn support(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Const(_) => {}
            Expr::Gene(i) => out.push(*i),
            Expr::Not(e) => e.collect(out),
            Expr::And(es) | Expr::Or(es) | Expr::Call(_, es) => es.iter().for_each(|e| e.collect(out)),
        }
    }
}
