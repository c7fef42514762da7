//! The run folder: tidy CSV files, the resolved scenario and a manifest,
//! each written to a temporary name in the folder and renamed when complete,
//! so no file ever looks complete when it is not.

pub mod csv_files;
pub mod folder;
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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
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
}
