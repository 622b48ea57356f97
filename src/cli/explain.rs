//! `oncall explain`: what a diagnostic code means and how to fix it.

use oncall_as_code::diag::Code;

/// Explain a diagnostic code (e.g. OC201); without a code, list them all.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code such as OC201, or its name such as missing-playbook.
    code: Option<String>,
}

pub fn run(args: &Args) -> u8 {
    let Some(text) = &args.code else {
        for code in Code::ALL {
            println!(
                "{}  {:<8} {:<32} {}",
                code.as_str(),
                code.default_severity().as_str(),
                code.name(),
                code.summary()
            );
        }
        return 0;
    };
    match Code::parse(text) {
        Some(code) => {
            println!(
                "{} {} ({}, {} by default)\n",
                code.as_str(),
                code.name(),
                code.family().title(),
                code.default_severity().as_str()
            );
            println!("{}", code.explanation());
            0
        }
        None => super::fail(format!("unknown code `{text}`; `oncall explain` lists them all")),
    }
}
