#pragma once
// A run must not step a schedule past what it allows (torch's OneCycleLR raises past
// total_steps): checked before anything runs, at the key that sets the limit.

#include <cstdint>
#include <string>

#include "optbench/config/run_plan.hpp"

namespace optbench {

/// Throws Error at the OneCycleLR's total_steps (or epochs) when the schedule of `choice`
/// would step `steps` times, more than it allows; `why` says where that number comes from.
void check_schedule_length(const OptimizerInstance& choice, std::int64_t steps,
                           const std::string& why);

}  // namespace optbench
