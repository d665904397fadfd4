#pragma once
// Facts about this build that manifest.json records.

#include <string_view>

namespace optbench {

/// Compile-time facts about this build of optbench.
struct BuildInfo {
  std::string_view version;
  std::string_view git_revision;
  std::string_view compiler;
  std::string_view flags;
  std::string_view build_type;
};

/// The facts of the running binary.
const BuildInfo& build_info();

}  // namespace optbench
