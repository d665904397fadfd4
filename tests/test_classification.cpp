// kind classification end to end: the same files for every --jobs, common random numbers across
// optimizers (and batch-norm variants), accuracy on iris and breast cancer, divergence, sharpness
// against Hessians formed another way, bad configs, a user CSV.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "optbench/analysis/sharpness.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/csv_dataset.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

// The library sweep of `config` (YAML text), errors located in "classification.yaml".
void sweep(const std::string& config, const std::string& out, unsigned jobs = 1) {
  testing::sweep_config(config, out, jobs, "classification.yaml");
}

double number(const std::string& cell) {
  return std::stod(cell);
}

const char* kSmallSweep = R"(name: small
kind: classification
seeds: 2
data: {dataset: iris, test_fraction: 0.2}
model: {hidden: [[], [8]], batchnorm: [none, before_activation]}
train: {epochs: 6, batch_size: 16, target_accuracy: 0.9}
optimizers:
  - {name: sgd, lr: 0.1}
  - {name: momentum, lr: 0.05}
  - {name: adam, lr: 0.01}
record: {sharpness_every: 3}
)";

TEST(Classification, SameFilesForEveryJobCount) {
  testing::TempDir one;
  testing::TempDir two;
  sweep(kSmallSweep, one.str(), 1);
  sweep(kSmallSweep, two.str(), 2);
  const std::string a = one.str() + "/small/";
  const std::string b = two.str() + "/small/";
  EXPECT_EQ(read_csv(a + "runs.csv").rows.size(), 2u * 2u * 3u * 2u);
  EXPECT_EQ(testing::without_timing(a + "runs.csv"), testing::without_timing(b + "runs.csv"));
  EXPECT_EQ(testing::without_timing(a + "trace.csv"), testing::without_timing(b + "trace.csv"));
  EXPECT_EQ(read_file(a + "summary.csv"), read_file(b + "summary.csv"));
  // Sharpness at epochs 0, 3 and 6, next to 2/lr.
  std::size_t measured = 0;
  for (const auto& row : testing::csv_records(a + "trace.csv")) {
    const bool due = std::stoi(row.at("epoch")) % 3 == 0;
    EXPECT_EQ(!row.at("sharpness").empty(), due) << "epoch " << row.at("epoch");
    if (!due) continue;
    ++measured;
    EXPECT_GT(number(row.at("sharpness")), 0.0);
    EXPECT_DOUBLE_EQ(number(row.at("two_over_lr")), 2.0 / number(row.at("lr")));
  }
  EXPECT_EQ(measured, 24u * 3u);
}

// dtype and BatchNorm1d's arguments stay out of the seeding key (paired batches) but change
// the numbers: the plan hash must take them, or a changed config is taken for a complete one.
TEST(Classification, PlanHashTakesDtypeAndBatchNormArguments) {
  auto hash_of = [](const std::string& extra_model, const std::string& extra_train) {
    const std::string config =
        "name: h\nkind: classification\ndata: {dataset: iris}\n"
        "model: {hidden: [8], batchnorm: before_activation" +
        extra_model + "}\ntrain: {epochs: 2" + extra_train +
        "}\noptimizers:\n  - {name: sgd, lr: 0.1}\n";
    const RunPlan plan = expand_plan(parse_config(config, "h.yaml"), true);
    return std::make_pair(plan.hash, plan.problems.at(0).key);
  };
  const auto base = hash_of("", "");
  EXPECT_EQ(hash_of("", ""), base);
  const auto eps = hash_of(", batchnorm_eps: 0.001", "");
  const auto momentum = hash_of(", batchnorm_momentum: 0.5", "");
  const auto dtype = hash_of("", ", dtype: float32");
  EXPECT_NE(eps.first, base.first);
  EXPECT_NE(momentum.first, base.first);
  EXPECT_NE(dtype.first, base.first);
  EXPECT_NE(eps.first, momentum.first);
  // The seeding key is unchanged: the variants still draw the same batches.
  EXPECT_EQ(eps.second, base.second);
  EXPECT_EQ(dtype.second, base.second);
}

TEST(Classification, EveryOptimizerOfASeedStartsFromTheSameSplitAndWeights) {
  testing::TempDir dir;
  sweep(kSmallSweep, dir.str());
  const auto runs = testing::csv_records(dir.str() + "/small/runs.csv");
  const auto trace = testing::csv_records(dir.str() + "/small/trace.csv");
  // Epoch-0 rows: evaluation of the initial weights on the seed's split.
  std::map<std::string, std::map<std::string, std::string>> start;
  for (const auto& row : trace) {
    if (row.at("epoch") == "0") start[row.at("run_id")] = row;
  }
  ASSERT_EQ(start.size(), runs.size());
  const std::vector<std::string> measured{"train_loss", "train_accuracy", "test_loss",
                                          "test_accuracy", "sharpness"};
  // Per (model, seed): every optimizer sees the same numbers at epoch 0.
  std::map<std::string, std::vector<std::string>> groups;
  for (const auto& run : runs) {
    groups[run.at("hidden") + "|" + run.at("batchnorm") + "|" + run.at("seed")].push_back(
        run.at("run_id"));
  }
  ASSERT_EQ(groups.size(), 2u * 2u * 2u);
  for (const auto& [group, ids] : groups) {
    ASSERT_EQ(ids.size(), 3u) << group;
    for (const auto& id : ids) {
      for (const auto& column : measured) {
        EXPECT_EQ(start[id].at(column), start[ids.front()].at(column)) << group << " " << column;
      }
    }
  }
  // Different seeds draw different splits or weights.
  EXPECT_NE(start[groups.at("[]|none|0").front()].at("train_loss"),
            start[groups.at("[]|none|1").front()].at("train_loss"));
  // The batch-norm variants of a seed start from the same dense weights: softmax regression has
  // no hidden layer to normalise, so its start is the same; with a hidden layer, evaluation-mode
  // batch norm at initialisation only divides by sqrt(1 + eps).
  for (const std::string seed : {"0", "1"}) {
    EXPECT_EQ(start[groups.at("[]|none|" + seed).front()].at("train_loss"),
              start[groups.at("[]|before_activation|" + seed).front()].at("train_loss"));
    const double plain = number(start[groups.at("[8]|none|" + seed).front()].at("train_loss"));
    const double normed =
        number(start[groups.at("[8]|before_activation|" + seed).front()].at("train_loss"));
    EXPECT_NEAR(normed, plain, 1e-4 * plain) << "seed " << seed;
  }
}

TEST(Classification, IrisSoftmaxRegressionWithAdam) {
  testing::TempDir dir;
  sweep(R"(name: iris
kind: classification
seeds: 3
data: {dataset: iris, test_fraction: 0.2, standardize: true}
model: {hidden: []}
train: {epochs: 50, batch_size: 16, target_accuracy: 0.85}
optimizers:
  - {name: adam, lr: 0.01}
)",
        dir.str());
  const auto runs = testing::csv_records(dir.str() + "/iris/runs.csv");
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.at("status"), "reached_target") << "seed " << run.at("seed");
    EXPECT_EQ(run.at("loss"), "auto");
    EXPECT_EQ(run.at("parameters"), "15");  // 3 outputs x (4 features + bias): softmax
    EXPECT_LE(number(run.at("epochs_to_target")), 50.0);
    EXPECT_GE(number(run.at("final_test_accuracy")), 0.85) << "seed " << run.at("seed");
  }
}

TEST(Classification, BreastCancerPicksSigmoidAndBinaryCrossEntropy) {
  testing::TempDir dir;
  sweep(R"(name: breast-cancer
kind: classification
seeds: 3
data: {dataset: breast_cancer, test_fraction: 0.2, standardize: true}
model: {hidden: [], loss: [auto, cross_entropy]}
train: {epochs: 30, batch_size: 32, target_accuracy: 0.93}
optimizers:
  - {name: momentum, lr: 0.01}
)",
        dir.str());
  const auto runs = testing::csv_records(dir.str() + "/breast-cancer/runs.csv");
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& run : runs) {
    // auto = sigmoid + BCE: one output, 30 weights and a bias; cross_entropy has two outputs.
    EXPECT_EQ(run.at("parameters"), run.at("loss") == "auto" ? "31" : "62");
    EXPECT_GE(number(run.at("final_test_accuracy")), 0.93)
        << "loss " << run.at("loss") << " seed " << run.at("seed");
    EXPECT_EQ(run.at("status"), "reached_target");
  }
}

TEST(Classification, HugeLearningRateDivergesAndTheOtherRunsComplete) {
  testing::TempDir dir;
  sweep(R"(name: diverge
kind: classification
seeds: 2
data: {dataset: iris}
model: {hidden: [16]}
train: {epochs: 20, batch_size: 16, target_accuracy: 0.9}
optimizers:
  - {name: sgd, lr: [0.1, 1.0e6]}
)",
        dir.str());
  const auto runs = testing::csv_records(dir.str() + "/diverge/runs.csv");
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& run : runs) {
    if (run.at("lr") == "1e+06") {
      EXPECT_EQ(run.at("status"), "diverged");
      EXPECT_LT(number(run.at("epochs_done")), 20.0);
      EXPECT_TRUE(std::isnan(number(run.at("final_loss"))));
      EXPECT_TRUE(std::isnan(number(run.at("final_test_accuracy"))));
    } else {
      EXPECT_EQ(run.at("status"), "reached_target");
      EXPECT_EQ(run.at("epochs_done"), "20");
      EXPECT_GE(number(run.at("final_test_accuracy")), 0.9);
    }
  }
  EXPECT_TRUE(fs::exists(dir.str() + "/diverge/summary.csv"));
}

// A user CSV of two classes in 3 features, labelled by the sign of a linear score plus Gaussian
// noise of sd `noise`: they overlap, so a logistic regression has a unique optimum.
std::string overlapping_csv(const fs::path& path, int samples, double noise) {
  Rng rng(42);
  std::string text = "f0,f1,f2,label\n";
  for (int i = 0; i < samples; ++i) {
    const double x0 = rng.normal();
    const double x1 = rng.normal();
    const double x2 = rng.normal();
    const double score = 1.5 * x0 - x1 + 0.5 * x2 + 0.3 + noise * rng.normal();
    text += std::to_string(x0) + "," + std::to_string(x1) + "," + std::to_string(x2) + "," +
            (score > 0 ? "1" : "0") + "\n";
  }
  testing::write_text(path, text);
  return path.string();
}

// The exact Hessian of the mean binary cross-entropy of a logistic regression at its optimum,
// found by Newton's method: H = mean p(1 - p) [x; 1][x; 1]^T.
double logistic_regression_sharpness(const Dataset& data) {
  const Eigen::Index d = data.features() + 1;
  Eigen::MatrixXd x(d, data.samples());
  x.topRows(data.features()) = data.x;
  x.row(d - 1).setOnes();
  const Eigen::VectorXd y = data.y.cast<double>();
  Eigen::VectorXd w = Eigen::VectorXd::Zero(d);
  Eigen::MatrixXd h(d, d);
  const double n = static_cast<double>(data.samples());
  for (int it = 0; it < 50; ++it) {
    const Eigen::ArrayXd p = (1.0 + (-(w.transpose() * x).array()).exp()).inverse().transpose();
    const Eigen::VectorXd g = x * (p - y.array()).matrix() / n;
    h = x * (p * (1.0 - p)).matrix().asDiagonal() * x.transpose() / n;
    w -= h.ldlt().solve(g);
    if (g.norm() < 1e-14) break;
  }
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h).eigenvalues().maxCoeff();
}

TEST(Classification, SharpnessOfLogisticRegressionIsTheLargestHessianEigenvalue) {
  testing::TempDir dir;
  const std::string csv = overlapping_csv(dir.path() / "overlap.csv", 400, 1.2);
  // Full-batch gradient descent (one batch of every sample, no test part, raw features) until it
  // has converged; the last sharpness is then the one at the optimum.
  sweep(R"(name: gd
kind: classification
seeds: 1
data: {dataset: csv, path: ")" +
            csv + R"(", test_fraction: 0, standardize: false}
model: {hidden: []}
train: {epochs: 300, batch_size: 1000}
optimizers:
  - {name: sgd, lr: 2.0}
record: {sharpness_every: 100}
)",
        dir.str());
  const auto runs = testing::csv_records(dir.str() + "/gd/runs.csv");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("steps"), "300");  // one step per epoch: gradient descent
  EXPECT_EQ(runs[0].at("parameters"), "4");
  const double recorded = number(runs[0].at("final_sharpness"));
  const double exact = logistic_regression_sharpness(read_csv_dataset(csv));
  EXPECT_GT(recorded, 0.0);
  EXPECT_NEAR(recorded, exact, 0.01 * exact);
  // Every recorded value is a Hessian eigenvalue: positive and below the bound p(1 - p) <= 1/4
  // puts on it, a quarter of the largest eigenvalue of mean [x; 1][x; 1]^T.
  const Dataset data = read_csv_dataset(csv);
  Eigen::MatrixXd x(4, data.samples());
  x.topRows(3) = data.x;
  x.row(3).setOnes();
  const double bound = 0.25 * Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(
                                  x * x.transpose() / static_cast<double>(data.samples()))
                                  .eigenvalues()
                                  .maxCoeff();
  int measured = 0;
  for (const auto& row : testing::csv_records(dir.str() + "/gd/trace.csv")) {
    if (row.at("sharpness").empty()) continue;
    ++measured;
    EXPECT_GT(number(row.at("sharpness")), 0.0);
    EXPECT_LE(number(row.at("sharpness")), bound * (1.0 + 1e-6));
  }
  EXPECT_EQ(measured, 4);  // epochs 0, 100, 200, 300
}

// A small network and batch for the Hessian checks: `features` inputs, 3 classes.
struct Problem {
  nn::Mlp model;
  Eigen::VectorXd params;
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
};

Problem small_network(const std::string& activation, const std::string& batchnorm) {
  nn::MlpSpec spec;
  spec.inputs = 4;
  spec.classes = 3;
  spec.hidden = {6};
  spec.activation = activation;
  spec.batchnorm = batchnorm;
  Problem p{nn::Mlp(spec), {}, Eigen::MatrixXd(4, 64), Eigen::VectorXi(64)};
  Rng rng(7);
  p.params.resize(p.model.parameter_count());
  p.model.initialize(p.params, rng);
  for (Eigen::Index k = 0; k < p.x.size(); ++k) p.x.data()[k] = rng.normal();
  for (Eigen::Index i = 0; i < p.y.size(); ++i) p.y(i) = static_cast<int>(i % 3);
  // A few train-mode steps so that weights, gammas and running statistics are not at their
  // initial values (the evaluation mode uses the running statistics).
  Eigen::VectorXd grad(p.params.size());
  for (int step = 0; step < 20; ++step) {
    p.model.loss_and_gradient(p.params, p.x, p.y, grad);
    p.params -= 0.1 * grad;
  }
  return p;
}

// The dense Hessian, column by column from `product(e_i)`, symmetrised.
template <class Product>
Eigen::MatrixXd dense_hessian(Eigen::Index n, Product product) {
  Eigen::MatrixXd h(n, n);
  Eigen::VectorXd column(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    product(Eigen::VectorXd::Unit(n, i), column);
    h.col(i) = column;
  }
  return 0.5 * (h + h.transpose());
}

TEST(Sharpness, LanczosFindsTheLargestEigenvalueOfASmoothNetwork) {
  // tanh is smooth: the Hessian from plain central differences of the gradient is the reference.
  for (const std::string batchnorm : {"none", "before_activation"}) {
    Problem p = small_network("tanh", batchnorm);
    const Eigen::Index n = p.params.size();
    ASSERT_GT(n, 2 * kSharpnessSteps);  // Lanczos sees only part of the space
    Eigen::VectorXd plus(n);
    Eigen::VectorXd minus(n);
    const double h = 1e-5;
    const Eigen::MatrixXd hessian =
        dense_hessian(n, [&](const Eigen::VectorXd& e, Eigen::VectorXd& out) {
          p.model.eval_loss_and_gradient(p.params + h * e, p.x, p.y, plus);
          p.model.eval_loss_and_gradient(p.params - h * e, p.x, p.y, minus);
          out = (plus - minus) / (2.0 * h);
        });
    const double exact =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(hessian).eigenvalues().maxCoeff();
    Rng rng(3);
    const double estimate = sharpness(p.model, p.params, p.x, p.y, rng);
    EXPECT_GT(exact, 0.0);
    EXPECT_NEAR(estimate, exact, 1e-3 * exact) << batchnorm;
  }
}

TEST(Sharpness, ReluProductsHoldTheActivationPattern) {
  for (const std::string batchnorm : {"none", "before_activation", "after_activation"}) {
    Problem p = small_network("relu", batchnorm);
    const Eigen::Index n = p.params.size();
    Rng rng(11);
    Eigen::VectorXd u(n);
    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      u(i) = rng.normal();
      v(i) = rng.normal();
    }
    u.normalize();
    v.normalize();
    // Products of one fixed matrix: symmetric and linear in the vector, to the O(h^2) of the
    // central difference, and the same for any small step (the loss with the pattern held is
    // smooth). Without the held pattern a unit crossing its kink within the step adds a jump/2h.
    const double h = 1e-3;
    Eigen::VectorXd hu(n);
    Eigen::VectorXd hv(n);
    Eigen::VectorXd hw(n);
    p.model.eval_hessian_vector_product(p.params, p.x, p.y, u, h, hu);
    p.model.eval_hessian_vector_product(p.params, p.x, p.y, v, h, hv);
    p.model.eval_hessian_vector_product(p.params, p.x, p.y, ((2.0 * u - v) / 3.0).eval(), h, hw);
    const double scale = hu.norm() + hv.norm();
    EXPECT_NEAR(u.dot(hv), v.dot(hu), 1e-5 * scale) << batchnorm;
    EXPECT_LE((3.0 * hw - (2.0 * hu - hv)).norm(), 1e-5 * scale) << batchnorm;
    Eigen::VectorXd fine(n);
    p.model.eval_hessian_vector_product(p.params, p.x, p.y, u, 1e-5, fine);
    EXPECT_LE((fine - hu).norm(), 1e-5 * hu.norm()) << batchnorm;
    // Lanczos against the dense Hessian of the same products.
    const Eigen::MatrixXd hessian =
        dense_hessian(n, [&](const Eigen::VectorXd& e, Eigen::VectorXd& out) {
          p.model.eval_hessian_vector_product(p.params, p.x, p.y, e, 1e-4, out);
        });
    const double exact =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(hessian).eigenvalues().maxCoeff();
    Rng start(5);
    EXPECT_NEAR(sharpness(p.model, p.params, p.x, p.y, start), exact, 1e-3 * exact) << batchnorm;
  }
}

// Bad configs: exit code 2, one located line on stderr, nothing written.
struct BadConfig {
  std::string name;
  std::string body;  // after the common head
  int line;
  std::string keypath;
  std::string message;
};

TEST(Classification, BadConfigsAreLocatedErrors) {
  testing::TempDir dir;
  const std::string missing_csv = (dir.path() / "no-such-file.csv").string();
  const std::string head =
      "name: bad\nkind: classification\nseeds: 1\noptimizers:\n  - {name: sgd, lr: 0.1}\n";
  const std::vector<BadConfig> cases{
      {"unknown_dataset", "data: {dataset: irsi}\n", 6, "data.dataset", "did you mean 'iris'?"},
      {"bce_three_classes", "data: {dataset: iris}\nmodel: {loss: bce}\n", 7, "model.loss",
       "needs exactly 2 classes, got 3"},
      {"batch_size_zero", "data: {dataset: iris}\ntrain: {batch_size: 0}\n", 7, "train.batch_size",
       "got 0"},
      {"hidden_zero", "data: {dataset: iris}\nmodel: {hidden: [0]}\n", 7, "model.hidden", "got 0"},
      {"unknown_model_key", "data: {dataset: iris}\nmodel: {hiden: [4]}\n", 7, "model.hiden",
       "did you mean 'hidden'?"},
      {"data_missing", "", 1, "data", "missing"},
      {"csv_missing", "data: {dataset: csv, path: " + missing_csv + "}\n", 6, "data.path",
       "no-such-file.csv"},
      {"test_fraction_one", "data: {dataset: iris, test_fraction: 1}\n", 6, "data.test_fraction",
       "[0, 1)"},
      {"unknown_data_key", "data: {dataset: moons, nosie: 0.1}\n", 6, "data.nosie",
       "did you mean 'noise'?"},
  };
  for (const auto& c : cases) {
    const fs::path config = dir.path() / (c.name + ".yaml");
    testing::write_text(config, head + c.body);
    const fs::path out = dir.path() / ("out-" + c.name);
    const testing::CliResult r = testing::run_cli({"run", config.string(), "--out", out.string()});
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.err;
    const std::string located = config.string() + ":" + std::to_string(c.line) + ":";
    EXPECT_EQ(r.err.rfind(located, 0), 0u) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find("error: " + c.keypath + ": "), std::string::npos)
        << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(out / "bad")) << c.name;
  }
}

TEST(Classification, UserCsvDataSet) {
  testing::TempDir dir;
  const std::string csv = overlapping_csv(dir.path() / "mine.csv", 300, 0.3);
  const fs::path config = dir.path() / "mine.yaml";
  testing::write_text(config, R"(name: mine
kind: classification
seeds: 2
data: {dataset: csv, path: ")" + csv +
                                  R"("}
model: {hidden: [[], [8]]}
train: {epochs: 20, batch_size: 16, target_accuracy: 0.85}
optimizers:
  - {name: adam, lr: 0.05}
)");
  const testing::CliResult r =
      testing::run_cli({"run", config.string(), "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = testing::csv_records(dir.str() + "/mine/runs.csv");
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.at("problem"), "csv");
    EXPECT_EQ(run.at("data.path"), csv);
    EXPECT_EQ(run.at("status"), "reached_target");
    EXPECT_GE(number(run.at("best_test_accuracy")), 0.85);
  }
  // The data set's own keys are data.*, apart from the run's seed and summary.csv's n.
  const CsvTable summary = read_csv(dir.str() + "/mine/summary.csv");
  EXPECT_EQ(std::count(summary.header.begin(), summary.header.end(), "n"), 1);
  EXPECT_EQ(std::count(summary.header.begin(), summary.header.end(), "data.path"), 1);
  // 300 samples, 20% held out per class: 240 training samples, 15 batches of 16 per epoch.
  EXPECT_EQ(runs[0].at("steps"), "300");
}

// A relative data path is read from the config's folder, whatever the working folder (the test
// runs from the build tree); runs.csv keeps the path as written.
TEST(Classification, RelativeDataPathIsReadFromTheConfigsFolder) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "data");
  fs::create_directories(dir.path() / "elsewhere");
  overlapping_csv(dir.path() / "data" / "mine.csv", 200, 0.3);
  const std::string config =
      "name: rel\nkind: classification\nseeds: 1\ndata: {dataset: csv, path: data/mine.csv}\n"
      "model: {hidden: [4]}\ntrain: {epochs: 3}\noptimizers:\n  - {name: adam}\n";
  testing::write_text(dir.path() / "rel.yaml", config);
  const testing::CliResult r =
      testing::run_cli({"run", (dir.path() / "rel.yaml").string(), "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = testing::csv_records(dir.str() + "/rel/runs.csv");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("data.path"), "data/mine.csv");
  // 200 samples, 40 held out: 160 training samples, 5 batches of 32 for 3 epochs.
  EXPECT_EQ(runs[0].at("steps"), "15");

  // The same config in another folder, without the data beside it, names where it looked.
  testing::write_text(dir.path() / "elsewhere" / "rel.yaml", config);
  const testing::CliResult missing =
      testing::run_cli({"run", (dir.path() / "elsewhere" / "rel.yaml").string(), "--out",
                        (dir.path() / "elsewhere" / "out").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find((dir.path() / "elsewhere" / "data" / "mine.csv").string()),
            std::string::npos)
      << missing.err;
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere" / "out"));
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

// Without train.target_accuracy there is nothing to succeed at: the table says "-", not 0.
TEST(Classification, OutcomeTableShowsNoSuccessRateWithoutATarget) {
  testing::TempDir dir;
  const std::string head =
      "name: t\nkind: classification\nseeds: 1\ndata: {dataset: iris}\nmodel: {hidden: [4]}\n"
      "optimizers:\n  - {name: adam, lr: 0.01}\n";
  testing::write_text(dir.path() / "none.yaml", head + "train: {epochs: 2}\n");
  testing::write_text(dir.path() / "some.yaml",
                      head + "train: {epochs: 2, target_accuracy: 0.01}\n");
  const auto none = testing::run_cli(
      {"run", (dir.path() / "none.yaml").string(), "--out", (dir.path() / "a").string()});
  const auto some = testing::run_cli(
      {"run", (dir.path() / "some.yaml").string(), "--out", (dir.path() / "b").string()});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  ASSERT_EQ(some.exit_code, 0) << some.err;
  const std::regex row_none(R"(\niris +adam lr=0\.01 +1 +- +)");
  const std::regex row_some(R"(\niris +adam lr=0\.01 +1 +1 +)");
  EXPECT_TRUE(std::regex_search(none.out, row_none)) << none.out;
  EXPECT_TRUE(std::regex_search(some.out, row_some)) << some.out;
}

}  // namespace
}  // namespace optbench
