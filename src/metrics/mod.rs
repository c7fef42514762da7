//! Measures of a society and its friendship graph (MODEL.md §5).
pub mod inequality;
