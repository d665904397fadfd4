#pragma once
// Loads plugin libraries (optbench/plugin.hpp) into the running program: dlopen, the version and
// ABI check, then the library's registration. Registrations are process-wide and a loaded
// library stays loaded (its functions are in the registries) until the process ends.

#include <string>
#include <vector>

namespace optbench {

/// Loads the plugin at `path` and runs its registration, once per file (a second load of the
/// same file does nothing). Throws Error (no location: the caller knows where the path was
/// written) when the file is missing, is not a loadable library, lacks the plugin symbols, was
/// built for another optbench version or ABI, or registers a taken name. Returns the file's
/// absolute path.
std::string load_plugin(const std::string& path);

/// Turns loading on (the default) or off; while off, load_plugin throws Error before it touches
/// the file. For programs that read untrusted configs, such as the config fuzzer, where a
/// `plugins:` entry could name any library on the machine.
void set_plugin_loading(bool enabled);

/// The absolute paths of the plugins loaded so far, in load order.
const std::vector<std::string>& loaded_plugins();

}  // namespace optbench
