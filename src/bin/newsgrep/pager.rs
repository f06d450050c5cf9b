//! Paging long output through `$PAGER` (default `less`, with `LESS=FRX` unless set:
//! quit if one screen, keep colours, leave the text on screen).

use anyhow::Context;
use std::io::{self, Write};
use std::process::{Command, Stdio};

/// Writes `text` through the pager; `false` when no pager could be started (the
/// caller prints the text itself).
pub fn page(text: &[u8]) -> anyhow::Result<bool> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".to_string());
    let mut command = if cfg!(windows) {
        let mut parts = pager.split_whitespace();
        let mut command = Command::new(parts.next().unwrap_or("more"));
        command.args(parts);
        command
    } else {
        let mut command = Command::new("sh");
        command.arg("-c").arg(&pager);
        command
    };
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.stdin(Stdio::piped()).spawn() else {
        return Ok(false);
    };
    if let Some(mut stdin) = child.stdin.take() {
        // Quitting the pager early closes the pipe: not an error.
        match stdin.write_all(text) {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
                return Err(err).context("writing to the pager");
            }
            _ => {}
        }
    }
    child.wait().context("waiting for the pager")?;
    Ok(true)
}
