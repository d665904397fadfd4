#pragma once
// Readers of a tuned config: `tune:` and the search spaces written on optimizer keys. Private to
// src/config/.

#include "optbench/config/experiment_spec.hpp"
#include "yaml_node.hpp"

namespace optbench {

/// Whether `node` is written as a search space ({uniform: ...}, {log_uniform: ...}, ...): a map.
bool is_search_space(const yaml::Node& node);

/// A search space on key `spec.name`; every value it can give is checked against the spec's type
/// and range where it was written.
SearchSpace read_search_space(const yaml::Node& node, const ParamSpec& spec);

/// `tune:`.
TuneSpec read_tune(const yaml::Node& node);

/// Once the whole file is read: with tune:, a list on an optimizer key becomes a search space
/// (its grid values); without it, a search space is an error. Also checks tune: against the
/// data: section.
void finish_tuned_config(ExperimentSpec& spec);

}  // namespace optbench
