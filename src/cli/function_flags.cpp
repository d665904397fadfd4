#include "function_flags.hpp"

#include <cmath>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/functions/function_registry.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

double parse_number(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(v)) {
    throw Error(flag, "'" + text + "' is not a finite number");
  }
  return v;
}

std::vector<double> parse_list(const std::string& text, char separator, const std::string& flag) {
  std::vector<double> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    std::string item =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    out.push_back(parse_number(item, flag));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

namespace {

Setting parse_param(const ParamSpec& spec, const std::string& text) {
  const std::string flag = "--param " + spec.name;
  switch (spec.type) {
    case SettingType::Integer: {
      const double v = parse_number(text, flag);
      if (v != std::floor(v)) throw Error(flag, "must be a whole number, got " + text);
      return static_cast<std::int64_t>(v);
    }
    case SettingType::Bool:
      if (text == "true" || text == "false") return text == "true";
      throw Error(flag, "must be true or false");
    case SettingType::Text:
      return text;
    case SettingType::RealList:
      return parse_list(text, ',', flag);
    case SettingType::Real:
      break;
  }
  return parse_number(text, flag);
}

Settings parse_params(const po::variables_map& vm, const FunctionInfo& info) {
  Settings params;
  if (vm.count("param") == 0) return params;
  for (const auto& kv : vm["param"].as<std::vector<std::string>>()) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) throw Error("--param", "must be key=value, got '" + kv + "'");
    const std::string key = kv.substr(0, eq);
    const ParamSpec* spec = nullptr;
    std::vector<std::string> names;
    for (const auto& p : info.params) {
      names.push_back(p.name);
      if (p.name == key) spec = &p;
    }
    if (spec == nullptr) {
      throw Error("--param " + key, "unknown parameter of " + info.name + did_you_mean(key, names));
    }
    params.set(key, parse_param(*spec, kv.substr(eq + 1)));
  }
  return params;
}

ChosenFunction expression_function(const po::variables_map& vm,
                                   std::optional<Eigen::Index> point_size) {
  if (vm.count("function") != 0) {
    throw Error("--expression", "give either FUNCTION or --expression, not both");
  }
  if (vm.count("param") != 0) throw Error("--param", "an expression has no parameters");
  auto problem = std::make_shared<ExpressionProblem>();
  problem->text = vm["expression"].as<std::string>();
  try {
    std::optional<Eigen::Index> dim;
    if (vm.count("dim") != 0) dim = vm["dim"].as<int>();
    if (!dim) {
      try {
        dim = expression_dim(problem->text, std::nullopt);
      } catch (const ExpressionError&) {
        if (!point_size) throw;
        dim = point_size;  // x[i] and dim: the point says how many coordinates
      }
    }
    if (*dim < 1) throw Error("--dim", "must be >= 1");
    ChosenFunction out;
    out.function =
        std::make_unique<ExpressionFunction>(problem, *dim, ExpressionEvaluator::Compiled);
    out.name = "expression";
    out.title = "expression " + problem->text + " (dim " + std::to_string(*dim) + ")";
    return out;
  } catch (const ExpressionError& e) {
    throw Error("--expression", "column " + std::to_string(e.offset() + 1) + ": " + e.what());
  }
}

}  // namespace

void add_function_flags(po::options_description& flags) {
  flags.add_options()("function", po::value<std::string>(), "registered test function")(
      "expression", po::value<std::string>(), "a function written as an expression in x0, x1, ...")(
      "dim", po::value<int>(), "dimension")("param", po::value<std::vector<std::string>>(),
                                            "function parameter k=v (repeatable)");
}

ChosenFunction chosen_function(const po::variables_map& vm,
                               std::optional<Eigen::Index> point_size) {
  if (vm.count("expression") != 0) return expression_function(vm, point_size);
  const std::string name = vm["function"].as<std::string>();
  const FunctionInfo* info = function_registry().find(name);
  if (info == nullptr) {
    throw Error("function", "unknown function '" + name + "'" +
                                did_you_mean(name, function_registry().names()) +
                                " (or write your own with --expression)");
  }
  const Settings params = parse_params(vm, *info);
  Eigen::Index dim = info->fixed_dim != 0 ? info->fixed_dim : 2;
  if (vm.count("dim") != 0) {
    dim = vm["dim"].as<int>();
  } else if (point_size) {
    dim = *point_size;
  }
  ChosenFunction out;
  out.function = make_function(name, dim, params);
  out.name = name;
  out.title = name + " (dim " + std::to_string(dim) + ")";
  return out;
}

}  // namespace optbench::cli
