//! The `sesame` binary: parse the command line, run, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = sesame::cli::Cli::parse();
    if let Err(e) = sesame::cli::main(cli) {
        for line in e.to_string().lines() {
            eprintln!("error: {line}");
        }
        std::process::exit(e.exit_code());
    }
}
