//! `scheme check`: the lints that look at a scheme's rules as a whole.

use assert_cmd::Command;
use jixiao::scheme;

fn henan_with(edits: &[(&str, &str)]) -> String {
    let mut text = scheme::bundled_source("henan-2022-department")
        .unwrap()
        .to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

fn lint(text: &str) -> Vec<jixiao::diagnostic::Finding> {
    scheme::lint(&scheme::load_str("s.yaml", text).unwrap())
}

#[test]
fn bundled_schemes_lint_without_errors() {
    for id in scheme::bundled_ids() {
        let found = lint(scheme::bundled_source(id).unwrap());
        assert!(
            found
                .iter()
                .all(|f| f.severity != jixiao::diagnostic::Severity::Error),
            "{id}: {found:#?}"
        );
    }
    // The one warning: 预算调整率 divides by 年初预算数, which a unit funded during the year has at 0.
    let found = lint(scheme::bundled_source("henan-2022-department").unwrap());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "scheme-zero-divisor");
    assert!(
        found[0]
            .message
            .zh
            .contains("“预算调整率”的公式除以“年初预算数”")
    );
    let text = scheme::bundled_source("henan-2022-department").unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("formula: (全年预算数 − 年初预算数) ÷ 年初预算数"))
        .unwrap()
        + 1;
    assert!(matches!(found[0].pos, jixiao::diagnostic::Pos::Text { line: l, .. } if l == line));
    assert_eq!(
        &"(全年预算数 − 年初预算数) ÷ 年初预算数"[found[0].span.clone().unwrap()],
        "年初预算数"
    );
}

#[test]
fn overlapping_bands_are_named_with_both_lines() {
    let text = henan_with(&[
        (
            "{name: 达成, min: 80%, max: 100%, max_inclusive: true}",
            "{name: 达成, min: 80%, max: 90%, max_inclusive: true}",
        ),
        (
            "{name: 部分达成, min: 60%, max: 80%}",
            "{name: 部分达成, min: 85%, max: 95%, max_inclusive: true}",
        ),
    ]);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (a, b) = (line_of("{name: 达成,"), line_of("{name: 部分达成,"));
    let found = lint(&text);
    let overlap: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "scheme-band-overlap")
        .collect();
    assert_eq!(overlap.len(), 1, "{found:#?}");
    assert_eq!(
        overlap[0].message.zh,
        format!(
            "档次“部分达成” [85.00%, 95.00%]（第 {b} 行）与“达成” [80.00%, 90.00%]（第 {a} 行）重叠"
        )
    );
    assert!(matches!(overlap[0].pos, jixiao::diagnostic::Pos::Text { line, .. } if line == b));
    // Moving 部分达成 up leaves 60%–80% in no band.
    assert!(
        found
            .iter()
            .any(|f| f.rule == "scheme-band-gap" && f.message.zh.contains("60.00%–80.00%")),
        "{found:#?}"
    );
}

#[test]
fn weights_grades_and_caps() {
    let text = scheme::bundled_source("mof-2020-project")
        .unwrap()
        .replacen("    weight: 50", "    weight: 40", 1)
        .replacen("{grade: 良, min: 80}", "{grade: 良, min: 90}", 1)
        .replacen("{grade: 差, min: 0}", "{grade: 差, min: 10}", 1)
        .replacen("    threshold: 130%", "    threshold: 100%", 1);
    let found = lint(&text);
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_ref()).collect();
    assert!(rules.contains(&"scheme-weights-sum"), "{rules:?}");
    assert!(
        found
            .iter()
            .any(|f| f.message.zh.contains("合计 90，不等于总分 100")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.message.zh.contains("等级“良”与“优”的下限都是 90")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.message.zh.contains("低于 10 分的总分没有等级")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.message.zh.contains("超额阈值 100.00% 不高于 100%")),
        "{found:#?}"
    );
    let caps = scheme::bundled_source("province-2024-project")
        .unwrap()
        .replacen(
            "{name: 执行率60%-70%, min: 60%, max: 70%, cap: 79}",
            "{name: 执行率60%-75%, min: 60%, max: 75%, cap: 79}",
            1,
        );
    let child = format!(
        "{}\n",
        caps.replace(
            "extends: mof-2020-project",
            &format!(
                "extends: {}",
                std::fs::canonicalize("schemes/mof-2020-project.yaml")
                    .unwrap()
                    .display()
            )
        )
    );
    let found = lint(&child);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "scheme-band-overlap" && f.message.zh.contains("执行率60%-75%")),
        "{found:#?}"
    );
}

#[test]
fn the_command_exits_by_what_it_found() {
    let ok = Command::cargo_bin("jixiao")
        .unwrap()
        .args([
            "scheme",
            "check",
            "mof-2020-project",
            "schemes/henan-2022-department.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        String::from_utf8(ok.stdout)
            .unwrap()
            .contains("mof-2020-project：0 个错误，0 个警告")
    );
    let dir = std::env::temp_dir().join(format!("jixiao-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        henan_with(&[(
            "{name: 部分达成, min: 60%, max: 80%}",
            "{name: 部分达成, min: 70%, max: 80%}",
        )]),
    )
    .unwrap();
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["scheme", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("60.00%–70.00% 不属于任何档")
    );
    std::fs::write(&bad, "id: x\nextends: x.yaml\n").unwrap();
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["scheme", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
