//! A dynamic library that is not a nianbao plugin: it exports a function,
//! but no `nianbao_plugin_entry_v1`. The host must refuse it by name.

/// Something a library might export.
pub extern "C" fn nianbao_not_a_plugin() -> i32 {
    7
}
