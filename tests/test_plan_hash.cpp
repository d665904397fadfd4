// The plan hash is taken of the plan's canonical text: any field that changes a run's numbers or
// a result file changes it, and the YAML's key order, flow or block style, number spelling and
// comments do not.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"

namespace optbench {
namespace {

std::string hash_of(const std::string& text, bool with_optimizers = true) {
  return expand_plan(parse_config(text, "test.yaml"), with_optimizers).hash;
}

const std::string kFunction = R"(name: t
kind: function
seeds: 2
problems:
  - {function: rosenbrock, dim: 3, start: zeros, start_noise: 0.1}
optimizers:
  - {name: adam, lr: 0.01, betas: [0.9, 0.99]}
stop: {max_steps: 20, target: 1.0e-6, diverge_above: 1.0e6}
record: {every: 2}
escape: {radius: 0.1}
analysis: {tol: 1.0e-10, bootstrap: 500, confidence: 0.9}
)";

// The base config with `from` replaced by `to` (which must be found).
std::string with(const std::string& base, const std::string& from, const std::string& to) {
  const auto at = base.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  std::string out = base;
  if (at != std::string::npos) out.replace(at, from.size(), to);
  return out;
}

TEST(PlanHash, EveryFieldThatChangesResultsChangesTheHash) {
  const std::map<std::string, std::string> changed = {
      {"seeds", with(kFunction, "seeds: 2", "seeds: 3")},
      {"seed_salt", with(kFunction, "seeds: 2\n", "seeds: 2\nseed_salt: other\n")},
      {"dim", with(kFunction, "dim: 3", "dim: 4")},
      {"start", with(kFunction, "start: zeros", "start: [1, 1, 1]")},
      {"start_noise", with(kFunction, "start_noise: 0.1", "start_noise: 0.2")},
      {"lr", with(kFunction, "lr: 0.01", "lr: 0.02")},
      {"betas", with(kFunction, "betas: [0.9, 0.99]", "betas: [0.9, 0.999]")},
      {"amsgrad", with(kFunction, "lr: 0.01,", "lr: 0.01, amsgrad: true,")},
      {"schedule",
       with(kFunction, "lr: 0.01,", "lr: 0.01, schedule: {name: StepLR, step_size: 5},")},
      {"optimizer", with(kFunction, "name: adam", "name: nadam")},
      {"max_steps", with(kFunction, "max_steps: 20", "max_steps: 21")},
      {"target", with(kFunction, "target: 1.0e-6", "target: 1.0e-7")},
      {"diverge_above", with(kFunction, "diverge_above: 1.0e6", "diverge_above: 1.0e7")},
      {"max_evaluations", with(kFunction, "max_steps: 20", "max_steps: 20, max_evaluations: 50")},
      {"record.every", with(kFunction, "every: 2", "every: 4")},
      {"escape.radius", with(kFunction, "radius: 0.1", "radius: 0.2")},
      {"escape.delta", with(kFunction, "radius: 0.1", "radius: 0.1, delta: 0.5")},
      {"analysis.tol", with(kFunction, "tol: 1.0e-10", "tol: 1.0e-9")},
      {"analysis.bootstrap", with(kFunction, "bootstrap: 500", "bootstrap: 600")},
      {"analysis.confidence", with(kFunction, "confidence: 0.9", "confidence: 0.95")},
      {"timing", kFunction + "timing: {min_time: 0.01}\n"},
      {"timing.min_time", kFunction + "timing: {min_time: 0.02}\n"},
      {"timing.repetitions", kFunction + "timing: {min_time: 0.01, repetitions: 3}\n"},
  };
  std::map<std::string, std::string> seen{{hash_of(kFunction), "base"}};
  for (const auto& [field, text] : changed) {
    const std::string hash = hash_of(text);
    const auto [at, fresh] = seen.emplace(hash, field);
    EXPECT_TRUE(fresh) << field << " gives the hash of " << at->second;
  }
}

const std::string kClassification = R"(name: c
kind: classification
data: {dataset: blobs, n: 60, test_fraction: 0.25}
model: {hidden: [4], batchnorm: before_activation}
train: {epochs: 2, batch_size: 16}
optimizers:
  - {name: sgd, lr: 0.1}
)";

TEST(PlanHash, EveryModelDataAndTrainKeyChangesTheHash) {
  const std::map<std::string, std::string> changed = {
      {"dataset", with(kClassification, "dataset: blobs", "dataset: moons")},
      {"data.n", with(kClassification, "n: 60", "n: 61")},
      {"test_fraction", with(kClassification, "test_fraction: 0.25", "test_fraction: 0.3")},
      {"standardize",
       with(kClassification, "test_fraction: 0.25", "test_fraction: 0.25, standardize: false")},
      {"hidden", with(kClassification, "hidden: [4]", "hidden: [5]")},
      {"batchnorm", with(kClassification, "batchnorm: before_activation", "batchnorm: none")},
      {"batchnorm_eps", with(kClassification, "hidden: [4]", "hidden: [4], batchnorm_eps: 1.0e-3")},
      {"batchnorm_momentum",
       with(kClassification, "hidden: [4]", "hidden: [4], batchnorm_momentum: null")},
      {"activation", with(kClassification, "hidden: [4]", "hidden: [4], activation: tanh")},
      {"dropout", with(kClassification, "hidden: [4]", "hidden: [4], dropout: 0.1")},
      {"init", with(kClassification, "hidden: [4]", "hidden: [4], init: xavier")},
      {"epochs", with(kClassification, "epochs: 2", "epochs: 3")},
      {"batch_size", with(kClassification, "batch_size: 16", "batch_size: 8")},
      {"dtype", with(kClassification, "batch_size: 16", "batch_size: 16, dtype: float32")},
      {"sharpness_every", kClassification + "record: {sharpness_every: 1}\n"},
      {"hessian_every", kClassification + "record: {hessian_every: 1}\n"},
      {"probes", kClassification + "record: {hessian_every: 1, probes: 4}\n"},
  };
  std::map<std::string, std::string> seen{{hash_of(kClassification), "base"}};
  for (const auto& [field, text] : changed) {
    const std::string hash = hash_of(text);
    const auto [at, fresh] = seen.emplace(hash, field);
    EXPECT_TRUE(fresh) << field << " gives the hash of " << at->second;
  }
}

TEST(PlanHash, KeyOrderStyleSpellingAndCommentsDoNotChangeTheHash) {
  const std::string reordered = R"(# the same config, written differently
analysis:
  confidence: 0.90
  bootstrap: 500
  tol: 1e-10
escape: {radius: 1.0e-1}
record:
  every: 2
stop:
  diverge_above: 1000000.0
  target: 0.000001
  max_steps: 20
optimizers:
  - betas: [0.90, 0.990]   # flow list, other spelling
    lr: 1.0e-2
    name: adam
problems:
  - start_noise: 0.10
    start: zeros
    dim: 3
    function: rosenbrock
seeds: 2
kind: function
name: another_name
)";
  EXPECT_EQ(hash_of(reordered), hash_of(kFunction));
  const std::string reordered_classification = R"(kind: classification
name: c2
optimizers: [{lr: 1.0e-1, name: sgd}]
train: {batch_size: 16, epochs: 2}
model:
  batchnorm: before_activation
  hidden: [4]
data:
  test_fraction: 0.250
  n: 60
  dataset: blobs
)";
  EXPECT_EQ(hash_of(reordered_classification), hash_of(kClassification));
}

}  // namespace
}  // namespace optbench
