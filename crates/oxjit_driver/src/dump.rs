//! What the environment asks the driver to show: `OXJIT_DUMP` stages and `OXJIT_TIMING`.
//!
//! ```text
//! OXJIT_DUMP=mir,llvm OXJIT_TIMING=1 python kernel.py
//! oxjit: compile rms(array(float64, 1d, C)) -> float64: frontend 0.31 ms, emit 0.12 ms, ...
//! ```
//!
//! Both are read at every compile (a few microseconds), so a test can switch them on.

use std::time::Instant;

/// The stages `OXJIT_DUMP` (a comma list) can print to stderr.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct DumpFlags {
    /// Typed MIR of every instance.
    pub mir: bool,
    /// LLVM IR as emitted, before optimisation.
    pub llvm_raw: bool,
    /// LLVM IR after optimisation.
    pub llvm: bool,
    /// Host assembly.
    pub asm: bool,
}

impl DumpFlags {
    /// Parses `mir,llvm-raw,llvm,asm` (or `all`); unknown names are reported once per compile.
    pub fn parse(text: &str) -> DumpFlags {
        let mut d = DumpFlags::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item {
                "mir" => d.mir = true,
                "llvm-raw" => d.llvm_raw = true,
                "llvm" => d.llvm = true,
                "asm" => d.asm = true,
                "all" => d = DumpFlags { mir: true, llvm_raw: true, llvm: true, asm: true },
                other => eprintln!("oxjit: OXJIT_DUMP: unknown stage {other:?} (known: mir, llvm-raw, llvm, asm, all)"),
            }
        }
        d
    }

    pub fn from_env() -> DumpFlags {
        std::env::var("OXJIT_DUMP").map(|v| DumpFlags::parse(&v)).unwrap_or_default()
    }
}

/// Whether `OXJIT_TIMING` asks for per-stage times (set and not `0`/empty).
pub fn timing_from_env() -> bool {
    std::env::var("OXJIT_TIMING").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Prints one dump section to stderr, framed so several stages stay readable.
pub fn print_section(title: &str, body: &str) {
    eprintln!("---- oxjit {title} ----");
    eprint!("{body}");
    if !body.ends_with('\n') {
        eprintln!();
    }
    eprintln!("---- end {title} ----");
}

/// Wall-clock times of the stages of one compile, in order.
pub struct StageTimes {
    last: Instant,
    pub stages: Vec<(&'static str, f64)>,
}

impl StageTimes {
    pub fn start() -> StageTimes {
        StageTimes { last: Instant::now(), stages: Vec::with_capacity(8) }
    }

    /// Records the time since the previous mark as stage `name`.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, (now - self.last).as_secs_f64() * 1e3));
        self.last = now;
    }

    pub fn total_ms(&self) -> f64 {
        self.stages.iter().map(|(_, t)| t).sum()
    }

    /// `frontend 0.31 ms, emit 0.12 ms, ..., total 8.02 ms`
    pub fn render(&self) -> String {
        let mut out: Vec<String> = self.stages.iter().map(|(n, t)| format!("{n} {t:.2} ms")).collect();
        out.push(format!("total {:.2} ms", self.total_ms()));
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dump_lists() {
        assert_eq!(DumpFlags::parse(""), DumpFlags::default());
        let d = DumpFlags::parse("mir, asm");
        assert!(d.mir && d.asm && !d.llvm && !d.llvm_raw);
        let d = DumpFlags::parse("all");
        assert!(d.mir && d.asm && d.llvm && d.llvm_raw);
    }

    #[test]
    fn stage_times_add_up() {
        let mut t = StageTimes::start();
        t.mark("a");
        t.mark("b");
        assert_eq!(t.stages.len(), 2);
        assert!(t.render().starts_with("a ") && t.render().contains("total"));
        assert!((t.total_ms() - (t.stages[0].1 + t.stages[1].1)).abs() < 1e-9);
    }
}
