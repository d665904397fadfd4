#include "benchmark_names.hpp"

#include <algorithm>
#include <map>

namespace optbench {

namespace {

std::string name_value(std::string value) {
  if (value.empty()) return "[]";
  std::replace(value.begin(), value.end(), ' ', ',');
  return value;
}

// For each instance, "key=value" parts: the `always` keys, then every other cell whose value
// differs between the instances of the same group (the grid axes).
template <typename Instance, typename GroupOf>
std::vector<std::string> name_parts(const std::vector<Instance>& instances, GroupOf group_of,
                                    const std::vector<std::string>& always,
                                    const std::vector<std::string>& skip) {
  // Names are built from the cells' key texts (`hidden=256,128`), as before lists were
  // bracketed, so a benchmark keeps its name.
  auto value_of = [](const Instance& inst, const std::string& key) -> std::string {
    for (const Cell& c : inst.cells) {
      if (c.name == key) return c.key;
    }
    return "\x01";  // absent
  };
  std::vector<std::string> parts(instances.size());
  for (std::size_t i = 0; i < instances.size(); ++i) {
    const Instance& inst = instances[i];
    std::string part;
    for (const auto& key : always) {
      const std::string v = value_of(inst, key);
      if (v != "\x01") part += '/' + key + '=' + name_value(v);
    }
    for (const Cell& c : inst.cells) {
      if (std::find(always.begin(), always.end(), c.name) != always.end()) continue;
      if (std::find(skip.begin(), skip.end(), c.name) != skip.end()) continue;
      bool varies = false;
      for (const Instance& other : instances) {
        if (group_of(other) == group_of(inst) && value_of(other, c.name) != c.key) varies = true;
      }
      if (varies) part += '/' + c.name + '=' + name_value(c.key);
    }
    parts[i] = part;
  }
  return parts;
}

}  // namespace

std::vector<std::string> benchmark_names(const RunPlan& plan) {
  const bool classification = plan.spec.data.has_value();
  const std::vector<std::string> problem_parts =
      name_parts(plan.problems, [](const ProblemInstance&) { return 0; },
                 classification ? std::vector<std::string>{"hidden", "batchnorm", "batch_size"}
                                : std::vector<std::string>{"dim"},
                 {"problem"});
  const std::vector<std::string> optimizer_parts = name_parts(
      plan.optimizers, [](const OptimizerInstance& o) { return o.name; }, {}, {"optimizer"});
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (std::size_t p = 0; p < plan.problems.size(); ++p) {
    for (std::size_t o = 0; o < plan.optimizers.size(); ++o) {
      std::string name = plan.problems[p].function + problem_parts[p] + '/' +
                         plan.optimizers[o].name + optimizer_parts[o];
      const int count = seen[name]++;
      if (count > 0) name += '#' + std::to_string(count);
      names.push_back(std::move(name));
    }
  }
  return names;
}

}  // namespace optbench
