//! The `sesame` binary: parse the command line, run, map errors to exit codes.
//! The command line itself lives here, in [`cli`], not in the library: the
//! library never prints.

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    if let Err(e) = cli::main(cli) {
        for line in e.to_string().lines() {
            eprintln!("error: {line}");
        }
        std::process::exit(e.exit_code());
    }
}
