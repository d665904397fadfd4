// One line per schedule name: the catalogue the config reader, `optbench list` and the docs test
// iterate, in documentation order.

#include <cmath>
#include <limits>

#include "optbench/core/error.hpp"
#include "schedule_family.hpp"

namespace optbench::schedules {

const std::vector<ScheduleFamily>& schedule_families() {
  static const std::vector<ScheduleFamily> families{
      none_family(),       lambda_family(),      multiplicative_family(), step_family(),
      multistep_family(),  exponential_family(), constant_family(),       linear_family(),
      polynomial_family(), cosine_family(),      warm_restarts_family(),  one_cycle_family(),
      cyclic_family(),     plateau_family(),     sequential_family(),     chained_family(),
  };
  return families;
}

const ScheduleFamily* find_family(const std::string& name) {
  for (const auto& f : schedule_families()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::unique_ptr<Scheduler> build_scheduler(const ScheduleSpec& spec, ParamGroup& group) {
  const ScheduleFamily* family = find_family(spec.name);
  if (family == nullptr) throw Error(spec.where, spec.keypath, "unknown schedule " + spec.name);
  // A torch user builds the members first, each on the same optimizer, in list order.
  std::vector<std::unique_ptr<Scheduler>> members;
  for (const auto& member : spec.members) members.push_back(build_scheduler(member, group));
  return family->make(spec, group, std::move(members));
}

ParamSpec real_arg(std::string name, double value, double min, std::string help, bool min_open) {
  return number_param(std::move(name), SettingType::Real, value, min,
                      std::numeric_limits<double>::infinity(), std::move(help), min_open);
}

ParamSpec real_in(std::string name, double value, double min, double max, bool min_open,
                  bool max_open, std::string help) {
  return number_param(std::move(name), SettingType::Real, value, min, max, std::move(help),
                      min_open, max_open);
}

ParamSpec int_arg(std::string name, std::int64_t value, double min, std::string help) {
  return number_param(std::move(name), SettingType::Integer, value, min,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

ParamSpec list_arg(std::string name, double min, std::string help) {
  return number_param(std::move(name), SettingType::RealList, std::vector<double>{}, min,
                      std::numeric_limits<double>::infinity(), std::move(help));
}

std::vector<std::int64_t> whole_numbers(const Settings& settings, const std::string& key) {
  std::vector<std::int64_t> out;
  for (const double v : settings.list(key)) {
    // Epoch numbers beyond 2^53 are not exact doubles, and no run is that long.
    if (v != std::floor(v) || std::abs(v) > 9007199254740992.0) {
      throw Error(key, "epochs are whole numbers");
    }
    out.push_back(static_cast<std::int64_t>(v));
  }
  return out;
}

}  // namespace optbench::schedules
