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

ExperimentRegistry& registry() {
  static ExperimentRegistry r = [] {
    ExperimentRegistry built_in("experiment kind");
    built_in.add(kind<FunctionExperiment>("function",
                                          "optimizers minimise test functions from seeded starts"));
    built_in.add(kind<CriticalPointsExperiment>(
        "critical_points", "Newton on the gradient finds and classifies critical points"));
    built_in.add(kind<ClassificationExperiment>(
        "classification", "optimizers train an MLP (with or without batch norm) on a data set"));
    built_in.add(kind<TimingExperiment>(
        "timing", "Google Benchmark times one step of every problem x optimizer"));
    return built_in;
  }();
  return r;
}

}  // namespace

const ExperimentRegistry& experiment_registry() {
  return registry();
}

void register_experiment_kind(ExperimentInfo info) {
  if (!info.make) throw Error("make", "the experiment kind '" + info.name + "' has no make()");
  registry().add(std::move(info));
}

const ExperimentInfo& find_experiment(const std::string& name) {
  return experiment_registry().get(name, "kind");
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
