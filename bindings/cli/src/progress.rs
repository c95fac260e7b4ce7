//! A progress line on stderr, shown only when stderr is a terminal, so piped
//! and CI output stays clean.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    label: String,
    total: Option<u64>,
    enabled: bool,
    last: Instant,
    started: Instant,
}

impl Progress {
    pub fn new(label: &str, total: Option<u64>) -> Self {
        let now = Instant::now();
        Progress {
            label: label.to_owned(),
            total,
            enabled: std::io::stderr().is_terminal(),
            last: now - Duration::from_secs(1),
            started: now,
        }
    }

    /// Reports `done` units (bytes) and a free-form detail; redraws at most 10×/s.
    pub fn update(&mut self, done: u64, detail: &str) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64();
        let line = match self.total {
            Some(t) if t > 0 => {
                let pct = (done as f64 / t as f64 * 100.0).min(100.0);
                let width = 30;
                let filled = ((pct / 100.0) * width as f64) as usize;
                format!(
                    "{} [{}{}] {:5.1}% {} ({:.1}s)",
                    self.label,
                    "#".repeat(filled),
                    " ".repeat(width - filled),
                    pct,
                    detail,
                    secs
                )
            }
            _ => format!("{} {} ({:.1}s)", self.label, detail, secs),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
