//! End-to-end cases of the `oncall` binary, run by trycmd. A case is `tests/cmd/<case>.toml`
//! (the arguments, the exit code, `fs.sandbox = true` when the command may write) beside the
//! expected `<case>.stdout` and `<case>.stderr` and, when it needs a repository of its own,
//! a `<case>.in/` folder: trycmd runs the command there (in a scratch copy when sandboxed).
//! Each case has its own copy, so changing one case's repository moves no other snapshot.
//! Cases on the example team set `fs.cwd = "../fixtures/example"` (its copy; never the
//! repository root's, see tests/independent.rs); those that need no repository set
//! `fs.cwd = "."`. Adding a case is adding files.
//! `ONCALL_BLESS=1 cargo test --test cli` (or `TRYCMD=overwrite`) rewrites the expected output.

#[test]
fn cli_cases() {
    if std::env::var_os("ONCALL_BLESS").is_some_and(|v| !v.is_empty()) {
        // SAFETY: this is the only test in this binary, and it sets the variable before
        // trycmd reads it or starts its worker threads: no other thread reads or writes the
        // environment meanwhile.
        unsafe { std::env::set_var("TRYCMD", "overwrite") };
    }
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
