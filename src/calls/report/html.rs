//! `--format html`: one self-contained page (inline CSS and SVG, no script,
//! nothing fetched) for a quality manager: the run's figures, charts of
//! findings per rule, per agent and the score distribution, tables per day
//! and per agent, and the lowest-scoring calls with what went wrong.

use std::fmt::Write as _;
use std::io::Write;

use super::{xml_escape as esc, CallReporter};
use crate::calls::check::CallResult;
use crate::calls::score::Summary;
use crate::finding::Lang;

pub struct Html {
    lang: Lang,
}

impl Html {
    pub fn new(lang: Lang) -> Html {
        Html { lang }
    }
}

/// A horizontal bar chart: one row per (label, value), scaled to the largest.
fn bars(rows: &[(String, u64, String)], color: &str) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (190.0, 340.0, 22.0);
    let height = row_h * rows.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\">",
        label_w + bar_w + 90.0
    );
    for (i, (label, value, note)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (*value as f64 / max as f64 * bar_w).max(1.0);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"lbl\">{}</text><rect x=\"{}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" rx=\"3\" fill=\"{color}\"><title>{} {}</title></rect><text x=\"{}\" y=\"{}\" class=\"val\">{}{}</text>",
            label_w - 8.0,
            y + 14.0,
            esc(label),
            label_w,
            row_h - 6.0,
            esc(label),
            value,
            label_w + w + 6.0,
            y + 14.0,
            value,
            esc(note)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A column chart of the score bands.
fn histogram(h: &[u64; 10]) -> String {
    let max = h.iter().copied().max().unwrap_or(0).max(1);
    let (col_w, chart_h) = (58.0, 180.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">",
        col_w * 10.0 + 20.0,
        chart_h + 44.0
    );
    for (i, n) in h.iter().enumerate() {
        let x = 10.0 + i as f64 * col_w;
        let bh = (*n as f64 / max as f64 * chart_h).max(if *n > 0 { 2.0 } else { 0.0 });
        let y = chart_h - bh + 18.0;
        let color = match i {
            0..=5 => "#d9534f",
            6..=7 => "#f0ad4e",
            _ => "#5cb85c",
        };
        let band = if i == 9 {
            "90–100".to_string()
        } else {
            format!("{}–{}", i * 10, i * 10 + 9)
        };
        let _ = write!(
            svg,
            "<rect x=\"{}\" y=\"{y:.1}\" width=\"{}\" height=\"{bh:.1}\" rx=\"3\" fill=\"{color}\"><title>{band}: {n}</title></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"val\">{n}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"lbl\">{band}</text>",
            x + 4.0,
            col_w - 8.0,
            x + col_w / 2.0,
            (y - 4.0).max(12.0),
            x + col_w / 2.0,
            chart_h + 36.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// 12,345: big counts read at a glance.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:24px;color:#222;background:#f6f7f9}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border-radius:8px;padding:12px 18px;box-shadow:0 1px 3px #0002;min-width:120px}.card b{display:block;font-size:26px}.card span{color:#666;font-size:13px}.grid{display:flex;gap:24px;flex-wrap:wrap}.panel{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px #0002}table{border-collapse:collapse;background:#fff;font-size:13px;box-shadow:0 1px 3px #0002}th,td{padding:5px 10px;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}th{background:#eef1f5;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}.lbl{font-size:12px;fill:#333}.val{font-size:11px;fill:#555}.low{color:#c9302c;font-weight:bold}.mid{color:#c77c02}.ok{color:#2d7a2d}code{font-size:12px}small{color:#666}";

fn score_class(s: f64) -> &'static str {
    if s < 60.0 {
        "low"
    } else if s < 80.0 {
        "mid"
    } else {
        "ok"
    }
}

impl CallReporter for Html {
    fn call(&mut self, _r: &CallResult, _w: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, s: &Summary, w: &mut dyn Write) -> std::io::Result<()> {
        let zh = self.lang == Lang::Zh;
        let t = |z: &'static str, e: &'static str| if zh { z } else { e };
        let total = &s.total;
        let mean = total
            .mean_score
            .map_or_else(|| "-".to_string(), |m| format!("{m:.1}"));
        let mut page = String::new();
        let _ = write!(
            page,
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>",
            if zh { "zh-CN" } else { "en" },
            t("huashu 通话质检报告", "huashu call inspection report")
        );
        let _ = write!(page, "<h1>{}</h1><small>{}</small>", t("通话质检报告", "Call inspection report"), t("按生效的服务规范检查；号码只保留后四位", "checked against the service standard in force; numbers keep their last four digits only"));
        let _ = write!(page, "<div class=\"cards\">");
        for (value, label) in [
            (thousands(total.calls), t("通话", "calls")),
            (
                thousands(s.flagged),
                t("有问题的通话", "calls with findings"),
            ),
            (mean.clone(), t("平均分", "mean score")),
            (thousands(total.errors), t("错误", "errors")),
            (thousands(total.warnings), t("警告", "warnings")),
            (thousands(s.malformed), t("无法读取", "unreadable")),
        ] {
            let _ = write!(
                page,
                "<div class=\"card\"><b>{}</b><span>{label}</span></div>",
                esc(&value)
            );
        }
        page.push_str("</div><div class=\"grid\">");
        // Findings per rule.
        let mut rules: Vec<_> = s.rules.iter().collect();
        rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        let rows: Vec<(String, u64, String)> = rules
            .iter()
            .take(25)
            .map(|(id, r)| {
                (
                    (*id).clone(),
                    r.findings,
                    format!(" ({} {})", r.calls, t("通", "calls")),
                )
            })
            .collect();
        let _ = write!(
            page,
            "<div class=\"panel\"><h2>{}</h2>{}</div>",
            t("各规则的问题数", "Findings per rule"),
            bars(&rows, "#4a7bd0")
        );
        // Score distribution.
        let _ = write!(
            page,
            "<div class=\"panel\"><h2>{}</h2>{}</div>",
            t("得分分布", "Score distribution"),
            histogram(&s.histogram)
        );
        // Findings per agent (the 20 with most).
        let mut agents: Vec<_> = s.agents.iter().collect();
        agents.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        let rows: Vec<(String, u64, String)> = agents
            .iter()
            .take(20)
            .map(|(id, a)| {
                (
                    (*id).clone(),
                    a.findings,
                    a.mean_score.map_or(String::new(), |m| format!(" · {m:.1}")),
                )
            })
            .collect();
        let _ = write!(
            page,
            "<div class=\"panel\"><h2>{}</h2>{}</div>",
            t(
                "各坐席的问题数（· 平均分）",
                "Findings per agent (· mean score)"
            ),
            bars(&rows, "#8e6cc0")
        );
        page.push_str("</div>");
        // Per day.
        let _ = write!(page, "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", t("按日", "Per day"), t("日期", "day"), t("通话", "calls"), t("平均分", "mean score"), t("问题", "findings"), t("错误", "errors"), t("警告", "warnings"));
        for (day, d) in &s.days {
            let m = d.mean_score.unwrap_or(0.0);
            let _ = write!(page, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n {}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", esc(day), d.calls, score_class(m), d.mean_score.map_or("-".into(), |m| format!("{m:.1}")), d.findings, d.errors, d.warnings);
        }
        page.push_str("</table>");
        // Per agent, lowest mean first.
        let mut by_score: Vec<_> = s.agents.iter().collect();
        by_score.sort_by(|a, b| {
            a.1.mean_score
                .unwrap_or(101.0)
                .total_cmp(&b.1.mean_score.unwrap_or(101.0))
                .then(a.0.cmp(b.0))
        });
        let _ = write!(page, "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", t("按坐席（平均分从低到高）", "Per agent (lowest mean score first)"), t("坐席", "agent"), t("通话", "calls"), t("平均分", "mean score"), t("问题", "findings"), t("错误", "errors"), t("警告", "warnings"));
        for (agent, a) in by_score.iter().take(500) {
            let m = a.mean_score.unwrap_or(0.0);
            let _ = write!(page, "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n {}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", esc(agent), a.calls, score_class(m), a.mean_score.map_or("-".into(), |m| format!("{m:.1}")), a.findings, a.errors, a.warnings);
        }
        page.push_str("</table>");
        // The lowest-scoring calls.
        let worst = s.worst();
        let _ = write!(page, "<h2>{} {}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", t("得分最低的通话", "Lowest-scoring calls"), worst.len(), t("得分", "score"), t("通话", "call"), t("坐席", "agent"), t("日期", "day"), t("位置", "where"), t("规则", "rules"), t("原话", "words"));
        for c in &worst {
            let _ = write!(page, "<tr><td class=\"n {}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}:{}</code></td><td>{}</td><td>{}</td></tr>", score_class(f64::from(c.score)), c.score, esc(&c.id), esc(&c.agent), esc(&c.day), esc(&c.file), c.line, esc(&c.rules.join(", ")), esc(&c.excerpt));
        }
        page.push_str("</table></body></html>\n");
        w.write_all(page.as_bytes())
    }
}
