#pragma once
// What a plugin library exports so that `optbench --plugin LIB.so` (or `plugins:` in a config)
// can load it: one line, OPTBENCH_PLUGIN(fn), where fn registers the library's additions
// (register_optimizer, register_function, register_dataset). The symbols are C functions, so
// their names do not depend on the compiler's C++ name mangling, and they carry the optbench
// version and plugin ABI the library was compiled against, checked before fn runs.

#include "optbench/core/version.hpp"

/// The plugin interface's version: a loader refuses a library of another one.
#define OPTBENCH_PLUGIN_ABI 1

extern "C" {
/// The optbench version the plugin was compiled against (OPTBENCH_VERSION).
const char* optbench_plugin_version(void);
/// The plugin ABI it was compiled against (OPTBENCH_PLUGIN_ABI).
int optbench_plugin_abi(void);
/// Registers the plugin's additions; throws optbench::Error when a name is taken.
void optbench_register_plugin(void);
}

/// Defines the three exported functions of a plugin; `register_fn` is a `void()` function that
/// registers the plugin's optimizers, functions and data sets. Write it once, at namespace scope.
#define OPTBENCH_PLUGIN(register_fn)                                                            \
  extern "C" __attribute__((visibility("default"))) const char* optbench_plugin_version(void) { \
    return OPTBENCH_VERSION;                                                                    \
  }                                                                                             \
  extern "C" __attribute__((visibility("default"))) int optbench_plugin_abi(void) {             \
    return OPTBENCH_PLUGIN_ABI;                                                                 \
  }                                                                                             \
  extern "C" __attribute__((visibility("default"))) void optbench_register_plugin(void) {       \
    register_fn();                                                                              \
  }
