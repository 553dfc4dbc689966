//! `qualitative-band`: a qualitative score outside the band its actual earns.

use super::{Check, Context, Rule, pts};
use crate::diagnostic::{Finding, Severity};
use crate::engine::Attainment;
use crate::lang::Text;
use crate::value::Value;

pub struct QualitativeBand;

pub static RULE: Rule = Rule {
    name: "qualitative-band",
    severity: Severity::Warning,
    summary_zh: "定性指标得分不在完成情况对应的档次内",
    summary_en: "a qualitative score lies outside the band its actual earns",
    docs: "## 作用\n定性指标按完成情况分三档：达成年度指标 80%–100%（含）、部分达成 60%–80%、未达成 0–60% 的分值；按实际完成值判断档次（如“100%”“完成”为达成，“基本完成”为部分达成），得分不在档内时报告；完成值说不出档次（不在词表中，也不是百分比）时也报告，复核沿用自评得分。\n\n## 原因\n“部分完成”却给满分，或“完成”却给低分，都与评分规则不符。\n\n## 示例\n分值 3，完成值“基本完成”（部分达成），自评 3 分：应在 1.80–2.39 之间。\n\n## 依据\n财预〔2020〕10号：定性指标按三档评分。",
    docs_en: "## What it checks\n定性 (qualitative) indicators are scored in three bands of the 分值: 达成年度指标 (target achieved) 80%–100% (inclusive), 部分达成 (partly achieved) 60%–80%, 未达成 (not achieved) 0–60%. The band is judged from the 实际完成值 (“100%” or “完成” count as achieved, “基本完成” as partly achieved), and a score outside its band is reported; an actual that names no band (not in the word list, and not a percentage) is reported too, and the review keeps the claimed score.\n\n## Why\nFull marks for “部分完成”, or a low score for “完成”, both contradict the scoring rules.\n\n## Example\n分值 3, 完成值 “基本完成” (partly achieved), claimed score 3: it should lie between 1.80 and 2.39.\n\n## Basis\n财预〔2020〕10号: 定性 indicators are scored in three bands.",
    check: &QualitativeBand,
};

impl Check for QualitativeBand {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (i, row, r) in super::indicators(cx) {
            if matches!(r.target, Value::Qualitative(_))
                && r.attainment == Attainment::Unknown
                && !matches!(r.actual, Value::Placeholder | Value::Error(_))
            {
                out.push(RULE.at_row(
                    cx,
                    i,
                    "actual",
                    Text::new(
                        format!("“{}”无法从实际完成值“{}”判断达成档次，复核沿用自评得分", row.name.value.trim(), row.actual.value.trim()),
                        format!("\"{}\": the actual \"{}\" does not tell the band; the claimed score is kept", row.name.value.trim(), row.actual.value.trim()),
                    ),
                    Text::new(
                        "写明完成情况（如“已完成”“部分完成”“未完成”），或在评分方案的词表中加入该说法",
                        "state the achievement (已完成, 部分完成, 未完成), or add the wording to the scheme's vocabulary",
                    ),
                ));
                continue;
            }
            let (Attainment::Band(b), Some((min, max)), Some(claimed)) =
                (r.attainment, r.band_range, r.claimed)
            else {
                continue;
            };
            if claimed >= min && claimed <= max {
                continue;
            }
            let band = &cx.scheme.qualitative.bands[b].name;
            out.push(RULE.at_row(
                cx,
                i,
                "score",
                Text::new(
                    format!("“{}”完成值“{}”属“{band}”档，得分应在 {}–{} 之间，自评 {}", row.name.value.trim(), row.actual.value.trim(), pts(cx, min), pts(cx, max), pts(cx, claimed)),
                    format!("\"{}\": the actual \"{}\" is in the \"{band}\" band, scoring {}–{}; {} was claimed", row.name.value.trim(), row.actual.value.trim(), pts(cx, min), pts(cx, max), pts(cx, claimed)),
                ),
                Text::new(format!("在 {}–{} 之间给分", pts(cx, min), pts(cx, max)), format!("score between {} and {}", pts(cx, min), pts(cx, max))),
            ));
        }
    }
}
