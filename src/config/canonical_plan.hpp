#pragma once
// Private to src/config: the canonical text of an expanded plan, which the plan hash is taken of.

#include <string>

#include "optbench/config/run_plan.hpp"

namespace optbench {

/// Every field of the plan that decides a run's numbers or a result file's content, one
/// `name=value` line each, in a fixed order: numbers as their shortest round-trip text, settings
/// sorted by key, so the YAML's key order, flow or block style and number spelling never show.
/// Left out on purpose: the config's name, file and text, source locations, the tune: section
/// (a tuned config's two plans carry what it decides: seeds, validation, optimizers per problem)
/// and an expression's evaluator (compiled or interpreted: the machine's, not the config's).
std::string canonical_text(const RunPlan& plan);

}  // namespace optbench
