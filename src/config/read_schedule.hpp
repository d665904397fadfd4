#pragma once
// Reads an optimizer entry's `schedule:` map into a typed ScheduleSpec, once: torch's names and
// the older spellings, every value checked where it was written.

#include "optbench/optimizers/schedule_spec.hpp"
#include "yaml_node.hpp"

namespace optbench {

/// The schedule of `node`; `outermost` is false for a member of SequentialLR or
/// ChainedScheduler (which has no `interval` of its own). Fails at the offending key.
ScheduleSpec read_schedule(const yaml::Node& node, bool outermost = true);

}  // namespace optbench
