//! Architecture invariants checked mechanically: `src/` libraries know nothing of glommio or
//! `shards/`; every crate opens with a `//!` header; no stub macros anywhere.

use crate::harness::repo_root;
use std::fs;
use std::path::{Path, PathBuf};

fn crate_dirs(group: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(repo_root().join(group))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

fn dependencies(manifest: &Path) -> Vec<String> {
    let text = fs::read_to_string(manifest).unwrap();
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps {
            if let Some((name, _)) = line.split_once(['=', '.']) {
                deps.push(name.trim().to_string());
            }
        }
    }
    deps
}

#[test]
fn src_libraries_do_not_depend_on_the_runtime_or_shards() {
    let shard_crates: Vec<String> = crate_dirs("shards")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for dir in crate_dirs("src") {
        if dir.ends_with("broker") {
            continue; // the composition root wires everything together
        }
        for dep in dependencies(&dir.join("Cargo.toml")) {
            assert_ne!(dep, "glommio", "{} depends on glommio", dir.display());
            assert!(
                !shard_crates.contains(&dep),
                "{} depends on shards/{dep}",
                dir.display()
            );
        }
    }
}

#[test]
fn every_crate_opens_with_a_header_and_has_no_stubs() {
    for dir in crate_dirs("src").into_iter().chain(crate_dirs("shards")) {
        let root = if dir.join("src/lib.rs").exists() {
            dir.join("src/lib.rs")
        } else {
            dir.join("src/main.rs")
        };
        let text = fs::read_to_string(&root).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not open with a //! header",
            root.display()
        );
        check_no_stubs(&dir.join("src"));
    }
}

fn check_no_stubs(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            check_no_stubs(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            // Spelled in pieces so this file does not match itself.
            for stub in [concat!("todo", "!("), concat!("unimplemented", "!(")] {
                assert!(!text.contains(stub), "{} contains {stub}", path.display());
            }
        }
    }
}
