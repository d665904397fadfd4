// train.dtype float32: the float network against the float64 one at the same weights, the
// paired float32/float64 sweep end to end, and the configs it refuses.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/random.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

// The library sweep of `config` (YAML text), errors located in "float32.yaml".
void sweep(const std::string& config, const std::string& out, unsigned jobs = 1) {
  testing::sweep_config(config, out, jobs, "float32.yaml");
}

nn::MlpSpec network(const std::string& batchnorm, const std::string& activation, int classes) {
  nn::MlpSpec spec;
  spec.inputs = 12;
  spec.hidden = {16, 8};
  spec.classes = classes;
  spec.batchnorm = batchnorm;
  spec.activation = activation;
  return spec;
}

struct Batch {
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
};

Batch batch(Eigen::Index n, int classes, std::uint64_t seed) {
  Rng rng(seed);
  Batch b{Eigen::MatrixXd(12, n), Eigen::VectorXi(n)};
  for (Eigen::Index i = 0; i < b.x.size(); ++i) b.x.data()[i] = rng.normal();
  for (Eigen::Index j = 0; j < n; ++j) b.y(j) = static_cast<int>(j % classes);
  return b;
}

// Both networks draw their weights from the same stream; the float one holds them rounded.
TEST(Float32, InitialWeightsAreTheFloat64OnesRounded) {
  for (const std::string init : {"he", "xavier", "torch"}) {
    nn::MlpSpec spec = network("before_activation", "relu", 3);
    spec.init = init;
    nn::Mlp wide(spec);
    nn::MlpFloat narrow(spec);
    Eigen::VectorXd p64(wide.parameter_count());
    Eigen::VectorXf p32(narrow.parameter_count());
    Rng a(7);
    Rng b(7);
    wide.initialize(p64, a);
    narrow.initialize(p32, b);
    EXPECT_TRUE(p32 == p64.cast<float>()) << init;
    EXPECT_GT(p64.cwiseAbs().maxCoeff(), 0.0) << init;
  }
}

// The float32 forward/backward computes the float64 loss and gradient to float's precision, for
// every batch-norm placement, activation and loss, in train and eval mode.
TEST(Float32, LossAndGradientMatchFloat64AtTheSameWeights) {
  for (const std::string bn : {"none", "before_activation", "after_activation"}) {
    for (const std::string act : {"relu", "tanh", "sigmoid"}) {
      for (const int classes : {2, 4}) {
        for (const std::string loss : {"auto", "mse"}) {
          nn::MlpSpec spec = network(bn, act, classes);
          spec.loss = loss;
          nn::Mlp wide(spec);
          nn::MlpFloat narrow(spec);
          Eigen::VectorXd p64(wide.parameter_count());
          Rng rng(11);
          wide.initialize(p64, rng);
          const Eigen::VectorXf p32 = p64.cast<float>();
          const Eigen::VectorXd rounded = p32.cast<double>();  // both see the same weights
          const Batch b = batch(24, classes, 5);
          const Eigen::MatrixXf x32 = b.x.cast<float>();
          const Eigen::MatrixXd x64 = x32.cast<double>();
          Eigen::VectorXd g64(wide.parameter_count());
          Eigen::VectorXf g32(narrow.parameter_count());
          const std::string what = bn + " " + act + " " + std::to_string(classes) + " " + loss;

          const double l64 = wide.loss_and_gradient(rounded, x64, b.y, g64);
          const double l32 = narrow.loss_and_gradient(p32, x32, b.y, g32);
          EXPECT_NEAR(l32, l64, 2e-6 * std::max(1.0, std::abs(l64))) << what;
          const double scale = g64.cwiseAbs().maxCoeff();
          ASSERT_GT(scale, 0.0) << what;
          EXPECT_LT((g32.cast<double>() - g64).cwiseAbs().maxCoeff(), 1e-4 * scale) << what;
          // The running statistics moved the same way.
          ASSERT_EQ(narrow.state().size(), wide.state().size()) << what;
          if (bn != "none") {
            EXPECT_LT((narrow.state().cast<double>() - wide.state()).cwiseAbs().maxCoeff(), 1e-5)
                << what;
          }

          double acc64 = 0.0;
          double acc32 = 0.0;
          const double e64 = wide.evaluate(rounded, x64, b.y, &acc64);
          const double e32 = narrow.evaluate(p32, x32, b.y, &acc32);
          EXPECT_NEAR(e32, e64, 2e-6 * std::max(1.0, std::abs(e64))) << what;
          EXPECT_NEAR(acc32, acc64, 1.0 / 24.0 + 1e-12) << what;  // at most one borderline sample
        }
      }
    }
  }
}

// A dtype axis pairs each float32 run with its float64 twin: same split, weights and batches,
// so after training they end close; runs.csv names the dtype; --jobs changes nothing.
TEST(Float32, PairedSweepTrainsToTheSameAccuracy) {
  const std::string config =
      "name: dtypes\nkind: classification\nseeds: 2\n"
      "data: {dataset: iris, test_fraction: 0.3}\n"
      "model: {hidden: [16], batchnorm: [none, before_activation]}\n"
      "train: {epochs: 15, batch_size: 16, dtype: [float64, float32]}\n"
      "optimizers:\n  - {name: adam, lr: 0.01}\n  - {name: momentum, lr: 0.05}\n"
      "record: {sharpness_every: 15}\n";
  testing::TempDir one;
  testing::TempDir two;
  sweep(config, one.str(), 1);
  sweep(config, two.str(), 2);
  const auto rows = testing::csv_records(one.str() + "/dtypes/runs.csv");
  ASSERT_EQ(rows.size(), 16u);
  std::map<std::string, std::map<std::string, const std::map<std::string, std::string>*>> pairs;
  for (const auto& r : rows) {
    ASSERT_TRUE(r.at("dtype") == "float64" || r.at("dtype") == "float32");
    EXPECT_EQ(r.at("status"), "max_epochs");
    pairs[r.at("batchnorm") + r.at("optimizer") + r.at("seed")][r.at("dtype")] = &r;
  }
  ASSERT_EQ(pairs.size(), 8u);
  for (const auto& [key, pair] : pairs) {
    const auto& a = *pair.at("float64");
    const auto& b = *pair.at("float32");
    EXPECT_EQ(a.at("steps"), b.at("steps")) << key;
    EXPECT_NEAR(std::stod(b.at("final_loss")), std::stod(a.at("final_loss")),
                1e-3 * std::max(1.0, std::stod(a.at("final_loss"))))
        << key;
    EXPECT_NEAR(std::stod(b.at("final_test_accuracy")), std::stod(a.at("final_test_accuracy")),
                0.05)
        << key;
    // The largest Hessian eigenvalue of a batch-norm network moves more than the loss with the
    // rounding 15 epochs of float32 accumulate (up to 4.4% here, against 1e-3 for the loss).
    EXPECT_NEAR(std::stod(b.at("final_sharpness")), std::stod(a.at("final_sharpness")),
                0.06 * std::abs(std::stod(a.at("final_sharpness"))))
        << key;
  }
  for (const std::string file : {"runs.csv", "trace.csv"}) {
    EXPECT_EQ(testing::without_timing(one.str() + "/dtypes/" + file),
              testing::without_timing(two.str() + "/dtypes/" + file))
        << file;
  }
}

// float64 runs draw the batches they drew before dtype existed: the key that seeds them leaves
// dtype out, so a config without the key and one with dtype: float64 give the same runs.
TEST(Float32, Float64RunsDoNotDependOnTheKeysPresence) {
  const std::string base =
      "name: same\nkind: classification\nseeds: 1\ndata: {dataset: iris}\n"
      "model: {hidden: [8]}\noptimizers:\n  - {name: sgd, lr: 0.1}\n";
  testing::TempDir a;
  testing::TempDir b;
  sweep(base + "train: {epochs: 3, batch_size: 8}\n", a.str(), 1);
  sweep(base + "train: {epochs: 3, batch_size: 8, dtype: float64}\n", b.str(), 1);
  const auto ra = testing::csv_records(a.str() + "/same/runs.csv");
  const auto rb = testing::csv_records(b.str() + "/same/runs.csv");
  ASSERT_EQ(ra.size(), 1u);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(ra[0].at("final_loss"), rb[0].at("final_loss"));
  EXPECT_EQ(ra[0].at("dtype"), "float64");
}

TEST(Float32, BadDtypesAreLocatedErrors) {
  testing::TempDir dir;
  const fs::path config = dir.path() / "bad.yaml";
  const std::string head =
      "name: bad\nkind: classification\ndata: {dataset: iris}\nmodel: {hidden: [4]}\n";
  testing::write_text(config, head +
                                  "train: {epochs: 1, dtype: float16}\n"
                                  "optimizers:\n  - {name: adam}\n");
  auto r = testing::run_cli({"run", config.string(), "--out", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("train.dtype"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("float32"), std::string::npos) << r.err;

  testing::write_text(config, head +
                                  "train: {epochs: 1, dtype: float32}\n"
                                  "optimizers:\n  - {name: adam}\n  - {name: newton}\n");
  r = testing::run_cli({"run", config.string(), "--out", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("optimizers[1].name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no float32 update"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

}  // namespace
}  // namespace optbench
