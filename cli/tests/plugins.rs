//! End to end: the example plugin built as a dynamic library, loaded by the
//! `nianbao` binary with `--plugin` and through `NIANBAO_PLUGIN_PATH`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

/// A workspace cdylib, built next to this test binary (it is a dev-dependency).
fn library(name: &str) -> PathBuf {
    nianbao_test_support::built_library(name)
        .unwrap_or_else(|| panic!("the dynamic library of {name} was not built"))
}

fn fixtures() -> PathBuf {
    nianbao_test_support::fixture("")
}

fn nianbao() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.env_remove("NIANBAO_PLUGIN_PATH");
    cmd
}

fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn loaded_plugin_takes_part_in_dispatch_and_wins_only_its_template() {
    let lib = library("nianbao_plugin_qingdao_2018");
    let out = nianbao()
        .arg("--plugin")
        .arg(&lib)
        .arg("convert")
        .arg(fixtures())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = records(&out.stdout);
    assert!(records.len() >= 18);
    let mut winners = Vec::new();
    for r in &records {
        let dispatch = r["dispatch"].as_array().unwrap();
        assert!(
            dispatch.iter().any(|d| d["extractor"] == "qingdao-2018"),
            "qingdao-2018 missing from dispatch of {}",
            r["source"]["path"]
        );
        if r["template"] == "qingdao-2018" {
            winners.push(r["source"]["path"].as_str().unwrap().to_string());
            assert_eq!(r["facts"]["x.qingdao-2018.press_conferences"], 5);
            assert_eq!(
                r["evidence"]["x.qingdao-2018.press_conferences"]["text"],
                "5"
            );
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert!(winners[0].ends_with("seeds/004_7b368c547beea769.txt"));
}

#[test]
fn plugin_path_discovery_and_list() {
    let lib = library("nianbao_plugin_qingdao_2018");
    let out = nianbao()
        .env("NIANBAO_PLUGIN_PATH", lib.parent().unwrap())
        .args(["plugins", "list"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("qingdao-2018\t"))
        .unwrap_or_else(|| panic!("no qingdao line in {stdout}"));
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields[1], env!("CARGO_PKG_VERSION"));
    assert_eq!(fields[2], "abi 1.0");
    assert!(fields[3].ends_with(lib.file_name().unwrap().to_str().unwrap()));
    assert_eq!(fields[4], "ok");
}

#[test]
fn a_file_that_is_not_a_plugin_is_one_error_line_and_the_batch_goes_on() {
    let bad = library("nianbao_test_plugin_no_entry");
    let out = nianbao()
        .arg("--plugin")
        .arg(&bad)
        .arg("convert")
        .arg(fixtures().join("seeds/000_6fb4234531f000d2.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("nianbao_plugin_entry_v1"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains(bad.file_name().unwrap().to_str().unwrap()));
    assert_eq!(records(&out.stdout).len(), 1);

    let list = nianbao()
        .arg("--plugin")
        .arg(&bad)
        .args(["plugins", "list"])
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&list.stdout).contains("error: "));
}
