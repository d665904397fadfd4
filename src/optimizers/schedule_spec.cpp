#include "optbench/optimizers/schedule_spec.hpp"

#include <algorithm>

#include "optbench/core/suggest.hpp"
#include "optbench/io/number_format.hpp"
#include "schedules/schedule_family.hpp"

namespace optbench {

using schedules::find_family;
using schedules::ScheduleFamily;

const char* interval_name(ScheduleInterval interval) {
  return interval == ScheduleInterval::epoch ? "epoch" : "step";
}

const SourceLocation& ScheduleSpec::location_of(const std::string& key) const {
  for (const auto& [name, location] : written) {
    if (name == key) return location;
  }
  return where;
}

const std::vector<std::string>& schedule_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : schedules::schedule_families()) out.push_back(f.name);
    return out;
  }();
  return names;
}

const std::vector<std::pair<std::string, std::string>>& schedule_name_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases{
      {"step", "StepLR"},
      {"exponential", "ExponentialLR"},
      {"cosine", "CosineAnnealingLR"},
      {"multiplicative", "MultiplicativeLR"}};
  return aliases;
}

const std::vector<std::pair<std::string, std::string>>& schedule_key_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases{
      {"t_max", "T_max"},
      {"warmup_steps", "SequentialLR([LinearLR(start_factor, total_iters=warmup_steps), it])"},
      {"start_factor", "the warm-up's start_factor (default 1/3)"}};
  return aliases;
}

std::string canonical_schedule_name(const std::string& name) {
  if (find_family(name) != nullptr) return name;
  for (const auto& [alias, canonical] : schedule_name_aliases()) {
    if (alias == name) return canonical;
  }
  return "";
}

namespace {

const ScheduleFamily& family_of(const std::string& name) {
  const ScheduleFamily* family = find_family(canonical_schedule_name(name));
  if (family == nullptr) {
    std::vector<std::string> candidates = schedule_names();
    for (const auto& [alias, canonical] : schedule_name_aliases()) candidates.push_back(alias);
    throw Error("name", "unknown schedule '" + name + "'" + did_you_mean(name, candidates));
  }
  return *family;
}

void append_setting(std::string& out, const Setting& value) {
  if (const auto* list = std::get_if<std::vector<double>>(&value)) {
    out += '[';
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (i > 0) out += ',';
      append_number(out, (*list)[i]);
    }
    out += ']';
    return;
  }
  out += to_cell(value);
}

}  // namespace

std::vector<ParamSpec> schedule_params(const std::string& name) {
  const ScheduleFamily* family = find_family(canonical_schedule_name(name));
  return family != nullptr ? family->params : std::vector<ParamSpec>{};
}

std::vector<std::string> required_schedule_params(const std::string& name) {
  const ScheduleFamily* family = find_family(canonical_schedule_name(name));
  return family != nullptr ? family->required : std::vector<std::string>{};
}

bool is_composite_schedule(const std::string& name) {
  const ScheduleFamily* family = find_family(canonical_schedule_name(name));
  return family != nullptr && family->composite;
}

ScheduleInterval default_interval(const std::string& name) {
  const ScheduleFamily* family = find_family(canonical_schedule_name(name));
  return family != nullptr ? family->interval : ScheduleInterval::step;
}

ScheduleSpec make_schedule_spec(const std::string& name, const Settings& given,
                                std::vector<ScheduleSpec> members) {
  const ScheduleFamily& family = family_of(name);
  std::vector<std::string> keys;
  for (const auto& p : family.params) keys.push_back(p.name);
  for (const auto& item : given.items()) {
    // A named copy: clang 14 cannot capture a structured binding in a lambda.
    const std::string& key = item.first;
    const Setting& value = item.second;
    const auto it = std::find_if(family.params.begin(), family.params.end(),
                                 [&key](const ParamSpec& p) { return p.name == key; });
    if (it == family.params.end()) {
      throw Error(key, "unknown argument of " + family.name + did_you_mean(key, keys));
    }
    check_setting(*it, value);
  }
  for (const auto& key : family.required) {
    if (!given.has(key)) {
      throw Error(key, "missing: " + family.name + " needs " + key + " (torch has no default)");
    }
  }
  if (!family.composite && !members.empty()) {
    throw Error("schedulers", family.name + " holds no member schedules");
  }
  ScheduleSpec spec;
  spec.name = family.name;
  spec.settings = complete_settings(family.params, given);
  spec.members = std::move(members);
  spec.interval = family.interval;
  if (family.check) family.check(spec.settings, spec.members);
  return spec;
}

std::string to_text(const ScheduleSpec& spec) {
  std::string out = spec.name;
  for (const auto& [key, value] : spec.settings.items()) {
    out += ' ' + key + '=';
    append_setting(out, value);
  }
  if (!spec.members.empty()) {
    out += " (";
    for (std::size_t i = 0; i < spec.members.size(); ++i) {
      if (i > 0) out += "; ";
      out += to_text(spec.members[i]);
    }
    out += ')';
  }
  if (spec.interval != default_interval(spec.name)) {
    out += " interval=";
    out += interval_name(spec.interval);
  }
  return out;
}

std::optional<StepLimit> schedule_step_limit(const ScheduleSpec& spec) {
  if (spec.name == "OneCycleLR") {
    const Settings& s = spec.settings;
    const std::int64_t total = s.integer("total_steps") > 0
                                   ? s.integer("total_steps")
                                   : s.integer("epochs") * s.integer("steps_per_epoch");
    return StepLimit{total, &spec};
  }
  std::optional<StepLimit> limit;
  const auto tighter = [&](std::optional<StepLimit> candidate) {
    if (candidate && (!limit || candidate->steps < limit->steps)) limit = candidate;
  };
  if (spec.name == "ChainedScheduler") {
    for (const auto& member : spec.members) tighter(schedule_step_limit(member));
  } else if (spec.name == "SequentialLR") {
    // Member i runs from milestone i-1 (where step(0) restarts it) while the epoch is below
    // milestone i; its own limit counts from its start.
    const std::vector<double>& milestones = spec.settings.list("milestones");
    for (std::size_t i = 0; i < spec.members.size(); ++i) {
      const auto own = schedule_step_limit(spec.members[i]);
      if (!own) continue;
      const auto start = i == 0 ? std::int64_t{0} : static_cast<std::int64_t>(milestones[i - 1]);
      const bool last = i + 1 == spec.members.size();
      const auto end = last ? std::int64_t{0} : static_cast<std::int64_t>(milestones[i]);
      if (last || start + own->steps < end - 1) tighter(StepLimit{start + own->steps, own->spec});
    }
  }
  return limit;
}

}  // namespace optbench
