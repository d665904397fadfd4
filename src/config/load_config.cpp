#include "optbench/config/load_config.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "expression_entry.hpp"
#include "optbench/config/classification_keys.hpp"
#include "optbench/core/plugin_loader.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/input_file.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "read_schedule.hpp"
#include "read_search_space.hpp"
#include "yaml_node.hpp"

namespace optbench {

namespace {

using yaml::Node;

// Above this a single vector of the problem takes 800 MB; a typo (an extra zero or two) beyond it
// would otherwise end in std::bad_alloc or minutes of swapping instead of a located error.
constexpr std::int64_t kMaxDim = 100000000;

// File names stop at 255 bytes on every common file system; leave room for suffixes.
constexpr std::size_t kMaxNameLength = 200;

// A value that may be a grid axis: a list of alternatives, or one value. `is_list_value` says
// whether the setting itself is a list (betas, start), whose axis is then a list of lists.
Axis read_axis(const std::string& key, const Node& node, bool is_list_value,
               const std::function<Setting(const Node&)>& read_one) {
  Axis axis{key, {}};
  const bool is_axis =
      node.is_list() && (!is_list_value || (node.size() > 0 && !node.item(0).is_scalar()));
  if (is_axis) {
    if (node.size() == 0) node.fail("an empty list gives no runs");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const Node item = node.item(i);
      axis.values.push_back({read_one(item), item.where(), item.keypath});
    }
  } else {
    axis.values.push_back({read_one(node), node.where(), node.keypath});
  }
  return axis;
}

// One value of a declared parameter, type- and range-checked where it was written.
Setting read_checked(const Node& node, const ParamSpec& spec) {
  Setting value = node.setting(spec.type);
  try {
    check_setting(spec, value);
  } catch (const Error& e) {
    node.fail(e.message());
  }
  return value;
}

// A declared parameter that may be a grid axis.
Axis read_spec_axis(const std::string& key, const Node& node, const ParamSpec& spec) {
  return read_axis(key, node, spec.type == SettingType::RealList,
                   [&spec](const Node& n) { return read_checked(n, spec); });
}

std::vector<std::uint64_t> read_seeds(const Node& node) {
  std::vector<std::uint64_t> seeds;
  if (node.is_list()) {
    if (node.size() == 0) node.fail("needs at least one seed");
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const Node item = node.item(i);
      const std::int64_t s = item.integer();
      if (s < 0) item.fail("a seed must be >= 0");
      if (!seen.insert(s).second) item.fail("seed " + std::to_string(s) + " is listed twice");
      seeds.push_back(static_cast<std::uint64_t>(s));
    }
  } else {
    const std::int64_t n = node.integer();
    if (n < 1) node.fail("the number of seeds must be >= 1, got " + std::to_string(n));
    if (n > 1000000) node.fail("more than 1000000 seeds");
    for (std::int64_t s = 0; s < n; ++s) seeds.push_back(static_cast<std::uint64_t>(s));
  }
  return seeds;
}

Setting read_start(const Node& node) {
  if (node.is_map()) {  // {at_known: N}: the N-th of the function's known points
    node.expect_keys({"at_known"});
    const Node index = node.child("at_known");
    if (!index.written()) node.fail("a start map needs at_known: N (a known point's index)");
    const std::int64_t k = index.integer();
    if (k < 0) index.fail("at_known must be >= 0, got " + std::to_string(k));
    return std::string(kAtKnown) + std::to_string(k);
  }
  if (node.is_scalar()) {
    if (node.node.Scalar() == "zeros" && node.node.Tag() != "!") return std::string("zeros");
    node.fail("must be a list of numbers, zeros or {at_known: N}");
  }
  const std::vector<double> start = node.numbers();
  if (start.empty()) node.fail("a start needs at least one coordinate");
  return start;
}

ProblemSpec read_problem(const Node& node) {
  if (!node.is_map()) node.fail("a problem must be a map with a function: key");
  const Node function = node.child("function");
  if (!function.written()) node.fail("a problem needs a function: key");
  ProblemSpec p;
  p.function = function.text();
  p.where = function.where();
  p.keypath = node.keypath;
  const bool is_expression = p.function == kExpressionFunction;
  const FunctionInfo* info = function_registry().find(p.function);
  if (info == nullptr && !is_expression) {
    std::vector<std::string> names = function_registry().names();
    names.emplace_back(kExpressionFunction);
    function.fail("unknown function '" + p.function + "'" + did_you_mean(p.function, names));
  }
  std::vector<std::string> allowed{"function", "dim", "start", "start_noise", "box"};
  if (is_expression) {
    allowed.insert(allowed.end(), expression_entry_keys().begin(), expression_entry_keys().end());
  } else {
    for (const auto& spec : info->params) allowed.push_back(spec.name);
  }
  node.expect_keys(allowed);
  for (const auto& [key, value] : node.entries()) {
    if (key == "function") continue;
    if (key == "dim") {
      p.axes.push_back(read_axis(key, value, false, [](const Node& n) -> Setting {
        const std::int64_t d = n.integer();
        if (d < 1) n.fail("dim must be >= 1, got " + std::to_string(d));
        if (d > kMaxDim) {
          n.fail("dim must be at most " + std::to_string(kMaxDim) + ", got " + std::to_string(d));
        }
        return d;
      }));
    } else if (key == "start") {
      p.axes.push_back(read_axis(key, value, true, read_start));
    } else if (key == "start_noise") {
      p.axes.push_back(read_axis(key, value, false, [](const Node& n) -> Setting {
        const double r = n.number();
        if (r < 0.0) n.fail("start_noise must be >= 0");
        return r;
      }));
    } else if (key == "box") {
      if (!value.is_list() || value.size() == 0) value.fail("box must be a list of [low, high]");
      std::vector<std::pair<double, double>> box;
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::vector<double> lh = value.item(i).numbers();
        if (lh.size() != 2 || !(lh[0] < lh[1]))
          value.item(i).fail("must be [low, high] with low < high");
        box.emplace_back(lh[0], lh[1]);
      }
      p.box = box;
      p.box_where = value.where();
    } else if (is_expression && key == "evaluator") {
      p.axes.push_back(read_axis(key, value, false, read_evaluator));
    } else if (is_expression) {
      read_expression_key(key, value, p);
    } else {
      for (const auto& spec : info->params) {
        if (spec.name != key) continue;
        p.axes.push_back(read_spec_axis(key, value, spec));
      }
    }
  }
  if (is_expression) finish_expression_entry(node, p);
  return p;
}

// A nested optimizer (`local:` of the restart strategies) becomes its one-line text, the
// runs.csv cell the strategy reads back; it must be a first-order gradient method.
Setting read_nested_optimizer(const Node& node) {
  if (!node.is_scalar() && !node.is_map()) {
    node.fail("must be an optimizer name or a map such as {name: adam, lr: 0.01}");
  }
  const Node name = node.is_scalar() ? node : node.child("name");
  if (!name.written()) node.fail("a nested optimizer needs a name: key");
  const std::string written = name.text();
  const OptimizerInfo* info = nullptr;
  try {
    info = &find_optimizer(written);
  } catch (const Error& e) {
    name.fail(e.message());
  }
  Settings given;
  if (node.is_map()) {
    std::vector<std::string> allowed{"name"};
    for (const auto& spec : info->params) allowed.push_back(spec.name);
    node.expect_keys(allowed);
    for (const auto& [key, value] : node.entries()) {
      for (const auto& spec : info->params) {
        if (spec.name == key) given.set(key, read_checked(value, spec));
      }
    }
  }
  std::unique_ptr<Optimizer> built;
  try {
    built = info->make(checked_optimizer_settings(*info, given));
  } catch (const Error& e) {
    const Node at =
        node.is_map() && node.child(e.keypath()).written() ? node.child(e.keypath()) : name;
    at.fail(e.message());
  }
  if (built->drives_objective() || built->needs_hessian()) {
    name.fail(
        written +
        (built->drives_objective() ? " evaluates the function itself" : " needs the Hessian") +
        "; the local optimizer must be a first-order gradient method (sgd, momentum, adam, ...)");
  }
  return optimizer_text(written, given);
}

OptimizerSpec read_optimizer(const Node& node) {
  OptimizerSpec o;
  o.keypath = node.keypath;
  if (node.is_scalar()) {  // `- adam` is `{name: adam}`
    o.name = node.text();
    o.where = node.where();
    try {
      find_optimizer(o.name);
    } catch (const Error& e) {
      node.fail(e.message());
    }
    return o;
  }
  if (!node.is_map()) node.fail("an optimizer must be a map with a name: key");
  const Node name = node.child("name");
  if (!name.written()) node.fail("an optimizer needs a name: key");
  o.name = name.text();
  o.where = name.where();
  const OptimizerInfo* info = nullptr;
  try {
    info = &find_optimizer(o.name);
  } catch (const Error& e) {
    name.fail(e.message());
  }
  std::vector<std::string> allowed{"name", "schedule"};
  for (const auto& spec : info->params) allowed.push_back(spec.name);
  node.expect_keys(allowed);
  for (const auto& [key, value] : node.entries()) {
    if (key == "name") continue;
    if (key == "schedule") {
      if (info->make(checked_optimizer_settings(*info, Settings{}))->drives_objective()) {
        value.fail(o.name +
                   " evaluates the function itself and has no per-step learning rate; "
                   "a schedule applies to gradient optimizers");
      }
      // The axis holds indexes into o.schedules, which keeps it in its place in the grid order.
      o.axes.push_back(read_axis(key, value, false, [&o](const Node& n) -> Setting {
        o.schedules.push_back(read_schedule(n));
        return static_cast<std::int64_t>(o.schedules.size() - 1);
      }));
      continue;
    }
    if (key == "local") {
      o.axes.push_back(read_axis(key, value, false, read_nested_optimizer));
      continue;
    }
    for (const auto& spec : info->params) {
      if (spec.name != key) continue;
      if (is_search_space(value)) {
        o.spaces.push_back(read_search_space(value, spec));
      } else {
        o.axes.push_back(read_spec_axis(key, value, spec));
      }
    }
  }
  return o;
}

StopSpec read_stop(const Node& node) {
  StopSpec stop;
  node.expect_keys({"max_steps", "max_evaluations", "target", "diverge_above"});
  for (const auto& [key, value] : node.entries()) {
    if (key == "max_steps") {
      stop.max_steps = value.integer();
      if (stop.max_steps < 1)
        value.fail("max_steps must be >= 1, got " + std::to_string(stop.max_steps));
    } else if (key == "max_evaluations") {
      stop.max_evaluations = value.integer();
      if (*stop.max_evaluations < 1) {
        value.fail("max_evaluations must be >= 1, got " + std::to_string(*stop.max_evaluations) +
                   " (a budget of 0 evaluations allows no run)");
      }
      if (!node.child("max_steps").written()) stop.max_steps = *stop.max_evaluations;
    } else if (key == "target") {
      stop.target_where = value.where();
      if (value.is_scalar() && value.node.Tag() != "!" &&
          value.node.Scalar().rfind("f_star", 0) == 0) {
        static const std::regex form(R"(f_star\s*(([+-])\s*([0-9.eE+-]+))?)");
        std::smatch m;
        const std::string s = value.node.Scalar();
        if (!std::regex_match(s, m, form)) value.fail("must be a number or f_star + OFFSET");
        stop.target_from_f_star = true;
        if (m[1].matched) {
          const auto d = yaml::parse_finite_number(m[3].str());
          if (!d) value.fail("the offset after f_star must be a number, got '" + m[3].str() + "'");
          stop.target_offset = m[2].str() == "-" ? -*d : *d;
        }
        stop.target = 0.0;
      } else {
        stop.target = value.number();
      }
    } else if (key == "diverge_above") {
      stop.diverge_above = value.number();
    }
  }
  return stop;
}

EscapeSpec read_escape(const Node& node) {
  EscapeSpec escape;
  node.expect_keys({"radius", "delta"});
  for (const auto& [key, value] : node.entries()) {
    const double v = value.number();
    if (!(v > 0.0)) value.fail(key + " must be > 0");
    if (key == "radius") escape.radius = v;
    if (key == "delta") escape.delta = v;
  }
  return escape;
}

// `null` or `~` written out (an empty value stays an error): torch's None.
bool written_null(const Node& n) {
  if (!n.node.IsNull() || !n.source || n.node.Mark().pos < 0) return false;
  const std::string_view rest =
      std::string_view(*n.source).substr(static_cast<std::size_t>(n.node.Mark().pos));
  for (const std::string_view word : {"null", "Null", "NULL", "~"}) {
    if (rest.substr(0, word.size()) == word) return true;
  }
  return false;
}

// A section whose every key is declared by `specs` and may be a grid axis (model:, train:).
std::vector<Axis> read_section_axes(const Node& node, const std::vector<ParamSpec>& specs) {
  std::vector<std::string> allowed;
  allowed.reserve(specs.size());
  for (const auto& spec : specs) allowed.push_back(spec.name);
  node.expect_keys(allowed);
  std::vector<Axis> axes;
  for (const auto& [key, value] : node.entries()) {
    for (const auto& spec : specs) {
      if (spec.name != key) continue;
      // `hidden: []` is one setting (no hidden layer); a list of lists is the axis.
      const bool list_value = spec.type == SettingType::RealList;
      const bool empty_list = list_value && value.is_list() && value.size() == 0;
      if (empty_list) {
        axes.push_back({key, {{std::vector<double>{}, value.where(), value.keypath}}});
        continue;
      }
      axes.push_back(read_axis(key, value, list_value, [&spec](const Node& n) {
        if (spec.type == SettingType::RealList && n.is_list() && n.size() == 0) {
          return Setting(std::vector<double>{});
        }
        if (spec.nullable && written_null(n)) return Setting(std::string("null"));
        Setting s = n.setting(spec.type);
        try {
          check_setting(spec, s);
          if (const auto* widths = std::get_if<std::vector<double>>(&s)) {
            for (const double w : *widths) {
              if (w != std::floor(w)) throw Error(spec.name, "layer widths are whole numbers");
            }
          }
        } catch (const Error& e) {
          n.fail(e.message());
        }
        return s;
      }));
    }
  }
  return axes;
}

DataSpec read_data(const Node& node) {
  if (!node.is_map()) node.fail("data must be a map such as {dataset: iris}");
  const Node dataset = node.child("dataset");
  if (!dataset.written()) node.fail("data needs a dataset: key");
  DataSpec data;
  data.dataset = dataset.text();
  data.where = dataset.where();
  const DatasetInfo* info = dataset_registry().find(data.dataset);
  if (info == nullptr) {
    dataset.fail("unknown data set '" + data.dataset + "'" +
                 did_you_mean(data.dataset, dataset_registry().names()));
  }
  std::vector<std::string> allowed{"dataset", "validation_fraction"};
  for (const auto& spec : split_param_specs()) allowed.push_back(spec.name);
  for (const auto& spec : info->params) allowed.push_back(spec.name);
  node.expect_keys(allowed);
  for (const auto& entry : node.entries()) {
    // Named copies: clang 14 cannot capture structured bindings in a lambda.
    const std::string& key = entry.first;
    const Node& value = entry.second;
    if (key == "dataset") continue;
    if (key == "validation_fraction") {
      data.validation_fraction = value.number();
      data.validation_where = value.where();
      if (!(data.validation_fraction > 0.0 && data.validation_fraction < 1.0)) {
        value.fail("validation_fraction must be in (0, 1), got " +
                   to_cell(data.validation_fraction));
      }
      continue;
    }
    auto read = [&](const std::vector<ParamSpec>& specs, Settings& into) {
      for (const auto& spec : specs) {
        if (spec.name != key) continue;
        into.set(key, read_checked(value, spec));
      }
    };
    read(split_param_specs(), data.split);
    read(info->params, data.params);
  }
  data.split = complete_settings(split_param_specs(), data.split);
  return data;
}

// record: hessian_every, probes, lanczos_steps, hessian_tolerance (classification).
void read_hessian_record(const Node& record, ExperimentSpec& spec) {
  if (const Node every = record.child("hessian_every"); every.written()) {
    spec.hessian_every = every.integer();
    if (spec.hessian_every < 0) every.fail("hessian_every must be >= 0 (0: never)");
  }
  if (const Node probes = record.child("probes"); probes.written()) {
    const std::int64_t n = probes.integer();
    if (n < 1 || n > 1000) probes.fail("probes must be in [1, 1000], got " + std::to_string(n));
    spec.hessian_probes = static_cast<int>(n);
  }
  if (const Node steps = record.child("lanczos_steps"); steps.written()) {
    const std::int64_t n = steps.integer();
    if (n < 2 || n > 1000) {
      steps.fail("lanczos_steps must be in [2, 1000], got " + std::to_string(n));
    }
    spec.lanczos_steps = static_cast<int>(n);
  }
  if (const Node tol = record.child("hessian_tolerance"); tol.written()) {
    spec.hessian_tolerance = tol.number();
    if (!(spec.hessian_tolerance >= 0.0 && spec.hessian_tolerance < 1.0)) {
      tol.fail("hessian_tolerance is relative to the largest |eigenvalue|: must be in [0, 1)");
    }
  }
}

// plugins: [LIB.so, ...], each relative to the config's folder: loaded before anything names
// what they register.
void load_config_plugins(const Node& node, const std::string& file) {
  if (!node.is_list()) node.fail_expected("a list of plugin libraries, such as [libmine.so]");
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  for (std::size_t i = 0; i < node.size(); ++i) {
    const Node item = node.item(i);
    if (!item.is_scalar() || item.node.Scalar().empty()) {
      item.fail_expected("the path of a plugin library");
    }
    const std::filesystem::path written = item.node.Scalar();
    const std::string path = written.is_absolute() ? written.string() : (folder / written).string();
    try {
      load_plugin(path);
    } catch (const Error& e) {
      item.fail(path + ": " + e.message());
    }
  }
}

}  // namespace

ExperimentSpec parse_config(const std::string& text, const std::string& file) {
  // yaml-cpp takes seconds over a scalar of megabytes (a pasted 10 MB expression): refuse such a
  // file before it parses.
  if (text.size() > kMaxConfigBytes) {
    throw Error({file, 0, 0}, "",
                "the config has " + std::to_string(text.size()) +
                    " bytes; a config may have at most " + std::to_string(kMaxConfigBytes) +
                    " (an expression at most " + std::to_string(kMaxExpressionLength) +
                    " characters: write long sums with sum(i, first, last, ...))");
  }
  const Node root = yaml::parse(text, file);
  root.expect_keys({"name", "kind", "seeds", "seed_salt", "problems", "optimizers", "stop",
                    "escape", "record", "analysis", "data", "model", "train", "timing", "tune",
                    "plugins"});
  if (const Node plugins = root.child("plugins"); plugins.written()) {
    load_config_plugins(plugins, file);
  }
  ExperimentSpec spec;
  spec.file = file;
  spec.source_text = text;
  spec.root_where = {file, 1, 1};

  const Node name = root.child("name");
  if (!name.written()) {
    throw Error(spec.root_where, "name", "missing: every experiment needs a name");
  }
  spec.name = name.text();
  static const std::regex safe("[A-Za-z0-9][A-Za-z0-9._-]*");
  if (!std::regex_match(spec.name, safe)) {
    name.fail("a name may use letters, digits, '.', '_' and '-' (it names the result folder)");
  }
  // The result folder and its temporary siblings (NAME.merging-PID) must fit a file name.
  if (spec.name.size() > kMaxNameLength) {
    name.fail("a name may have at most " + std::to_string(kMaxNameLength) +
              " characters (it names the result folder), this one has " +
              std::to_string(spec.name.size()));
  }
  const Node kind = root.child("kind");
  if (!kind.written()) {
    throw Error(spec.root_where, "kind", "missing: function, critical_points, ...");
  }
  spec.kind = kind.text();
  spec.kind_where = kind.where();

  if (const Node seeds = root.child("seeds"); seeds.written()) spec.seeds = read_seeds(seeds);
  if (const Node tune = root.child("tune"); tune.written()) {
    spec.tune = read_tune(tune);
    if (const Node seeds = root.child("seeds"); seeds.written()) {
      seeds.fail("with tune:, the seeds are tune.seeds (tuning) and tune.final_seeds (judging)");
    }
  }
  if (const Node salt = root.child("seed_salt"); salt.written()) {
    if (!salt.is_scalar()) salt.fail_expected("a word mixed into every random draw");
    spec.seed_salt = salt.node.Scalar();
  }
  if (const Node problems = root.child("problems"); problems.written()) {
    if (!problems.is_list() || problems.size() == 0) problems.fail("must be a non-empty list");
    for (std::size_t i = 0; i < problems.size(); ++i) {
      spec.problems.push_back(read_problem(problems.item(i)));
    }
  }
  if (const Node optimizers = root.child("optimizers"); optimizers.written()) {
    if (!optimizers.is_list() || optimizers.size() == 0)
      optimizers.fail("must be a non-empty list");
    for (std::size_t i = 0; i < optimizers.size(); ++i) {
      spec.optimizers.push_back(read_optimizer(optimizers.item(i)));
    }
  }
  if (const Node stop = root.child("stop"); stop.written()) spec.stop = read_stop(stop);
  if (const Node escape = root.child("escape"); escape.written()) spec.escape = read_escape(escape);
  if (const Node record = root.child("record"); record.written()) {
    record.expect_keys({"every", "sharpness_every", "hessian_every", "probes", "lanczos_steps",
                        "hessian_tolerance"});
    if (const Node every = record.child("every"); every.written()) {
      spec.record_every = every.integer();
      if (spec.record_every < 1) every.fail("every must be >= 1");
    }
    if (const Node sharpness = record.child("sharpness_every"); sharpness.written()) {
      spec.sharpness_every = sharpness.integer();
      if (spec.sharpness_every < 0) sharpness.fail("sharpness_every must be >= 0 (0: never)");
    }
    read_hessian_record(record, spec);
  }
  if (const Node analysis = root.child("analysis"); analysis.written()) {
    analysis.expect_keys({"tol", "bootstrap", "confidence"});
    if (const Node tol = analysis.child("tol"); tol.written()) {
      spec.analysis_tol = tol.number();
      if (spec.analysis_tol < 0.0) tol.fail("tol must be >= 0");
    }
    if (const Node resamples = analysis.child("bootstrap"); resamples.written()) {
      spec.bootstrap_resamples = resamples.integer();
      if (spec.bootstrap_resamples < 1 || spec.bootstrap_resamples > 1000000) {
        resamples.fail("bootstrap must be a number of resamples in [1, 1000000], got " +
                       std::to_string(spec.bootstrap_resamples));
      }
    }
    if (const Node confidence = analysis.child("confidence"); confidence.written()) {
      spec.confidence = confidence.number();
      if (!(spec.confidence > 0.0 && spec.confidence < 1.0))
        confidence.fail("confidence must be in (0, 1), e.g. 0.95");
    }
  }
  if (const Node timing = root.child("timing"); timing.written()) {
    timing.expect_keys({"enabled", "min_time", "repetitions"});
    // A timing: section turns timing on unless it says enabled: false.
    spec.timing.enabled = true;
    for (const auto& [key, value] : timing.entries()) {
      if (key == "enabled") spec.timing.enabled = value.flag();
      if (key == "min_time") {
        spec.timing.min_time = value.number();
        if (!(spec.timing.min_time > 0.0)) value.fail("min_time must be > 0 seconds");
      }
      if (key == "repetitions") {
        spec.timing.repetitions = value.integer();
        if (spec.timing.repetitions < 1) value.fail("repetitions must be >= 1");
      }
    }
  }
  if (const Node data = root.child("data"); data.written()) spec.data = read_data(data);
  if (const Node model = root.child("model"); model.written()) {
    spec.model_axes = read_section_axes(model, model_param_specs());
  }
  if (const Node train = root.child("train"); train.written()) {
    spec.train_axes = read_section_axes(train, train_param_specs());
  }
  finish_tuned_config(spec);
  return spec;
}

ExperimentSpec load_config(const std::string& path) {
  return parse_config(read_input_file(path, kMaxConfigBytes, "config file"), path);
}

}  // namespace optbench
