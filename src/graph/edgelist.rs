//! Edge-list files.
