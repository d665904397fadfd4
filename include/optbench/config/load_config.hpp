#pragma once
// YAML config file -> ExperimentSpec, strictly: every bad value is an Error with its line.

#include <string>

#include "optbench/config/experiment_spec.hpp"

namespace optbench {

/// Reads and checks the config at `path`; throws Error with file, line, column and key path.
ExperimentSpec load_config(const std::string& path);

/// The same from text (`file` names it in messages).
ExperimentSpec parse_config(const std::string& text, const std::string& file);

}  // namespace optbench
