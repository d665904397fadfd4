#pragma once
// Learning-rate schedules with torch.optim.lr_scheduler's meanings, stepped once per optimizer
// step, optionally after a linear warm-up.

#include <cstdint>
#include <string>
#include <vector>

#include "optbench/core/setting.hpp"

namespace optbench {

/// A schedule: constant, step {step_size, gamma}, exponential {gamma}, cosine {t_max, eta_min},
/// each with an optional linear warm-up {warmup_steps, start_factor}.
struct LrScheduleSpec {
  std::string name = "constant";
  std::int64_t step_size = 1;
  double gamma = 0.1;
  std::int64_t t_max = 1;
  double eta_min = 0.0;
  std::int64_t warmup_steps = 0;
  double start_factor = 1.0 / 3.0;
};

/// The schedule names.
const std::vector<std::string>& schedule_names();

/// The keys a schedule of `name` accepts (name itself excluded), with defaults and ranges.
std::vector<ParamSpec> schedule_params(const std::string& name);

/// The spec from checked settings (keys of schedule_params(name)).
LrScheduleSpec make_schedule_spec(const std::string& name, const Settings& settings);

/// A canonical one-line text of the spec ("cosine t_max=25 eta_min=0.001"), which is its
/// runs.csv cell and reads back with parse_schedule.
std::string to_text(const LrScheduleSpec& spec);
LrScheduleSpec parse_schedule(const std::string& text);

/// lr(t) for a base learning rate: the lr in force for the update after t steps.
class LrSchedule {
 public:
  LrSchedule(const LrScheduleSpec& spec, double base_lr);
  double lr_at(std::int64_t step) const;

 private:
  double after_warmup(std::int64_t step) const;
  LrScheduleSpec spec_;
  double base_lr_;
};

}  // namespace optbench
