//! `--format human`: each call with findings, then each finding with the
//! turn it is in (number, role, time) and the characters at fault
//! underlined; the run's figures at the end.

use std::io::Write;

use super::{clock, one_line, CallReporter};
use crate::calls::check::CallResult;
use crate::calls::score::Summary;
use crate::finding::Lang;

pub struct Human {
    lang: Lang,
}

impl Human {
    pub fn new(lang: Lang) -> Human {
        Human { lang }
    }
}

/// Terminal columns of a character: two for CJK and full-width forms.
pub fn width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

fn cols(s: &str) -> usize {
    s.chars().map(width).sum()
}

impl CallReporter for Human {
    fn call(&mut self, r: &CallResult, w: &mut dyn Write) -> std::io::Result<()> {
        if r.findings.is_empty() {
            return Ok(());
        }
        let zh = self.lang == Lang::Zh;
        let mut head = format!(
            "{}:{}  {} {}",
            r.file,
            r.line,
            if zh { "通话" } else { "call" },
            one_line(&r.id)
        );
        if let Some(a) = &r.agent {
            head.push_str(&format!(
                " · {} {}",
                if zh { "坐席" } else { "agent" },
                one_line(a)
            ));
        }
        if let Some(d) = &r.day {
            head.push_str(&format!(" · {}", one_line(d)));
        }
        if let Some(s) = r.score {
            head.push_str(&format!(" · {} {s}", if zh { "得分" } else { "score" }));
        }
        writeln!(w, "{head}")?;
        for f in &r.findings {
            writeln!(
                w,
                "  {}[{}] {}",
                f.severity.label(self.lang),
                f.rule,
                one_line(f.message.get(self.lang))
            )?;
            if let Some(t) = &f.turn {
                let time = match (t.begin, t.end) {
                    (Some(b), Some(e)) => format!(" {}-{}", clock(b), clock(e)),
                    (Some(b), None) => format!(" {}", clock(b)),
                    _ => String::new(),
                };
                let label = format!("    #{} {}{time} │ ", t.index + 1, t.role.label(self.lang));
                let text = one_line(&t.text);
                writeln!(w, "{label}{text}")?;
                // Columns before and under the span, on the escaped text.
                let before = one_line(&t.text[..t.range.start]);
                let under = one_line(&t.text[t.range.clone()]);
                let pad = cols(&label) - 2;
                let marks = cols(&under).max(1);
                writeln!(
                    w,
                    "{}│ {}{}",
                    " ".repeat(pad),
                    " ".repeat(cols(&before)),
                    "^".repeat(marks)
                )?;
            }
            if let Some(h) = &f.help {
                writeln!(
                    w,
                    "    = {}: {}",
                    if zh { "建议" } else { "help" },
                    one_line(h.get(self.lang))
                )?;
            }
        }
        writeln!(w)
    }

    fn finish(&mut self, s: &Summary, w: &mut dyn Write) -> std::io::Result<()> {
        let t = &s.total;
        let mean = t
            .mean_score
            .map_or_else(|| "-".to_string(), |m| format!("{m:.1}"));
        if self.lang == Lang::Zh {
            writeln!(
                w,
                "检查了 {} 通通话：{} 个错误，{} 个警告；平均分 {mean}；{} 通无法读取",
                t.calls, t.errors, t.warnings, s.malformed
            )?;
        } else {
            writeln!(
                w,
                "{} calls checked: {} errors, {} warnings; mean score {mean}; {} unreadable",
                t.calls, t.errors, t.warnings, s.malformed
            )?;
        }
        let mut rules: Vec<(&String, &crate::calls::score::RuleTally)> = s.rules.iter().collect();
        rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        for (id, r) in rules.iter().take(10) {
            if self.lang == Lang::Zh {
                writeln!(w, "  {id:<26} {:>7} 处，{:>7} 通", r.findings, r.calls)?;
            } else {
                writeln!(
                    w,
                    "  {id:<26} {:>7} findings in {:>7} calls",
                    r.findings, r.calls
                )?;
            }
        }
        Ok(())
    }
}
