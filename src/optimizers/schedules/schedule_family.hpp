#pragma once
// One schedule name as the catalogue knows it: its arguments, the rules between them and how to
// build its scheduler. Each scheduler file defines the families of its classes; the catalogue
// (schedule_catalogue.cpp) lists them, one line each.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "optbench/core/setting.hpp"
#include "optbench/optimizers/schedule_spec.hpp"
#include "scheduler.hpp"

namespace optbench::schedules {

/// Everything about one schedule name.
struct ScheduleFamily {
  std::string name;
  std::vector<ParamSpec> params;      ///< torch's arguments, defaults written out
  std::vector<std::string> required;  ///< arguments torch has no default for
  bool composite = false;             ///< holds `schedulers`
  ScheduleInterval interval = ScheduleInterval::step;
  /// Rules between complete settings and on the members; throws Error(key, message).
  std::function<void(const Settings&, const std::vector<ScheduleSpec>&)> check;
  /// The scheduler of a checked spec on `group`, its members already built (composites).
  std::function<std::unique_ptr<Scheduler>(const ScheduleSpec&, ParamGroup&,
                                           std::vector<std::unique_ptr<Scheduler>>)>
      make;
};

/// Every family, in documentation order.
const std::vector<ScheduleFamily>& schedule_families();
/// The family of a canonical name; nullptr when there is none.
const ScheduleFamily* find_family(const std::string& name);

// The families each scheduler file defines.
ScheduleFamily none_family();
ScheduleFamily lambda_family();
ScheduleFamily multiplicative_family();
ScheduleFamily step_family();
ScheduleFamily multistep_family();
ScheduleFamily exponential_family();
ScheduleFamily constant_family();
ScheduleFamily linear_family();
ScheduleFamily polynomial_family();
ScheduleFamily cosine_family();
ScheduleFamily warm_restarts_family();
ScheduleFamily one_cycle_family();
ScheduleFamily cyclic_family();
ScheduleFamily plateau_family();
ScheduleFamily sequential_family();
ScheduleFamily chained_family();

// Argument declarations the families share.
ParamSpec real_arg(std::string name, double value, double min, std::string help,
                   bool min_open = false);
ParamSpec real_in(std::string name, double value, double min, double max, bool min_open,
                  bool max_open, std::string help);
ParamSpec int_arg(std::string name, std::int64_t value, double min, std::string help);
ParamSpec list_arg(std::string name, double min, std::string help);

/// `key` of `settings` as whole numbers; throws Error(key, ...) for a fraction.
std::vector<std::int64_t> whole_numbers(const Settings& settings, const std::string& key);

}  // namespace optbench::schedules
