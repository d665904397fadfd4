#include "optbench/run/run_randomness.hpp"

#include <string>

#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"

namespace optbench {

namespace {

// Synthetic sets draw their samples from the run's seed; files are the same for every seed.
bool samples_depend_on_seed(const std::string& dataset) {
  const DatasetInfo* info = dataset_registry().find(dataset);
  if (info == nullptr) return false;
  for (const auto& p : info->params) {
    if (p.name == "seed") return true;
  }
  return false;
}

}  // namespace

std::uint64_t samples_seed(const RunPlan& plan, std::uint64_t seed) {
  if (!plan.spec.data || plan.problems.empty() || !samples_depend_on_seed(plan.spec.data->dataset))
    return 0;
  return plan.seed_for({plan.problems.front().data_key, std::to_string(seed)});
}

RunRandomness run_randomness(const RunPlan& plan, const RunSpec& run) {
  const ProblemInstance& problem = plan.problems[run.problem];
  const std::string seed_text = std::to_string(run.seed);
  RunRandomness r;
  r.start = plan.seed_for({problem.key, seed_text});
  if (plan.spec.data) {
    const std::string& data = problem.data_key;
    r.samples = samples_seed(plan, run.seed);
    r.split = plan.seed_for({data, seed_text, "split"});
    r.validation = plan.seed_for({data, seed_text, "validation"});
    r.sharpness = plan.seed_for({data, seed_text, "sharpness"});
    r.hessian = plan.seed_for({data, seed_text, "hessian"});
    // Drawn from the keys that shape the weights (hidden widths, init), not from batchnorm,
    // activation, loss or dropout: the batch-norm variants (and the losses) of a seed start from
    // the same dense weights, so their comparison is paired too.
    const std::string shape =
        "hidden=" + key_text(problem.model.get("hidden")) + ";init=" + problem.model.text("init");
    r.init = plan.seed_for({data, shape, seed_text, "init"});
  }
  if (plan.with_optimizers) {
    const std::string& optimizer = plan.optimizers[run.optimizer].key;
    r.dropout = plan.seed_for({problem.key, optimizer, seed_text, "dropout"});
    r.batches = plan.seed_for({problem.key, optimizer, seed_text, "batches"});
    r.optimizer = plan.seed_for({problem.key, optimizer, seed_text});
  }
  return r;
}

std::uint64_t probes_seed(const RunPlan& plan, const RunSpec& run, std::int64_t epoch) {
  return plan.seed_for({plan.problems[run.problem].data_key, std::to_string(run.seed), "probes",
                        std::to_string(epoch)});
}

std::uint64_t network_start_seed(const RunPlan& plan, const RunSpec& run, int index) {
  return plan.seed_for(
      {plan.problems[run.problem].key, std::to_string(run.seed), "start", std::to_string(index)});
}

Eigen::VectorXd start_point(const ProblemInstance& problem, const RunRandomness& randomness) {
  const Eigen::Index n = problem.dim;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
  if (problem.start) x = Eigen::Map<const Eigen::VectorXd>(problem.start->data(), n);
  if (problem.start_noise > 0.0) {
    Rng rng(randomness.start);
    Eigen::VectorXd noise(n);
    rng.ball(noise, problem.start_noise);
    x += noise;
  }
  return x;
}

}  // namespace optbench
