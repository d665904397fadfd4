#include "read_search_space.hpp"

#include <cmath>
#include <string>

namespace optbench {

namespace {

using yaml::Node;

constexpr const char* kForms[] = {"uniform", "log_uniform", "int_uniform", "choice"};

// One value the space can give, checked as if it were written at `node`.
void check_value(const Node& node, const ParamSpec& spec, const Setting& value) {
  try {
    check_setting(spec, value);
  } catch (const Error& e) {
    node.fail(e.message());
  }
}

// [low, high] of a range form, both ends values of the key.
std::pair<double, double> read_range(const Node& node, const ParamSpec& spec, bool whole) {
  if (!node.is_list() || node.size() != 2) node.fail_expected("[low, high]");
  const Node low_node = node.item(0);
  const Node high_node = node.item(1);
  const double low = whole ? static_cast<double>(low_node.integer()) : low_node.number();
  const double high = whole ? static_cast<double>(high_node.integer()) : high_node.number();
  if (whole ? low > high : !(low < high)) {
    node.fail("an empty range: low must be " + std::string(whole ? "<= high" : "< high") +
              ", got [" + to_cell(low) + ", " + to_cell(high) + "]");
  }
  const auto as_setting = [whole](double v) -> Setting {
    return whole ? Setting(static_cast<std::int64_t>(v)) : Setting(v);
  };
  check_value(low_node, spec, as_setting(low));
  check_value(high_node, spec, as_setting(high));
  return {low, high};
}

}  // namespace

bool is_search_space(const Node& node) {
  // No optimizer key takes a map, so every map there is meant as a space (a misspelt form gets
  // read_search_space's "did you mean").
  return node.is_map();
}

SearchSpace read_search_space(const Node& node, const ParamSpec& spec) {
  node.expect_keys({kForms[0], kForms[1], kForms[2], kForms[3]});
  if (node.size() != 1)
    node.fail("a search space is one of uniform, log_uniform, int_uniform, choice");
  SearchSpace space;
  space.key = spec.name;
  space.where = node.where();
  space.keypath = node.keypath;
  const auto [form, value] = node.entries().front();
  const bool real = spec.type == SettingType::Real;
  if (form == "uniform" || form == "log_uniform") {
    if (!real) {
      value.fail(form + " draws real numbers; " + spec.name + " takes " + describe(spec.type) +
                 (spec.type == SettingType::Integer ? " (use int_uniform)" : " (use choice)"));
    }
    space.form = form == "uniform" ? SearchSpace::Form::uniform : SearchSpace::Form::log_uniform;
    std::tie(space.low, space.high) = read_range(value, spec, false);
    if (space.form == SearchSpace::Form::log_uniform && !(space.low > 0.0)) {
      value.fail("a log_uniform range must lie above 0, got [" + to_cell(space.low) + ", " +
                 to_cell(space.high) + "]");
    }
  } else if (form == "int_uniform") {
    if (spec.type != SettingType::Integer) {
      value.fail("int_uniform draws whole numbers; " + spec.name + " takes " + describe(spec.type) +
                 (real ? " (use uniform)" : " (use choice)"));
    }
    space.form = SearchSpace::Form::int_uniform;
    std::tie(space.low, space.high) = read_range(value, spec, true);
  } else {
    space.form = SearchSpace::Form::choice;
    if (!value.is_list() || value.size() == 0) value.fail_expected("a non-empty list of values");
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Node item = value.item(i);
      Setting s = item.setting(spec.type);
      check_value(item, spec, s);
      space.values.push_back(std::move(s));
    }
  }
  return space;
}

TuneSpec read_tune(const Node& node) {
  if (!node.is_map()) node.fail_expected("a map such as {trials: 20, method: quasi_random}");
  node.expect_keys({"trials", "method", "seeds", "select_by", "final_seeds"});
  TuneSpec tune;
  tune.where = node.where();
  tune.select_where = node.where();
  for (const auto& [key, value] : node.entries()) {
    if (key == "trials") {
      tune.trials = value.integer();
      if (tune.trials < 1 || tune.trials > 100000) {
        value.fail("trials must be in [1, 100000], got " + std::to_string(tune.trials));
      }
    } else if (key == "method") {
      const std::string m = value.text();
      if (m == "grid") {
        tune.method = TuneSpec::Method::grid;
      } else if (m == "random") {
        tune.method = TuneSpec::Method::random;
      } else if (m == "quasi_random") {
        tune.method = TuneSpec::Method::quasi_random;
      } else {
        value.fail("unknown method '" + m + "': grid, random or quasi_random");
      }
    } else if (key == "seeds" || key == "final_seeds") {
      const std::int64_t n = value.integer();
      if (n < 1 || n > 1000000) {
        value.fail(key + " must be a number of seeds in [1, 1000000], got " + std::to_string(n));
      }
      (key == "seeds" ? tune.seeds : tune.final_seeds) = n;
    } else if (key == "select_by") {
      tune.select_by = value.text();
      tune.select_where = value.where();
    }
  }
  return tune;
}

void finish_tuned_config(ExperimentSpec& spec) {
  if (!spec.tune) {
    for (const auto& o : spec.optimizers) {
      if (!o.spaces.empty()) {
        throw Error(o.spaces.front().where, o.spaces.front().keypath,
                    "a search space needs a tune: section (trials, method, ...)");
      }
    }
    if (spec.data && spec.data->validation_fraction > 0.0) {
      throw Error(spec.data->validation_where, "data.validation_fraction",
                  "a validation part is for selecting settings; it needs a tune: section");
    }
    return;
  }
  // Whether the kind can tune, and on what, its check_spec() says.
  const TuneSpec& tune = *spec.tune;
  for (auto& o : spec.optimizers) {
    std::vector<Axis> fixed;
    for (auto& axis : o.axes) {
      if (axis.values.size() == 1) {
        fixed.push_back(std::move(axis));
        continue;
      }
      if (axis.key == "schedule") {
        throw Error(axis.values.front().where, axis.values.front().keypath,
                    "a schedule cannot be tuned; write one schedule per optimizer");
      }
      SearchSpace space;
      space.key = axis.key;
      space.form = SearchSpace::Form::list;
      space.where = axis.values.front().where;
      space.keypath = o.keypath + "." + axis.key;
      for (const auto& v : axis.values) space.values.push_back(v.value);
      o.spaces.push_back(std::move(space));
    }
    o.axes = std::move(fixed);
    if (tune.method == TuneSpec::Method::grid) {
      for (const auto& s : o.spaces) {
        if (s.form != SearchSpace::Form::list && s.form != SearchSpace::Form::choice) {
          throw Error(s.where, s.keypath,
                      "method grid takes lists of values; this range needs method random or "
                      "quasi_random");
        }
      }
    }
  }
}

}  // namespace optbench
