#include "optbench/optimizers/lr_schedule.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

#include "optbench/core/error.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

ParamSpec spec(std::string name, SettingType type, Setting value, double min, bool min_open,
               double max, std::string help) {
  return number_param(std::move(name), type, std::move(value), min, max, std::move(help), min_open);
}

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

const std::vector<std::string>& schedule_names() {
  static const std::vector<std::string> names{"constant", "step", "exponential", "cosine"};
  return names;
}

std::vector<ParamSpec> schedule_params(const std::string& name) {
  std::vector<ParamSpec> out;
  if (name == "step") {
    out.push_back(spec("step_size", SettingType::Integer, std::int64_t{10}, 1.0, false, kInf,
                       "steps between decays"));
    out.push_back(spec("gamma", SettingType::Real, 0.1, 0.0, true, kInf, "decay factor"));
  } else if (name == "exponential") {
    out.push_back(spec("gamma", SettingType::Real, 0.99, 0.0, true, kInf, "decay factor per step"));
  } else if (name == "cosine") {
    out.push_back(spec("t_max", SettingType::Integer, std::int64_t{100}, 1.0, false, kInf,
                       "half period in steps"));
    out.push_back(spec("eta_min", SettingType::Real, 0.0, 0.0, false, kInf, "lowest lr"));
  }
  out.push_back(spec("warmup_steps", SettingType::Integer, std::int64_t{0}, 0.0, false, kInf,
                     "linear warm-up steps before the schedule starts"));
  out.push_back(spec("start_factor", SettingType::Real, 1.0 / 3.0, 0.0, true, 1.0,
                     "warm-up starts at start_factor * lr"));
  return out;
}

LrScheduleSpec make_schedule_spec(const std::string& name, const Settings& s) {
  LrScheduleSpec out;
  out.name = name;
  const Settings full = complete_settings(schedule_params(name), s);
  if (name == "step") {
    out.step_size = full.integer("step_size");
    out.gamma = full.real("gamma");
  } else if (name == "exponential") {
    out.gamma = full.real("gamma");
  } else if (name == "cosine") {
    out.t_max = full.integer("t_max");
    out.eta_min = full.real("eta_min");
  }
  out.warmup_steps = full.integer("warmup_steps");
  out.start_factor = full.real("start_factor");
  return out;
}

std::string to_text(const LrScheduleSpec& s) {
  std::string out = s.name;
  if (s.name == "step") {
    out += " step_size=" + std::to_string(s.step_size) + " gamma=" + format_number(s.gamma);
  } else if (s.name == "exponential") {
    out += " gamma=" + format_number(s.gamma);
  } else if (s.name == "cosine") {
    out += " t_max=" + std::to_string(s.t_max) + " eta_min=" + format_number(s.eta_min);
  }
  if (s.warmup_steps > 0) {
    out += " warmup_steps=" + std::to_string(s.warmup_steps) +
           " start_factor=" + format_number(s.start_factor);
  }
  return out;
}

LrScheduleSpec parse_schedule(const std::string& text) {
  std::istringstream in(text);
  std::string name;
  in >> name;
  Settings settings;
  std::string pair;
  while (in >> pair) {
    const auto eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = pair.substr(eq + 1);
    if (key == "step_size" || key == "t_max" || key == "warmup_steps") {
      settings.set(key, static_cast<std::int64_t>(std::stoll(value)));
    } else {
      settings.set(key, std::stod(value));
    }
  }
  return make_schedule_spec(name, settings);
}

LrSchedule::LrSchedule(const LrScheduleSpec& spec, double base_lr)
    : spec_(spec), base_lr_(base_lr) {}

double LrSchedule::after_warmup(std::int64_t t) const {
  const double lr = base_lr_;
  if (spec_.name == "step") {
    const std::int64_t drops = t / spec_.step_size;  // torch's StepLR: whole periods only
    return lr * std::pow(spec_.gamma, static_cast<double>(drops));
  }
  if (spec_.name == "exponential") return lr * std::pow(spec_.gamma, static_cast<double>(t));
  if (spec_.name == "cosine") {
    // CosineAnnealingLR's closed form; past t_max it keeps following the cosine, as torch's does.
    const double phase =
        std::numbers::pi * static_cast<double>(t) / static_cast<double>(spec_.t_max);
    return spec_.eta_min + (lr - spec_.eta_min) * (1.0 + std::cos(phase)) / 2.0;
  }
  return lr;
}

double LrSchedule::lr_at(std::int64_t t) const {
  if (t < spec_.warmup_steps) {
    // LinearLR from start_factor to 1 over warmup_steps, then the schedule restarted
    // (SequentialLR).
    const double factor = spec_.start_factor + (1.0 - spec_.start_factor) * static_cast<double>(t) /
                                                   static_cast<double>(spec_.warmup_steps);
    return base_lr_ * factor;
  }
  return after_warmup(t - spec_.warmup_steps);
}

}  // namespace optbench
