//! The run folder: tidy CSV files, the resolved scenario and a manifest,
//! each written to a temporary name in the folder and renamed when complete,
//! so no file ever looks complete when it is not.

pub mod columns;
pub mod csv_files;
pub mod folder;
pub mod graphml;
pub mod manifest;
pub mod ownership;

/// Formats a value for CSV: shortest text that reads back to the same f64,
/// integers without a decimal point, and an empty field for NaN.
pub fn number(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        format!("{v}")
    }
}

/// FNV-1a 64-bit hash, hex: a stable fingerprint of a text (the resolved
/// scenario, a resolved sweep). Not cryptographic; it identifies, it does not protect.
pub fn fingerprint(text: &str) -> String {
    let mut h = Fnv::default();
    h.write(text.as_bytes());
    h.hex()
}

/// The FNV-1a 64-bit hash fed in pieces (a file read in blocks).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Feeds `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash so far, as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The fingerprint of a file's bytes, `fnv1a64:` and 16 hex digits: how a
/// scenario pins the edge list it runs on.
pub fn file_fingerprint(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut h = Fnv::default();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        h.write(&block[..n]);
    }
    Ok(format!("fnv1a64:{}", h.hex()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_tidy() {
        assert_eq!(number(5.0), "5");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(-2.5e-7), "-0.00000025");
        assert_eq!(number(1.0 / 3.0).parse::<f64>().unwrap(), 1.0 / 3.0);
    }

    #[test]
    fn fingerprints_are_fnv1a_64() {
        // Published test vectors of FNV-1a 64.
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
        assert_eq!(fingerprint("foobar"), "85944171f73967e8");
        let path = std::env::temp_dir().join(format!("sesame-fnv-{}", std::process::id()));
        std::fs::write(&path, vec![b'a'; 200_000]).unwrap();
        let mut h = Fnv::default();
        h.write(&vec![b'a'; 200_000]);
        assert_eq!(
            file_fingerprint(&path).unwrap(),
            format!("fnv1a64:{}", h.hex())
        );
        std::fs::remove_file(&path).unwrap();
    }
}
