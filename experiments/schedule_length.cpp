#include "schedule_length.hpp"

#include "optbench/core/error.hpp"

namespace optbench {

void check_schedule_length(const OptimizerInstance& choice, std::int64_t steps,
                           const std::string& why) {
  const auto limit = schedule_step_limit(choice.schedule);
  if (!limit || steps <= limit->steps) return;
  const ScheduleSpec& spec = *limit->spec;
  const std::string key = spec.settings.integer("total_steps") > 0 ? "total_steps" : "epochs";
  throw Error(spec.location_of(key), join_key(spec.keypath, key),
              "OneCycleLR allows " + std::to_string(limit->steps) +
                  " scheduler steps here, but the run steps it " + std::to_string(steps) +
                  " times (" + why + "); torch raises 'Tried to step " +
                  std::to_string(limit->steps + 2) + " times'");
}

}  // namespace optbench
