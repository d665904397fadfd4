// optbench list functions|optimizers|schedules|datasets|experiments

#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/schedule_spec.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench::cli {

namespace {

std::string describe_param(const ParamSpec& spec) {
  std::string out = spec.name + " = " + to_cell(spec.default_value);
  if (spec.type == SettingType::Bool) return out + " (true/false)";
  if (spec.type == SettingType::Text) {
    if (spec.choices.empty()) return out + " (" + spec.help + ")";
    std::string words;
    for (const auto& c : spec.choices) words += (words.empty() ? "" : ", ") + c;
    return out + " (" + words + ")";
  }
  out += " (" + describe_range(spec) + ")";
  return out;
}

std::string describe_box(const SearchBox& box, bool any_dim) {
  if (box.empty()) return "";
  bool uniform = true;
  for (const auto& b : box) uniform = uniform && b == box.front();
  auto range = [](const std::pair<double, double>& b) {
    return "[" + to_cell(b.first) + ", " + to_cell(b.second) + "]";
  };
  if (uniform) return range(box.front()) + (any_dim ? "^D" : "^" + std::to_string(box.size()));
  std::string out;
  for (std::size_t i = 0; i < box.size(); ++i) out += (i > 0 ? " x " : "") + range(box[i]);
  return out;
}

void list_functions(std::ostream& out) {
  for (const auto& info : function_registry().all()) {
    out << info.name << "\n  f(x) = " << info.formula << "\n  dim: ";
    if (info.fixed_dim != 0) {
      out << info.fixed_dim;
    } else {
      out << "any >= " << info.min_dim << " (dim: key)";
    }
    out << "\n";
    for (const auto& p : info.params) out << "  parameter: " << describe_param(p) << "\n";
    const auto f = info.make(info.fixed_dim != 0 ? info.fixed_dim : 2,
                             complete_settings(info.params, Settings{}));
    out << "  search box: " << describe_box(f->search_box(), info.fixed_dim == 0) << "\n";
    out << "  known: " << info.known << "\n";
  }
  out << "expression\n  f(x) = your own, in x0 .. x{D-1}: function: expression, expression: \"...\""
         " (docs/config.md#expressions)\n  functions:";
  for (const auto& f : expression_functions()) out << ' ' << f.name;
  out << ", sum(i, first, last, ...)\n";
}

void list_optimizers(std::ostream& out) {
  for (const auto& info : optimizer_registry().all()) {
    out << info.name << ": " << info.summary << "\n";
    for (const auto& p : info.params) out << "  " << describe_param(p) << "\n";
  }
}

void list_schedules(std::ostream& out) {
  for (const auto& name : schedule_names()) {
    out << name;
    for (const auto& [alias, canonical] : schedule_name_aliases()) {
      if (canonical == name) out << " (also " << alias << ")";
    }
    out << "\n";
    const auto required = required_schedule_params(name);
    for (const auto& p : schedule_params(name)) {
      out << "  ";
      if (std::find(required.begin(), required.end(), p.name) != required.end()) {
        out << p.name << " (required)";
      } else if (p.type == SettingType::Text) {
        std::string choices;
        for (const auto& c : p.choices) choices += (choices.empty() ? "" : ", ") + c;
        out << p.name << " = " << to_cell(p.default_value) << " (" << choices << ")";
      } else {
        out << describe_param(p);
      }
      out << "  -- " << p.help << "\n";
    }
    if (is_composite_schedule(name)) out << "  schedulers (required)  -- the member schedules\n";
  }
}

}  // namespace

int list_command(const std::vector<std::string>& args) {
  const std::vector<std::string> what{"functions", "optimizers", "schedules", "datasets",
                                      "experiments"};
  if (args.size() != 1) {
    throw Error("list", "usage: optbench list functions|optimizers|schedules|datasets|experiments");
  }
  if (args[0] == "functions") {
    list_functions(std::cout);
  } else if (args[0] == "optimizers") {
    list_optimizers(std::cout);
  } else if (args[0] == "schedules") {
    list_schedules(std::cout);
  } else if (args[0] == "datasets") {
    for (const auto& info : dataset_registry().all()) {
      std::cout << info.name << ": " << info.description << "\n";
      for (const auto& p : info.params) {
        std::cout << "  "
                  << (p.type == SettingType::Text
                          ? p.name + " = \"" + to_cell(p.default_value) + "\""
                          : describe_param(p))
                  << (p.help.empty() ? "" : "  -- " + p.help) << "\n";
      }
    }
  } else if (args[0] == "experiments") {
    for (const auto& info : experiment_registry().all()) {
      std::cout << info.name << ": " << info.description << "\n";
    }
  } else {
    throw Error("list", "unknown catalogue '" + args[0] + "'" + did_you_mean(args[0], what));
  }
  return kExitOk;
}

}  // namespace optbench::cli
