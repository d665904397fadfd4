#pragma once
// The manifest.json of a plan's result folder: the build's facts (io/manifest.hpp) and the plan's.

#include "optbench/config/run_plan.hpp"
#include "optbench/io/manifest.hpp"

namespace optbench {

/// A manifest for `plan`, with this build's facts and the current time as start.
Manifest make_manifest(const RunPlan& plan, int shard_index, int shard_count);

}  // namespace optbench
