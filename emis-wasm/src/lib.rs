//! WASM bindings (in progress).
