#pragma once
// C source -> a shared object built by the system C compiler and loaded with dlopen, cached per
// source in the user's cache folder ($XDG_CACHE_HOME/optbench/expressions, else
// ~/.cache/optbench/expressions), never beside results.

#include <optional>
#include <string>
#include <vector>

namespace optbench::expression {

/// A generated function: see c_function.
using NativeFunction = double (*)(const double* x, double* out);

/// The folder compiled expressions are cached in; empty when neither XDG_CACHE_HOME nor HOME is
/// set.
std::string expression_cache_folder();

/// The C compiler used: $CC, else cc.
std::string c_compiler();

/// Loads `symbols` from the shared object built from `source` (compiled on first use, then taken
/// from the cache). nullopt, with the reason in `why`, when there is no compiler, no cache folder,
/// or the compilation fails.
std::optional<std::vector<NativeFunction>> load_native(const std::string& source,
                                                       const std::vector<std::string>& symbols,
                                                       std::string& why);

}  // namespace optbench::expression
