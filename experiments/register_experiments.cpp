// One line per experiment kind: the catalogue `optbench list experiments` and `kind:` use.

#include "classification_experiment.hpp"
#include "critical_points_experiment.hpp"
#include "function_experiment.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "timing_experiment.hpp"

namespace optbench {

namespace {

template <typename Kind>
ExperimentInfo kind(std::string name, std::string description) {
  return {std::move(name), std::move(description), [] { return std::make_unique<Kind>(); }};
}

}  // namespace

const std::vector<ExperimentInfo>& experiment_registry() {
  static const std::vector<ExperimentInfo> registry{
      kind<FunctionExperiment>("function", "optimizers minimise test functions from seeded starts"),
      kind<CriticalPointsExperiment>("critical_points",
                                     "Newton on the gradient finds and classifies critical points"),
      kind<ClassificationExperiment>(
          "classification", "optimizers train an MLP (with or without batch norm) on a data set"),
      kind<TimingExperiment>("timing",
                             "Google Benchmark times one step of every problem x optimizer"),
  };
  return registry;
}

const ExperimentInfo& find_experiment(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& info : experiment_registry()) {
    if (info.name == name) return info;
    names.push_back(info.name);
  }
  throw Error("kind", "unknown experiment kind '" + name + "'" + did_you_mean(name, names));
}

const ExperimentInfo& checked_kind(const ExperimentSpec& spec) {
  const ExperimentInfo* info = nullptr;
  try {
    info = &find_experiment(spec.kind);
  } catch (const Error& e) {
    throw Error(spec.kind_where, "kind", e.message());
  }
  info->make()->check_spec(spec);
  return *info;
}

}  // namespace optbench
