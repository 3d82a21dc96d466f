//! The plugin author's side of nianbao's plugin ABI.
//!
//! A plugin is an ordinary [`Extractor`](nianbao_core::Extractor)
//! (implementing [`Default`]) in a
//! crate built as a `cdylib`; [`export_plugin!`] turns it into a dynamic
//! library the `nianbao` binary can load:
//!
//! ```
//! use nianbao_core::{Document, Extraction, Extractor};
//!
//! #[derive(Default)]
//! pub struct MyCity;
//!
//! impl Extractor for MyCity {
//!     fn id(&self) -> &str {
//!         "my-city"
//!     }
//!     fn score(&self, doc: &Document) -> f64 {
//!         if doc.compact().contains("我市特有的章节") { 0.98 } else { 0.0 }
//!     }
//!     fn extract(&self, doc: &Document) -> Extraction {
//!         Extraction::default()
//!     }
//! }
//!
//! nianbao_plugin_sdk::export_plugin!(MyCity);
//! ```
//!
//! What the macro provides: the entry point `nianbao_plugin_entry_v1` and its
//! static descriptor (id from
//! [`Extractor::id`](nianbao_core::Extractor::id), version from the crate's
//! `Cargo.toml` unless given), the `score` / `extract` / `release` shims,
//! `catch_unwind` around everything the plugin runs (a panic becomes an error
//! status with the panic message, never an unwind across the boundary), the
//! rebuilding of the [`Document`](nianbao_core::Document) from the source
//! text the host passes (with
//! [`Document::parse`](nianbao_core::Document::parse), so every span agrees with the host's), and the
//! extraction's JSON ([`to_json`]).
//!
//! What it does not do: check the plugin's output. The host does that, and
//! drops facts whose keys are outside `x.<id>.` and not canonical, or whose
//! evidence is not exactly the source under its span.
//!
//! A plugin must be built with unwinding panics (the default), or a panic
//! aborts the whole process. Only one exported plugin may be linked into a
//! binary (the entry point's name is fixed), so a crate compiled into the CLI
//! as a library should be the only plugin compiled in.

use nianbao_core::{Check, Evidence, Extraction, Meta, Value};
use serde::Serialize;

pub use nianbao_core;
pub use nianbao_plugin_abi as abi;

/// Why an extraction could not be serialised.
pub use serde_json::Error as SerializeError;

#[doc(hidden)]
pub mod __private;

/// The JSON a plugin hands the host for one extraction (the shape documented
/// in `nianbao-plugin-abi`).
pub fn to_json(extraction: &Extraction) -> Result<Vec<u8>, SerializeError> {
    #[derive(Serialize)]
    struct WireFact<'a> {
        key: &'a str,
        value: Value,
        evidence: &'a Evidence,
    }
    #[derive(Serialize)]
    struct WireExtraction<'a> {
        meta: &'a Meta,
        facts: Vec<WireFact<'a>>,
        checks: &'a [Check],
        warnings: &'a [String],
    }
    serde_json::to_vec(&WireExtraction {
        meta: &extraction.meta,
        facts: extraction
            .facts
            .iter()
            .map(|f| WireFact {
                key: &f.key,
                value: f.value,
                evidence: &f.evidence,
            })
            .collect(),
        checks: &extraction.checks,
        warnings: &extraction.warnings,
    })
}

/// Exports an [`Extractor`](nianbao_core::Extractor) as a nianbao plugin.
///
/// `export_plugin!(Type)` uses `Type::default()` as the one instance and the
/// crate's `CARGO_PKG_VERSION` as the plugin version;
/// `export_plugin!(Type, version = "1.2.3")` sets the version. Invoke it once
/// per library, in a crate whose `crate-type` includes `cdylib`.
#[macro_export]
macro_rules! export_plugin {
    ($ty:ty $(,)?) => {
        $crate::export_plugin!($ty, version = ::core::env!("CARGO_PKG_VERSION"));
    };
    ($ty:ty, version = $version:expr $(,)?) => {
        $crate::__export_plugin!($ty, $version, $crate::to_json, |_| {});
    };
}

/// The machinery behind [`export_plugin!`], with two hooks that only the
/// host's fault tests use: `$serialize` replaces [`to_json`] and `$tamper`
/// edits the descriptor before it is published.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_plugin {
    ($ty:ty, $version:expr, $serialize:expr, $tamper:expr) => {
        const _: () = {
            fn __instance() -> &'static $ty {
                static INSTANCE: ::std::sync::OnceLock<$ty> = ::std::sync::OnceLock::new();
                INSTANCE.get_or_init(<$ty as ::core::default::Default>::default)
            }

            unsafe extern "C" fn __score(
                input: *const $crate::abi::DocumentInput,
                score: *mut f64,
                message: *mut $crate::abi::OutputBuffer,
            ) -> $crate::abi::Status {
                // SAFETY: the pointers come unchanged from the host, which
                // upholds the ABI contract of `score` for them.
                unsafe { $crate::__private::score(__instance, input, score, message) }
            }

            unsafe extern "C" fn __extract(
                input: *const $crate::abi::DocumentInput,
                output: *mut $crate::abi::OutputBuffer,
            ) -> $crate::abi::Status {
                // SAFETY: the pointers come unchanged from the host, which
                // upholds the ABI contract of `extract` for them.
                unsafe { $crate::__private::extract(__instance, $serialize, input, output) }
            }

            /// The plugin's entry point (nianbao plugin ABI 1).
            // SAFETY: the name is nianbao's own and the macro is invoked once
            // per library, so no other symbol of the program has it.
            #[unsafe(no_mangle)]
            pub extern "C" fn nianbao_plugin_entry_v1() -> *const $crate::abi::PluginDescriptor {
                static DESCRIPTOR: ::std::sync::OnceLock<$crate::abi::PluginDescriptor> =
                    ::std::sync::OnceLock::new();
                $crate::__private::entry(
                    &DESCRIPTOR,
                    __instance,
                    $version,
                    __score,
                    __extract,
                    $tamper,
                )
            }
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::{Document, Fact, SourceFormat, Span};

    #[track_caller]
    fn check(extraction: &Extraction, expected: &str) {
        let json = to_json(extraction).map(String::from_utf8);
        assert!(matches!(json, Ok(Ok(ref s)) if s == expected), "{json:?}");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let doc = Document::parse(
            "共召开新闻发布会5次".to_string(),
            SourceFormat::Text,
            "utf-8",
        );
        let mut x = Extraction::default();
        x.meta.year = Some(2018);
        x.facts
            .push(Fact::new(&doc, "x.a.b", Value::Int(5), Span::new(24, 25)));
        x.facts.push(Fact::new(
            &doc,
            "x.a.c",
            Value::Decimal(1.5),
            Span::new(24, 25),
        ));
        x.warnings.push("w".to_string());
        check(
            &x,
            r#"{"meta":{"title":null,"agency":null,"year":2018,"published":null},"facts":[{"key":"x.a.b","value":5,"evidence":{"start":24,"end":25,"text":"5"}},{"key":"x.a.c","value":1.5,"evidence":{"start":24,"end":25,"text":"5"}}],"checks":[],"warnings":["w"]}"#,
        );
        check(
            &Extraction::default(),
            r#"{"meta":{"title":null,"agency":null,"year":null,"published":null},"facts":[],"checks":[],"warnings":[]}"#,
        );
    }
}
