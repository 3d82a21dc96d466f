//! The nianbao command line as a library: reading files into records, the
//! batch driver, writers and evaluation against gold files.

use nianbao_core::Registry;

/// A registry with every built-in extractor.
pub fn builtin_registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    r.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    r.register(Box::new(nianbao_extractor_free_form::FreeForm));
    r
}
