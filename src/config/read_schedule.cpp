#include "read_schedule.hpp"

#include <algorithm>
#include <map>

#include "optbench/core/suggest.hpp"

namespace optbench {

namespace {

using yaml::Node;

// The schedules an older config could give a linear warm-up with warmup_steps.
bool takes_warmup(const std::string& name) {
  return name == "none" || name == "StepLR" || name == "ExponentialLR" ||
         name == "CosineAnnealingLR";
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads `value` against `spec`, failing where it was written.
Setting read_checked(const Node& value, const ParamSpec& spec) {
  Setting s = value.setting(spec.type);
  try {
    check_setting(spec, s);
  } catch (const Error& e) {
    value.fail(e.message());
  }
  return s;
}

// The older warm-up in torch's form: SequentialLR([LinearLR(start_factor, total_iters=steps),
// spec], milestones=[steps]).
ScheduleSpec with_warmup(ScheduleSpec spec, std::int64_t steps, double start_factor) {
  Settings linear;
  linear.set("start_factor", start_factor);
  linear.set("total_iters", steps);
  ScheduleSpec warmup = make_schedule_spec("LinearLR", linear);
  Settings sequential;
  sequential.set("milestones", std::vector<double>{static_cast<double>(steps)});
  const SourceLocation where = spec.where;
  const std::string keypath = spec.keypath;
  const auto written = spec.written;
  const ScheduleInterval interval = spec.interval;
  spec.interval = default_interval(spec.name);  // the outer schedule carries it
  warmup.where = where;
  warmup.keypath = keypath;
  ScheduleSpec out = make_schedule_spec("SequentialLR", sequential, {warmup, std::move(spec)});
  out.where = where;
  out.keypath = keypath;
  out.written = written;
  out.interval = interval;
  return out;
}

}  // namespace

ScheduleSpec read_schedule(const Node& node, bool outermost) {
  if (!node.is_map())
    node.fail("a schedule is a map such as {name: CosineAnnealingLR, T_max: 100}");
  const Node name_node = node.child("name");
  if (!name_node.written()) {
    node.fail("a schedule needs a name: key (" + listed(schedule_names()) + ")");
  }
  const std::string written_name = name_node.text();
  if (written_name == "constant") {
    name_node.fail(
        "the schedule 'constant' (a fixed lr) is now called 'none'; ConstantLR is torch's "
        "ConstantLR, which multiplies the lr by factor until total_iters");
  }
  const std::string name = canonical_schedule_name(written_name);
  if (name.empty()) {
    std::vector<std::string> candidates = schedule_names();
    for (const auto& [alias, canonical] : schedule_name_aliases()) candidates.push_back(alias);
    name_node.fail("unknown schedule '" + written_name + "'" +
                   did_you_mean(written_name, candidates));
  }
  const std::vector<ParamSpec> params = schedule_params(name);
  const bool composite = is_composite_schedule(name);
  const bool warmup = takes_warmup(name);
  std::vector<std::string> allowed{"name"};
  for (const auto& p : params) allowed.push_back(p.name);
  if (name == "CosineAnnealingLR") allowed.emplace_back("t_max");
  if (warmup) {
    allowed.emplace_back("warmup_steps");
    allowed.emplace_back("start_factor");
  }
  if (composite) allowed.emplace_back("schedulers");
  if (outermost) allowed.emplace_back("interval");
  node.expect_keys(allowed);

  Settings given;
  std::vector<ScheduleSpec> members;
  std::map<std::string, Node> nodes;  // each written key (older spellings under torch's name)
  std::optional<ScheduleInterval> interval;
  std::int64_t warmup_steps = 0;
  double start_factor = 1.0 / 3.0;
  for (const auto& [written_key, value] : node.entries()) {
    const std::string key = written_key == "t_max" ? "T_max" : written_key;
    if (nodes.count(key) > 0) {
      value.fail("written twice: t_max is the older spelling of T_max");
    }
    nodes.emplace(key, value);
    if (key == "name") continue;
    if (key == "interval") {
      const std::string word = value.text();
      if (word != "step" && word != "epoch") {
        value.fail("must be step or epoch, got '" + word + "'" +
                   did_you_mean(word, {"step", "epoch"}));
      }
      interval = word == "epoch" ? ScheduleInterval::epoch : ScheduleInterval::step;
    } else if (key == "schedulers") {
      if (!value.is_list() || value.size() == 0) value.fail("must be a list of schedule maps");
      for (std::size_t i = 0; i < value.size(); ++i) {
        members.push_back(read_schedule(value.item(i), false));
      }
    } else if (warmup && key == "warmup_steps") {
      warmup_steps = value.integer();
      if (warmup_steps < 0) value.fail("warmup_steps must be >= 0");
    } else if (warmup && key == "start_factor") {
      start_factor = std::get<double>(
          read_checked(value, number_param("start_factor", SettingType::Real, 1.0 / 3.0, 0.0, 1.0,
                                           "warm-up factor", true)));
    } else {
      for (const auto& p : params) {
        if (p.name == key) given.set(key, read_checked(value, p));
      }
    }
  }
  if (warmup && nodes.count("start_factor") > 0 && warmup_steps == 0) {
    nodes.at("start_factor").fail("start_factor belongs to a warm-up: give warmup_steps too");
  }

  ScheduleSpec spec;
  try {
    spec = make_schedule_spec(name, given, std::move(members));
  } catch (const Error& e) {
    const std::string& key = e.keypath();
    const std::string prefix = "schedulers[";
    if (key.rfind(prefix, 0) == 0) {
      const auto index = static_cast<std::size_t>(std::stoul(key.substr(prefix.size())));
      const Node member = nodes.at("schedulers").item(index);
      throw Error(member.where(), member.keypath, e.message());
    }
    if (const auto it = nodes.find(key); it != nodes.end()) {
      throw Error(it->second.where(), it->second.keypath, e.message());
    }
    throw Error(node.where(), join_key(node.keypath, key), e.message());
  }
  spec.where = node.where();
  spec.keypath = node.keypath;
  for (const auto& [key, value] : nodes) spec.written.emplace_back(key, value.where());
  if (interval) spec.interval = *interval;
  if (warmup_steps > 0) return with_warmup(std::move(spec), warmup_steps, start_factor);
  return spec;
}

}  // namespace optbench
