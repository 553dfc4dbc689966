//! The corpus generator shared by `examples/make_corpus.rs` (whole-process benchmarks) and the
//! batch acceptance test: realistic sheets, clean under their scheme except for a known share
//! of injected mistakes whose findings are counted.

use std::collections::BTreeMap;
use std::path::Path;

/// A small deterministic generator (xorshift64*): the same seed gives the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A met target and its actual, in the notations clerks use.
const QUANTITATIVE: &[(&str, &str, &str)] = &[
    ("新建高标准农田面积", "≥500亩", "520亩"),
    ("资金到位率", "≥90%", "95%"),
    ("完成检查企业数", "不少于300家", "312家"),
    ("举办培训场次", "≥30次", "30次"),
    ("办理业务量", "≥20000件", "20000件"),
    ("维修道路里程", "≥12公里", "12.5公里"),
    ("项目成本控制", "≤430万元", "4200000元"),
    ("群众投诉率", "≤5%", "3%"),
    ("资金拨付及时率", "90%以上", "100%"),
    ("设备完好率", "＞＝８５％", "９０％"),
    ("批次完成数", "4批次", "4批次"),
    ("季度报告", "四个季度", "4季度"),
    ("覆盖农户数", "≥1.5万户", "15000户"),
    ("样本合格率", "不低于95%", "98%"),
];

/// Deadlines and their completion dates (met).
const DEADLINES: &[(&str, &str, &str)] = &[
    ("项目完成时间", "2022年12月31日前", "2022年11月30日"),
    ("规划编制完成时间", "2022年底", "2022年10月"),
    ("验收时间", "预计2022年6月30日完成", "2022年6月20日"),
];

/// Qualitative targets, answered as achieved.
const QUALITATIVE: &[(&str, &str, &str)] = &[
    ("有效促进项目落地", "有效促进", "达成预期指标"),
    ("管理制度健全性", "健全", "完成"),
    ("资金使用合规性", "合规", "100%"),
    ("社会效益", "明显提升", "达成预期指标"),
    ("长效机制建设", "建立健全", "已完成"),
];

const SATISFACTION: &[(&str, &str, &str)] = &[
    ("服务对象满意度", "≥90%", "93%"),
    ("群众满意度", "≥85%", "92%"),
    ("企业满意度", "不低于90%", "95%"),
];

/// A mistake injected into a clean sheet, and the findings it draws (department, project).
#[derive(Clone, Copy)]
enum Mistake {
    TotalOff,
    Duplicate,
    Ocr,
    Unit,
    BlankActual,
    UnmetFull,
    Rate,
}

const MISTAKES: [Mistake; 7] = [
    Mistake::TotalOff,
    Mistake::Duplicate,
    Mistake::Ocr,
    Mistake::Unit,
    Mistake::BlankActual,
    Mistake::UnmetFull,
    Mistake::Rate,
];

impl Mistake {
    fn findings(self, department: bool) -> &'static [&'static str] {
        match self {
            Self::TotalOff => &["scores-sum"],
            Self::Duplicate => &["duplicate-indicator"],
            Self::Ocr => &["target-unparsed"],
            Self::Unit => &["unit-mismatch"],
            Self::BlankActual => &["placeholder-value"],
            Self::UnmetFull if department => &[
                "score-mismatch",
                "deviation-reason-missing",
                "deviation-mismatch",
            ],
            Self::UnmetFull => &["score-mismatch", "deviation-reason-missing"],
            Self::Rate => &["budget-rate"],
        }
    }
}

struct Row {
    level1: &'static str,
    level2: &'static str,
    name: String,
    target: String,
    actual: String,
    weight: u32,
}

/// Split `total` points over `n` rows: 1 each, the rest on the last.
fn weights(total: u32, n: usize) -> Vec<u32> {
    let n = n.max(1).min(total as usize);
    let mut w = vec![1; n];
    w[n - 1] = total - (n as u32 - 1);
    w
}

fn rows_for(rng: &mut Rng, department: bool) -> Vec<Row> {
    let plan: Vec<(&str, &str, u32, usize)> = if department {
        vec![
            (
                "投入管理指标",
                "预算和财务管理",
                20,
                8 + rng.below(8) as usize,
            ),
            (
                "产出指标",
                "重点工作任务完成",
                30,
                14 + rng.below(14) as usize,
            ),
            ("效益指标", "履职效益", 30, 12 + rng.below(14) as usize),
            ("满意度", "满意度", 10, 3 + rng.below(6) as usize),
        ]
    } else {
        vec![
            ("产出指标", "数量指标", 50, 20 + rng.below(18) as usize),
            ("效益指标", "社会效益指标", 30, 14 + rng.below(14) as usize),
            (
                "满意度指标",
                "服务对象满意度指标",
                10,
                3 + rng.below(6) as usize,
            ),
        ]
    };
    let mut rows = Vec::new();
    for (level1, level2, total, n) in plan {
        for weight in weights(total, n) {
            let pool: &[(&str, &str, &str)] = if level1.starts_with("满意度") {
                SATISFACTION
            } else {
                match rng.below(10) {
                    0..=5 => QUANTITATIVE,
                    6 => DEADLINES,
                    _ => QUALITATIVE,
                }
            };
            let (name, target, actual) = pool[rng.below(pool.len() as u64) as usize];
            rows.push(Row {
                level1,
                level2,
                // Numbered across the sheet, so that no two rows are the same indicator.
                name: format!("{name}（{}）", rows.len() + 1),
                target: target.to_string(),
                actual: actual.to_string(),
                weight,
            });
        }
    }
    rows
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One sheet as format sheet/1 YAML, with its mistake (if any) applied.
fn sheet_yaml(rng: &mut Rng, n: usize, department: bool, mistake: Option<Mistake>) -> String {
    let mut rows = rows_for(rng, department);
    let budget = 100 + rng.below(5000);
    let mut rate = "100".to_string();
    let mut total_claimed = 100;
    let quantitative =
        |r: &Row| QUANTITATIVE.iter().any(|(_, t, _)| r.target == *t) && r.target.contains('亩');
    match mistake {
        Some(Mistake::TotalOff) => total_claimed = 99,
        Some(Mistake::Rate) => rate = "98".to_string(),
        Some(Mistake::Duplicate) => {
            let (name, target, actual) = (
                rows[1].name.clone(),
                rows[1].target.clone(),
                rows[1].actual.clone(),
            );
            rows[2].name = name;
            rows[2].target = target;
            rows[2].actual = actual;
        }
        Some(m @ (Mistake::Ocr | Mistake::Unit | Mistake::BlankActual | Mistake::UnmetFull)) => {
            // A ≥…亩 row carries these; make one if the draw left none.
            let at = match rows.iter().position(quantitative) {
                Some(i) => i,
                None => {
                    rows[1].target = "≥500亩".to_string();
                    rows[1].actual = "520亩".to_string();
                    1
                }
            };
            match m {
                Mistake::Ocr => rows[at].target = "≥5O0亩".to_string(),
                Mistake::Unit => rows[at].actual = "520元".to_string(),
                Mistake::BlankActual => rows[at].actual = "/".to_string(),
                _ => rows[at].actual = "450亩".to_string(),
            }
        }
        None => {}
    }
    let kind = if department { "department" } else { "project" };
    let mut y = format!("format: sheet/1\nkind: {kind}\nyear: 2022\nentity: 语料单位{n:05}\n");
    if !department {
        y.push_str(&format!("project: 语料项目{n:05}\n"));
    }
    y.push_str(&format!(
        "budget:\n  unit: 万元\n  total: {{initial: {budget}, full_year: {budget}, executed: {budget}, weight: 10, rate: \"{rate}\", score: 10}}\n  sources:\n    - {{name: 当年财政拨款, initial: {budget}, full_year: {budget}, executed: {budget}}}\nindicators:\n"
    ));
    for r in &rows {
        let deviation = if department {
            ", deviation: \"0.00%\""
        } else {
            ""
        };
        y.push_str(&format!(
            "  - {{level1: {}, level2: {}, name: {}, target: {}, actual: {}, weight: {}, score: {}{deviation}}}\n",
            r.level1,
            r.level2,
            quoted(&r.name),
            quoted(&r.target),
            quoted(&r.actual),
            r.weight,
            r.weight
        ));
    }
    y.push_str(&format!("total: {{weight: 100, score: {total_claimed}}}\n"));
    y
}

/// Write `n` sheets into `dir` (a share `xlsx_share`% as workbooks, `mistake_share`% with one
/// injected mistake; with `bad`, a corrupt workbook and a file that is no sheet) and return
/// how many findings of each check the mistakes draw.
pub fn generate(
    dir: &Path,
    n: usize,
    xlsx_share: u64,
    mistake_share: u64,
    seed: u64,
    bad: bool,
) -> Result<BTreeMap<&'static str, usize>, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(seed.max(1));
    let mut injected: BTreeMap<&'static str, usize> = BTreeMap::new();
    for i in 0..n {
        let department = i % 2 == 0;
        let mistake = (rng.below(100) < mistake_share)
            .then(|| MISTAKES[rng.below(MISTAKES.len() as u64) as usize]);
        if let Some(m) = mistake {
            for rule in m.findings(department) {
                *injected.entry(rule).or_default() += 1;
            }
        }
        let text = sheet_yaml(&mut rng, i, department, mistake);
        let stem = format!(
            "{:05}-{}",
            i,
            if department { "department" } else { "project" }
        );
        if rng.below(100) < xlsx_share {
            let sheet = jixiao::sheet::read_yaml(&format!("{stem}.yaml"), &text)
                .map_err(|e| e.to_string())?;
            jixiao::sheet::write_xlsx(&[sheet], &dir.join(format!("{stem}.xlsx")))
                .map_err(|e| format!("{:?}", e.findings))?;
        } else {
            std::fs::write(dir.join(format!("{stem}.yaml")), text)?;
        }
    }
    if bad {
        std::fs::write(
            dir.join("99998-corrupt.xlsx"),
            b"PK\x03\x04 this workbook was cut short",
        )?;
        std::fs::write(dir.join("99999-readme.txt"), "说明：本目录为测试语料。")?;
    }
    Ok(injected)
}
