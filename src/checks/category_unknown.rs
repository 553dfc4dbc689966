//! `category-unknown`: a 一级指标 the scheme does not know.

use super::{Check, Context, Rule};
use crate::diagnostic::{Finding, Severity};
use crate::lang::Text;

pub struct CategoryUnknown;

pub static RULE: Rule = Rule {
    name: "category-unknown",
    severity: Severity::Error,
    summary_zh: "一级指标不在评分方案之列",
    summary_en: "a first-level category the scheme does not define",
    docs: "## 作用\n检查每行的一级指标是否为评分方案规定的类别（含别名，如“满意度”即“满意度指标”）。\n\n## 原因\n类别写错时，分值核对与必填类别检查都会出错。\n\n## 示例\n一级指标写作“产出指数”：应为“产出指标”。\n\n## 依据\n财预〔2020〕10号附件：一级指标为产出、效益、满意度等。",
    docs_en: "## What it checks\nChecks that each row's 一级指标 is a category the scheme defines (aliases included: “满意度” counts as “满意度指标”).\n\n## Why\nWith a wrong category, both the weight checks and the required-category check go wrong.\n\n## Example\n一级指标 written as “产出指数”: it should be “产出指标”.\n\n## Basis\nAnnex to 财预〔2020〕10号: the 一级指标 are 产出, 效益, 满意度 and so on.",
    check: &CategoryUnknown,
};

impl Check for CategoryUnknown {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let known: Vec<&str> = cx
            .scheme
            .categories
            .iter()
            .flat_map(|c| {
                std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str))
            })
            .collect();
        for (i, row) in cx.sheet.indicators.iter().enumerate() {
            let level1 = row.level1.value.trim();
            if cx.scheme.category(level1).is_some() {
                continue;
            }
            let help = match crate::text::did_you_mean(level1, known.iter().copied()) {
                Some(s) => Text::new(format!("是否应为“{s}”？"), format!("did you mean \"{s}\"?")),
                None => Text::new(
                    format!("评分方案的一级指标：{}", known.join("、")),
                    format!("the scheme's categories: {}", known.join(", ")),
                ),
            };
            out.push(RULE.at_row(
                cx,
                i,
                "level1",
                Text::new(
                    format!("一级指标“{level1}”不在评分方案之列"),
                    format!("\"{level1}\" is not a category of the scheme"),
                ),
                help,
            ));
        }
    }
}
