//! End-to-end cases of the `oncall` binary: `tests/cmd/<case>.toml` gives the arguments,
//! the working directory (a fixture repository under `tests/fixtures/`), the exit code and
//! the expected output. Adding a case is adding files. `TRYCMD=overwrite cargo test` blesses.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
