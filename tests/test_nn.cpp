// The neural-network module against PyTorch (tests/data/{losses,batchnorm,mlp}.yaml, float64),
// central finite differences, initialisation statistics, eval mode and allocation-free steps.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/nn/activation.hpp"
#include "optbench/nn/batchnorm.hpp"
#include "optbench/nn/loss.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

// Heap-allocation counters of the operator new that tests/test_optimizers.cpp replaces.
extern std::atomic<bool> g_counting;
extern std::atomic<long> g_allocations;

// Eigen takes its storage from std::malloc, which operator new never sees: with glibc (and no
// sanitizer, which intercepts malloc itself) count malloc, calloc and realloc too, forwarding to
// glibc's own allocator.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define OPTBENCH_SANITIZED_MALLOC 1
#endif
#endif
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(OPTBENCH_SANITIZED_MALLOC)
#define OPTBENCH_COUNT_MALLOC 1
namespace {
std::atomic<bool> g_counting_malloc{false};
std::atomic<long> g_mallocs{0};
void count_malloc() {
  if (g_counting_malloc.load(std::memory_order_relaxed)) ++g_mallocs;
}
}  // namespace
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* malloc(std::size_t size) noexcept {
  count_malloc();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
  count_malloc();
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  count_malloc();
  return __libc_realloc(p, size);
}
}
#endif

namespace optbench::nn {
namespace {

using testing::close;

constexpr double kRtol = 1e-10;
constexpr double kAtol = 1e-12;

YAML::Node load(const std::string& name) {
  return YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/" + name);
}

Eigen::VectorXd vector_of(const YAML::Node& node) {
  const auto v = node.as<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

Eigen::VectorXi labels_of(const YAML::Node& node) {
  const auto v = node.as<std::vector<int>>();
  return Eigen::Map<const Eigen::VectorXi>(v.data(), static_cast<Eigen::Index>(v.size()));
}

/// A YAML list of rows as a matrix (rows x cols, as written).
Eigen::MatrixXd matrix_of(const YAML::Node& node) {
  const auto rows = node.as<std::vector<std::vector<double>>>();
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()),
                    rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[i][j];
  }
  return m;
}

/// A YAML value that is either a list of numbers (a vector, n x 1) or a list of rows.
Eigen::MatrixXd block_of(const YAML::Node& node) {
  if (node.size() > 0 && node[0].IsSequence()) return matrix_of(node);
  return vector_of(node);
}

void expect_close(const Eigen::Ref<const Eigen::MatrixXd>& actual,
                  const Eigen::Ref<const Eigen::MatrixXd>& expected, const std::string& what,
                  double rtol = kRtol, double atol = kAtol) {
  ASSERT_EQ(actual.rows(), expected.rows()) << what;
  ASSERT_EQ(actual.cols(), expected.cols()) << what;
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      EXPECT_TRUE(close(actual(i, j), expected(i, j), rtol, atol))
          << what << "(" << i << ", " << j << "): " << actual(i, j) << " vs " << expected(i, j);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Losses

TEST(NnLosses, BinaryCrossEntropyMatchesTorch) {
  const YAML::Node doc = load("losses.yaml");
  ASSERT_GT(doc["binary_cross_entropy_with_logits"].size(), 0u);
  for (const auto& c : doc["binary_cross_entropy_with_logits"]) {
    const std::string id = c["id"].as<std::string>();
    const Eigen::MatrixXd z = vector_of(c["logits"]).transpose();  // 1 x n
    const Eigen::VectorXd t = vector_of(c["targets"]);
    Eigen::MatrixXd grad(1, z.cols());
    const double value = bce_with_logits(z, t, grad);
    EXPECT_TRUE(std::isfinite(value)) << id;
    EXPECT_TRUE(grad.allFinite()) << id;
    EXPECT_TRUE(close(value, c["value_log1p"].as<double>(), kRtol, kAtol)) << id << ": " << value;
    EXPECT_NEAR(value, c["value"].as<double>(), 1e-12) << id;
    expect_close(grad, vector_of(c["grad_logits"]).transpose(), id + " grad");

    // Integer labels give the same where the targets are 0/1.
    if ((t.array() == 0.0 || t.array() == 1.0).all()) {
      const Eigen::VectorXi y = t.cast<int>();
      Eigen::MatrixXd grad2(1, z.cols());
      EXPECT_EQ(bce_with_logits(z, y, grad2), value) << id;
      EXPECT_EQ(grad2, grad) << id;
    }
  }
}

TEST(NnLosses, CrossEntropyMatchesTorch) {
  const YAML::Node doc = load("losses.yaml");
  ASSERT_GT(doc["cross_entropy"].size(), 0u);
  for (const auto& c : doc["cross_entropy"]) {
    const std::string id = c["id"].as<std::string>();
    const Eigen::MatrixXd z = matrix_of(c["logits"]).transpose();  // C x n
    ASSERT_EQ(z.rows(), c["num_classes"].as<int>()) << id;
    const Eigen::VectorXi y = labels_of(c["targets"]);
    Eigen::MatrixXd grad(z.rows(), z.cols());
    const double value = cross_entropy(z, y, grad);
    EXPECT_TRUE(std::isfinite(value)) << id;
    EXPECT_TRUE(close(value, c["value"].as<double>(), kRtol, kAtol)) << id << ": " << value;
    expect_close(grad, matrix_of(c["grad_logits"]).transpose(), id + " grad");
  }
}

TEST(NnLosses, MseOnSoftmaxIsMeanOverBatchOfSumOverClasses) {
  const Eigen::MatrixXd z = (Eigen::MatrixXd(3, 2) << 1.0, -2.0, 0.5, 0.0, -1.0, 3.0).finished();
  const Eigen::VectorXi y = (Eigen::VectorXi(2) << 0, 2).finished();
  Eigen::MatrixXd grad(3, 2);
  const double value = mse_softmax(z, y, grad);
  double expected = 0.0;
  for (Eigen::Index j = 0; j < 2; ++j) {
    // Scalar std::exp: GCC 12 warns inside Eigen's AVX-512 exp packet (-Wuninitialized).
    Eigen::VectorXd p = z.col(j).unaryExpr([](double v) { return std::exp(v); });
    p /= p.sum();
    Eigen::VectorXd r = p;
    r(y(j)) -= 1.0;
    expected += r.squaredNorm() / 2.0;
  }
  EXPECT_NEAR(value, expected, 1e-15);
  // Gradient by central differences.
  for (Eigen::Index i = 0; i < z.size(); ++i) {
    Eigen::MatrixXd zp = z;
    Eigen::MatrixXd zm = z;
    Eigen::MatrixXd scratch(3, 2);
    const double h = 1e-6;
    zp.data()[i] += h;
    zm.data()[i] -= h;
    const double fd = (mse_softmax(zp, y, scratch) - mse_softmax(zm, y, scratch)) / (2 * h);
    EXPECT_NEAR(grad.data()[i], fd, 1e-9) << i;
  }
}

TEST(NnLosses, LabelsOutsideTheClassesAreErrors) {
  const Eigen::MatrixXd z = Eigen::MatrixXd::Zero(3, 2);
  Eigen::MatrixXd grad(3, 2);
  const Eigen::VectorXi bad = (Eigen::VectorXi(2) << 0, 3).finished();
  EXPECT_THROW(cross_entropy(z, bad, grad), Error);
  Eigen::MatrixXd g1(1, 2);
  EXPECT_THROW(bce_with_logits(Eigen::MatrixXd::Zero(1, 2), bad, g1), Error);
}

TEST(NnLosses, CountCorrectUsesSignForOneOutputAndArgmaxOtherwise) {
  const Eigen::MatrixXd one = (Eigen::MatrixXd(1, 3) << 0.5, -0.1, 0.0).finished();
  EXPECT_EQ(count_correct(one, Eigen::Vector3i(1, 0, 0)), 3);
  const Eigen::MatrixXd many = (Eigen::MatrixXd(3, 2) << 1, 0, 2, 0, 0, 5).finished();
  EXPECT_EQ(count_correct(many, Eigen::Vector2i(1, 2)), 2);
}

// ---------------------------------------------------------------------------------------------
// Batch norm

TEST(NnBatchNorm, EveryReferenceCase) {
  const YAML::Node doc = load("batchnorm.yaml");
  ASSERT_GT(doc["cases"].size(), 0u);
  for (const auto& c : doc["cases"]) {
    const std::string id = c["id"].as<std::string>();
    const Eigen::Index f = c["num_features"].as<int>();
    BatchNorm1d bn(f, c["eps"].as<double>(), c["momentum"].as<double>());
    const Eigen::VectorXd gamma = vector_of(c["gamma"]);
    const Eigen::VectorXd beta = vector_of(c["beta"]);
    Eigen::VectorXd running_mean = vector_of(c["running_mean_initial"]);
    Eigen::VectorXd running_var = vector_of(c["running_var_initial"]);
    // The yaml holds batch x features (rows = samples): our layout is its transpose.
    const Eigen::MatrixXd x = matrix_of(c["X"]).transpose();
    ASSERT_EQ(x.rows(), f) << id;
    ASSERT_EQ(x.cols(), c["batch_size"].as<int>()) << id;
    Eigen::MatrixXd y(f, x.cols());
    bn.forward_train(x, gamma, beta, running_mean, running_var, y);
    expect_close(y, matrix_of(c["Y"]).transpose(), id + " Y");
    expect_close(bn.batch_mean(), vector_of(c["batch_mean"]), id + " mean");
    expect_close(bn.batch_var(), vector_of(c["batch_var_biased"]), id + " var");
    expect_close(running_mean, vector_of(c["running_mean"]), id + " running_mean");
    expect_close(running_var, vector_of(c["running_var"]), id + " running_var");

    const Eigen::MatrixXd dy = matrix_of(c["dY"]).transpose();
    Eigen::MatrixXd dx(f, x.cols());
    Eigen::VectorXd dgamma(f);
    Eigen::VectorXd dbeta(f);
    bn.backward(dy, gamma, dx, dgamma, dbeta);
    expect_close(dx, matrix_of(c["dX"]).transpose(), id + " dX");
    expect_close(dgamma, vector_of(c["dgamma"]), id + " dgamma");
    expect_close(dbeta, vector_of(c["dbeta"]), id + " dbeta");

    // In place (dx = dy) gives the same numbers.
    Eigen::MatrixXd inplace = dy;
    bn.backward(inplace, gamma, inplace, dgamma, dbeta);
    EXPECT_EQ(inplace, dx) << id;

    const Eigen::MatrixXd eval_x = matrix_of(c["eval_X"]).transpose();
    Eigen::MatrixXd eval_y(f, eval_x.cols());
    const Eigen::VectorXd mean_before = running_mean;
    bn.forward_eval(eval_x, gamma, beta, running_mean, running_var, eval_y);
    expect_close(eval_y, matrix_of(c["eval_Y"]).transpose(), id + " eval Y");
    EXPECT_EQ(running_mean, mean_before) << id;
  }
}

TEST(NnBatchNorm, TrainModeRefusesASingleSample) {
  BatchNorm1d bn(2);
  Eigen::VectorXd rm = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd rv = Eigen::VectorXd::Ones(2);
  Eigen::MatrixXd y(2, 1);
  EXPECT_THROW(bn.forward_train(Eigen::MatrixXd::Ones(2, 1), Eigen::VectorXd::Ones(2),
                                Eigen::VectorXd::Zero(2), rm, rv, y),
               Error);
}

// ---------------------------------------------------------------------------------------------
// The small MLP of mlp.yaml

const std::map<std::string, std::string> kTorchToOurs{{"fc1.weight", "layer0.weight"},
                                                      {"fc1.bias", "layer0.bias"},
                                                      {"bn.weight", "bn0.weight"},
                                                      {"bn.bias", "bn0.bias"},
                                                      {"fc2.weight", "layer1.weight"},
                                                      {"fc2.bias", "layer1.bias"},
                                                      {"bn.running_mean", "bn0.running_mean"},
                                                      {"bn.running_var", "bn0.running_var"}};

bool is_state(const std::string& torch_name) {
  return torch_name.find("running_") != std::string::npos;
}

/// Offset of `our_name` in a layout.
Eigen::Index offset_of(const std::vector<std::pair<std::string, Eigen::Index>>& layout,
                       const std::string& our_name) {
  for (const auto& [name, offset] : layout) {
    if (name == our_name) return offset;
  }
  ADD_FAILURE() << "no block " << our_name;
  return 0;
}

/// A torch tensor (weight out x in, or vector) laid into our flat vector column-major.
void place(const Eigen::MatrixXd& tensor, Eigen::Ref<Eigen::VectorXd> flat, Eigen::Index offset) {
  Eigen::Map<Eigen::MatrixXd>(flat.data() + offset, tensor.rows(), tensor.cols()) = tensor;
}

Eigen::MatrixXd block_at(const Eigen::VectorXd& flat, Eigen::Index offset, Eigen::Index rows,
                         Eigen::Index cols) {
  return Eigen::Map<const Eigen::MatrixXd>(flat.data() + offset, rows, cols);
}

class MlpReference : public ::testing::TestWithParam<int> {};

TEST_P(MlpReference, TrainForwardBackwardAndFiveSgdSteps) {
  const YAML::Node doc = load("mlp.yaml");
  const YAML::Node c = doc["cases"][GetParam()];
  const std::string id = c["id"].as<std::string>();
  const Eigen::MatrixXd x = matrix_of(doc["X"]).transpose();  // 4 x 16
  const Eigen::VectorXi y = labels_of(doc["y"]);

  MlpSpec spec;
  spec.inputs = 4;
  spec.hidden = {8};
  spec.classes = 3;
  spec.batchnorm = c["batchnorm"].as<bool>() ? "before_activation" : "none";
  Mlp mlp(spec);
  ASSERT_EQ(mlp.loss(), Loss::cross_entropy);
  const auto layout = mlp.parameter_layout();
  const auto state_layout = mlp.state_layout();

  Eigen::VectorXd params = Eigen::VectorXd::Constant(mlp.parameter_count(), std::nan(""));
  Eigen::VectorXd state = mlp.state();
  Eigen::Index placed = 0;
  for (const auto& kv : c["initial_parameters"]) {
    const std::string name = kv.first.as<std::string>();
    const Eigen::MatrixXd tensor = block_of(kv.second);
    if (is_state(name)) {
      place(tensor, state, offset_of(state_layout, kTorchToOurs.at(name)));
    } else {
      place(tensor, params, offset_of(layout, kTorchToOurs.at(name)));
      placed += tensor.size();
    }
  }
  ASSERT_EQ(placed, mlp.parameter_count()) << id;
  ASSERT_TRUE(params.allFinite()) << id;
  mlp.set_state(state);

  // One train-mode forward/backward, on a copy so that the SGD run below starts fresh.
  {
    Mlp once(spec);
    once.set_state(state);
    const YAML::Node ref = c["train_mode_forward_backward"];
    Eigen::VectorXd grad(mlp.parameter_count());
    const double loss = once.loss_and_gradient(params, x, y, grad);
    EXPECT_TRUE(close(loss, ref["loss"].as<double>(), kRtol, kAtol)) << id << ": " << loss;
    expect_close(once.logits(), matrix_of(ref["logits"]).transpose(), id + " logits");
    for (const auto& kv : ref["gradients"]) {
      const std::string name = kv.first.as<std::string>();
      const Eigen::MatrixXd expected = block_of(kv.second);
      const Eigen::MatrixXd actual = block_at(grad, offset_of(layout, kTorchToOurs.at(name)),
                                              expected.rows(), expected.cols());
      // With batch norm fc1.bias's gradient is 0 mathematically: both are rounding noise.
      const bool noise = spec.batchnorm != "none" && name == "fc1.bias";
      expect_close(actual, expected, id + " d" + name, noise ? 0.0 : kRtol, noise ? 1e-14 : kAtol);
    }
  }

  const YAML::Node sgd = c["sgd"];
  Settings settings;
  settings.set("lr", sgd["lr"].as<double>());
  settings.set("momentum", sgd["momentum"].as<double>());
  settings.set("dampening", sgd["dampening"].as<double>());
  settings.set("nesterov", sgd["nesterov"].as<bool>());
  settings.set("weight_decay", sgd["weight_decay"].as<double>());
  auto opt = make_optimizer("sgd", settings);
  opt->reset(mlp.parameter_count());
  Eigen::VectorXd grad(mlp.parameter_count());
  const Eigen::VectorXd losses = vector_of(sgd["losses"]);
  ASSERT_EQ(losses.size(), sgd["steps"].as<int>());
  for (Eigen::Index t = 0; t < losses.size(); ++t) {
    const double loss = mlp.loss_and_gradient(params, x, y, grad);
    EXPECT_TRUE(close(loss, losses[t], kRtol, kAtol)) << id << " step " << t << ": " << loss;
    opt->step(params, grad);
  }
  const double last = mlp.loss_and_gradient(params, x, y, grad);
  EXPECT_TRUE(close(last, sgd["loss_after_last_step"].as<double>(), kRtol, kAtol)) << id;
  for (const auto& kv : sgd["final_parameters"]) {
    const std::string name = kv.first.as<std::string>();
    const Eigen::MatrixXd expected = block_of(kv.second);
    const bool in_state = is_state(name);
    const Eigen::MatrixXd actual =
        block_at(in_state ? mlp.state() : params,
                 offset_of(in_state ? state_layout : layout, kTorchToOurs.at(name)),
                 expected.rows(), expected.cols());
    expect_close(actual, expected, id + " final " + name);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MlpReference, ::testing::Values(0, 1));

// BatchNorm1d's eps, momentum (None: the cumulative average), affine and track_running_stats in
// an MLP trained by SGD on alternating minibatches, against torch
// (tests/data/batchnorm_variants.yaml, tools/batchnorm_references.py).
TEST(BatchNormVariants, MatchTorchBatchNorm1dArguments) {
  const YAML::Node doc = load("batchnorm_variants.yaml");
  const Eigen::MatrixXd x = matrix_of(doc["X"]).transpose();
  const Eigen::VectorXi y = labels_of(doc["y"]);
  const Eigen::MatrixXd x_test = matrix_of(doc["X_test"]).transpose();
  const Eigen::VectorXi y_test = labels_of(doc["y_test"]);
  const auto batch = doc["batch"].as<Eigen::Index>();
  int cases = 0;
  for (const auto& c : doc["cases"]) {
    const std::string id = c["id"].as<std::string>();
    const YAML::Node model = c["model"];
    MlpSpec spec;
    spec.inputs = 4;
    spec.hidden = {5};
    spec.classes = 3;
    spec.batchnorm = model["batchnorm"].as<std::string>();
    if (model["batchnorm_eps"]) spec.batchnorm_eps = model["batchnorm_eps"].as<double>();
    if (model["batchnorm_momentum"]) {
      spec.batchnorm_momentum = model["batchnorm_momentum"].IsNull()
                                    ? std::nullopt
                                    : std::optional(model["batchnorm_momentum"].as<double>());
    }
    if (model["batchnorm_affine"]) spec.batchnorm_affine = model["batchnorm_affine"].as<bool>();
    if (model["batchnorm_track_running_stats"]) {
      spec.batchnorm_track_running_stats = model["batchnorm_track_running_stats"].as<bool>();
    }
    Mlp mlp(spec);
    const auto layout = mlp.parameter_layout();
    const auto state_layout = mlp.state_layout();
    EXPECT_EQ(mlp.parameter_count(), 4 * 5 + 5 + 5 * 3 + 3 + (spec.batchnorm_affine ? 10 : 0))
        << id;
    EXPECT_EQ(mlp.state().size(), spec.batchnorm_track_running_stats ? 10 : 0) << id;

    Eigen::VectorXd params = Eigen::VectorXd::Constant(mlp.parameter_count(), std::nan(""));
    for (const auto& kv : c["initial_parameters"]) {
      place(block_of(kv.second), params,
            offset_of(layout, kTorchToOurs.at(kv.first.as<std::string>())));
    }
    ASSERT_TRUE(params.allFinite()) << id;
    Settings settings;
    settings.set("lr", doc["sgd"]["lr"].as<double>());
    settings.set("momentum", doc["sgd"]["momentum"].as<double>());
    auto opt = make_optimizer("sgd", settings);
    opt->reset(mlp.parameter_count());
    Eigen::VectorXd grad(mlp.parameter_count());
    const Eigen::VectorXd losses = vector_of(c["losses"]);
    for (Eigen::Index t = 0; t < losses.size(); ++t) {
      const Eigen::Index first = (t % 2) * batch;
      const double loss =
          mlp.loss_and_gradient(params, x.middleCols(first, batch), y.segment(first, batch), grad);
      EXPECT_TRUE(close(loss, losses[t], kRtol, kAtol)) << id << " step " << t << ": " << loss;
      opt->step(params, grad);
    }
    for (const auto& kv : c["final_parameters"]) {
      const std::string name = kv.first.as<std::string>();
      const Eigen::MatrixXd expected = block_of(kv.second);
      const bool in_state = is_state(name);
      const Eigen::MatrixXd actual =
          block_at(in_state ? mlp.state() : params,
                   offset_of(in_state ? state_layout : layout, kTorchToOurs.at(name)),
                   expected.rows(), expected.cols());
      expect_close(actual, expected, id + " final " + name);
    }
    const double eval_loss = mlp.evaluate(params, x_test, y_test);
    EXPECT_TRUE(close(eval_loss, c["eval_loss"].as<double>(), kRtol, kAtol)) << id;
    expect_close(mlp.logits(), matrix_of(c["eval_logits"]).transpose(), id + " eval logits");
    ++cases;
  }
  EXPECT_GE(cases, 6);
}

// ---------------------------------------------------------------------------------------------
// Gradient checks

struct Problem {
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
};

Problem random_problem(Eigen::Index inputs, Eigen::Index n, int classes, std::uint64_t seed) {
  Rng rng(seed);
  Problem p{Eigen::MatrixXd(inputs, n), Eigen::VectorXi(n)};
  for (Eigen::Index k = 0; k < p.x.size(); ++k) p.x.data()[k] = rng.normal();
  for (Eigen::Index j = 0; j < n; ++j) {
    p.y[j] = static_cast<int>(j % classes);  // every class present
  }
  return p;
}

/// Random parameters, gamma/beta perturbed away from 1/0 so their gradients are exercised.
Eigen::VectorXd random_params(Mlp& mlp, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::VectorXd params(mlp.parameter_count());
  mlp.initialize(params, rng);
  for (Eigen::Index k = 0; k < params.size(); ++k) params[k] += 0.1 * rng.normal();
  return params;
}

/// Max over elements of |analytic - fd| / max(1, |fd|), for a loss in train or eval mode.
double gradient_error(Mlp& mlp, const Eigen::VectorXd& params, const Problem& p, bool train,
                      std::uint64_t dropout_seed = 0) {
  const Eigen::VectorXd state = mlp.state();
  Eigen::VectorXd grad(mlp.parameter_count());
  mlp.seed_dropout(dropout_seed);
  if (train) {
    mlp.loss_and_gradient(params, p.x, p.y, grad);
    mlp.set_state(state);  // the train-mode loss does not depend on them; keep eval mode fixed
  } else {
    mlp.eval_loss_and_gradient(params, p.x, p.y, grad);
  }
  EXPECT_EQ(mlp.state(), state);
  double worst = 0.0;
  Eigen::VectorXd shifted = params;
  for (Eigen::Index k = 0; k < params.size(); ++k) {
    const double h = 1e-6 * std::max(1.0, std::abs(params[k]));
    shifted[k] = params[k] + h;
    mlp.seed_dropout(dropout_seed);
    const double up = mlp.loss_only(shifted, p.x, p.y, train);
    shifted[k] = params[k] - h;
    mlp.seed_dropout(dropout_seed);
    const double down = mlp.loss_only(shifted, p.x, p.y, train);
    shifted[k] = params[k];
    const double fd = (up - down) / (2.0 * h);
    worst = std::max(worst, std::abs(grad[k] - fd) / std::max(1.0, std::abs(fd)));
  }
  EXPECT_EQ(mlp.state(), state);  // loss_only never touches the running statistics
  return worst;
}

TEST(NnMlp, GradientMatchesFiniteDifferencesForEveryCombination) {
  for (const std::string activation : {"relu", "tanh", "sigmoid"}) {
    for (const std::string batchnorm : {"none", "before_activation", "after_activation"}) {
      for (const std::string loss : {"bce", "cross_entropy", "mse"}) {
        MlpSpec spec;
        spec.inputs = 3;
        spec.hidden = {5, 4};
        spec.classes = loss == "bce" ? 2 : 3;
        spec.activation = activation;
        spec.batchnorm = batchnorm;
        spec.loss = loss;
        Mlp mlp(spec);
        const Problem p = random_problem(3, 7, spec.classes, 11);
        const Eigen::VectorXd params = random_params(mlp, 5);
        // Non-trivial running statistics for the eval-mode check.
        Eigen::VectorXd grad(mlp.parameter_count());
        for (int t = 0; t < 3; ++t) mlp.loss_and_gradient(params, p.x * 1.5, p.y, grad);
        const std::string what = activation + "/" + batchnorm + "/" + loss;
        EXPECT_LT(gradient_error(mlp, params, p, true), 1e-8) << what << " train";
        EXPECT_LT(gradient_error(mlp, params, p, false), 1e-8) << what << " eval";
      }
    }
  }
}

TEST(NnMlp, GradientOfRegressionModelsAndDropout) {
  for (const std::string loss : {"auto", "cross_entropy", "mse"}) {
    MlpSpec spec;
    spec.inputs = 4;
    spec.classes = loss == "auto" ? 2 : 4;
    spec.loss = loss;
    Mlp mlp(spec);  // hidden empty: logistic / softmax regression
    EXPECT_EQ(mlp.parameter_count(), (loss == "auto" ? 1 : 4) * 5);
    const Problem p = random_problem(4, 9, spec.classes, 3);
    EXPECT_LT(gradient_error(mlp, random_params(mlp, 2), p, true), 1e-8) << loss;
  }
  for (const std::string batchnorm : {"none", "before_activation", "after_activation"}) {
    MlpSpec spec;
    spec.inputs = 3;
    spec.hidden = {6, 5};
    spec.classes = 3;
    spec.activation = "tanh";
    spec.batchnorm = batchnorm;
    spec.dropout = 0.3;
    Mlp mlp(spec);
    const Problem p = random_problem(3, 8, 3, 4);
    // The same seed gives the same masks, so the train-mode loss is a function of params.
    EXPECT_LT(gradient_error(mlp, random_params(mlp, 9), p, true, 77), 1e-8) << batchnorm;
  }
}

TEST(NnMlp, DropoutIsInvertedAndOffInEvalMode) {
  MlpSpec spec;
  spec.inputs = 2;
  spec.hidden = {400};
  spec.classes = 3;
  spec.dropout = 0.25;
  Mlp mlp(spec);
  Eigen::VectorXd params = Eigen::VectorXd::Zero(mlp.parameter_count());
  const Dense first{2, 400, 0};
  first.bias_mut(params).setOnes();  // relu(1) = 1 for every hidden unit
  const Dense out{400, 3, first.parameter_count()};
  out.weight_mut(params).row(0).setConstant(1.0 / 400.0);
  const Problem p = random_problem(2, 50, 3, 1);
  mlp.seed_dropout(3);
  mlp.loss_only(params, p.x, p.y, true);
  // logit 0 = mean over units of mask (0 or 1/0.75): about 1 on average, not every sample exactly.
  const Eigen::RowVectorXd train_logit = mlp.logits().row(0);
  EXPECT_NEAR(train_logit.mean(), 1.0, 0.02);
  EXPECT_GT(train_logit.maxCoeff() - train_logit.minCoeff(), 0.01);
  mlp.loss_only(params, p.x, p.y, false);
  for (Eigen::Index j = 0; j < p.x.cols(); ++j) EXPECT_NEAR(mlp.logits()(0, j), 1.0, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Initialisation, eval mode, errors, allocations

TEST(NnMlp, InitialisationStatistics) {
  MlpSpec spec;
  spec.inputs = 256;
  spec.hidden = {256};
  spec.classes = 10;
  spec.batchnorm = "before_activation";
  Mlp mlp(spec);
  Eigen::VectorXd params(mlp.parameter_count());
  Rng rng(42);
  mlp.initialize(params, rng);
  const auto layout = mlp.parameter_layout();
  ASSERT_EQ(layout.size(), 6u);
  const Eigen::VectorXd w = params.segment(offset_of(layout, "layer0.weight"), 256 * 256);
  const double mean = w.mean();
  const double sd =
      std::sqrt((w.array() - mean).square().sum() / static_cast<double>(w.size() - 1));
  EXPECT_NEAR(mean, 0.0, 0.01 * std::sqrt(2.0 / 256.0));
  EXPECT_NEAR(sd / std::sqrt(2.0 / 256.0), 1.0, 0.05);
  EXPECT_TRUE(params.segment(offset_of(layout, "layer0.bias"), 256).isZero(0.0));
  EXPECT_TRUE((params.segment(offset_of(layout, "bn0.weight"), 256).array() == 1.0).all());
  EXPECT_TRUE(params.segment(offset_of(layout, "bn0.bias"), 256).isZero(0.0));
  EXPECT_TRUE(params.segment(offset_of(layout, "layer1.bias"), 10).isZero(0.0));

  // The same seed gives the same parameters.
  Eigen::VectorXd again(mlp.parameter_count());
  Rng rng2(42);
  mlp.initialize(again, rng2);
  EXPECT_EQ(again, params);

  spec.init = "xavier";
  Mlp xavier(spec);
  Rng rng3(1);
  xavier.initialize(params, rng3);
  const Eigen::VectorXd wx = params.segment(offset_of(layout, "layer0.weight"), 256 * 256);
  const double bound = std::sqrt(6.0 / 512.0);
  EXPECT_LE(wx.cwiseAbs().maxCoeff(), bound);
  EXPECT_GT(wx.cwiseAbs().maxCoeff(), 0.99 * bound);
  const double sdx = std::sqrt(wx.squaredNorm() / static_cast<double>(wx.size()));
  EXPECT_NEAR(sdx / (bound / std::sqrt(3.0)), 1.0, 0.05);
}

TEST(NnMlp, InitializeAndResetStateRestoreRunningStatistics) {
  MlpSpec spec;
  spec.inputs = 3;
  spec.hidden = {4, 2};
  spec.classes = 3;
  spec.batchnorm = "after_activation";
  Mlp mlp(spec);
  const auto sl = mlp.state_layout();
  ASSERT_EQ(sl.size(), 4u);
  EXPECT_EQ(sl[0].first, "bn0.running_mean");
  EXPECT_EQ(sl[3].first, "bn1.running_var");
  EXPECT_EQ(mlp.state().size(), 12);
  Eigen::VectorXd params(mlp.parameter_count());
  Rng rng(1);
  mlp.initialize(params, rng);
  const Eigen::VectorXd fresh = mlp.state();
  EXPECT_TRUE(fresh.segment(0, 4).isZero(0.0));
  EXPECT_TRUE((fresh.segment(4, 4).array() == 1.0).all());
  const Problem p = random_problem(3, 10, 3, 2);
  Eigen::VectorXd grad(mlp.parameter_count());
  mlp.loss_and_gradient(params, p.x, p.y, grad);
  EXPECT_NE(mlp.state(), fresh);
  mlp.reset_state();
  EXPECT_EQ(mlp.state(), fresh);
}

TEST(NnMlp, EvaluateUsesRunningStatisticsInChunks) {
  MlpSpec spec;
  spec.inputs = 3;
  spec.hidden = {5};
  spec.classes = 4;
  spec.batchnorm = "before_activation";
  Mlp mlp(spec);
  const Eigen::VectorXd params = random_params(mlp, 8);
  const Problem train = random_problem(3, 16, 4, 5);
  Eigen::VectorXd grad(mlp.parameter_count());
  for (int t = 0; t < 4; ++t)
    mlp.loss_and_gradient(params, train.x * 2.0 + Eigen::MatrixXd::Ones(3, 16), train.y, grad);
  const Eigen::VectorXd state = mlp.state();

  // More samples than one chunk, so evaluate() works in several.
  const Eigen::Index n = 2 * Mlp::eval_chunk() + 37;
  Problem test = random_problem(3, n, 4, 6);
  Rng rng(9);
  for (Eigen::Index j = 0; j < n; ++j) test.y[j] = static_cast<int>(rng.next() % 4);
  double accuracy = -1.0;
  const double loss = mlp.evaluate(params, test.x, test.y, &accuracy);
  EXPECT_EQ(mlp.state(), state);

  // By hand: dense, batch norm with the running statistics, relu, dense, cross-entropy.
  const auto layout = mlp.parameter_layout();
  const Eigen::Map<const Eigen::MatrixXd> w0(params.data() + offset_of(layout, "layer0.weight"), 5,
                                             3);
  const Eigen::Map<const Eigen::VectorXd> b0(params.data() + offset_of(layout, "layer0.bias"), 5);
  const Eigen::Map<const Eigen::VectorXd> gamma(params.data() + offset_of(layout, "bn0.weight"), 5);
  const Eigen::Map<const Eigen::VectorXd> beta(params.data() + offset_of(layout, "bn0.bias"), 5);
  const Eigen::Map<const Eigen::MatrixXd> w1(params.data() + offset_of(layout, "layer1.weight"), 4,
                                             5);
  const Eigen::Map<const Eigen::VectorXd> b1(params.data() + offset_of(layout, "layer1.bias"), 4);
  const Eigen::VectorXd rm = state.segment(0, 5);
  const Eigen::VectorXd rv = state.segment(5, 5);
  double expected_loss = 0.0;
  Eigen::Index correct = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::VectorXd z = w0 * test.x.col(j) + b0;
    Eigen::VectorXd h(5);
    for (int k = 0; k < 5; ++k) {
      h[k] = std::max(0.0, gamma[k] * (z[k] - rm[k]) / std::sqrt(rv[k] + 1e-5) + beta[k]);
    }
    const Eigen::VectorXd logits = w1 * h + b1;
    const double m = logits.maxCoeff();
    double sum = 0.0;
    for (Eigen::Index k = 0; k < logits.size(); ++k) sum += std::exp(logits[k] - m);
    expected_loss += m + std::log(sum) - logits[test.y[j]];
    Eigen::Index arg = 0;
    logits.maxCoeff(&arg);
    if (arg == test.y[j]) ++correct;
  }
  expected_loss /= static_cast<double>(n);
  EXPECT_TRUE(close(loss, expected_loss, 1e-12, 1e-14)) << loss << " vs " << expected_loss;
  EXPECT_DOUBLE_EQ(accuracy, static_cast<double>(correct) / static_cast<double>(n));
  // loss_only in eval mode agrees on one chunk.
  const auto head = test.x.leftCols(100);
  const auto head_y = test.y.head(100);
  EXPECT_NEAR(mlp.loss_only(params, head, head_y, false), mlp.evaluate(params, head, head_y),
              1e-15);
}

TEST(NnMlp, BadSpecsAreErrorsKeyedByModelKey) {
  auto key_of = [](MlpSpec spec) {
    try {
      Mlp mlp(spec);
    } catch (const Error& e) {
      return e.keypath();
    }
    return std::string("(no error)");
  };
  MlpSpec good;
  good.inputs = 4;
  good.hidden = {8};
  good.classes = 3;
  EXPECT_EQ(key_of(good), "(no error)");
  MlpSpec s = good;
  s.activation = "rleu";
  EXPECT_EQ(key_of(s), "model.activation");
  s = good;
  s.batchnorm = "before";
  EXPECT_EQ(key_of(s), "model.batchnorm");
  s = good;
  s.init = "kaiming";
  EXPECT_EQ(key_of(s), "model.init");
  s = good;
  s.loss = "hinge";
  EXPECT_EQ(key_of(s), "model.loss");
  s = good;
  s.loss = "bce";
  EXPECT_EQ(key_of(s), "model.loss");  // bce with 3 classes
  s = good;
  s.hidden = {8, 0};
  EXPECT_EQ(key_of(s), "model.hidden[1]");
  s = good;
  s.classes = 1;
  EXPECT_EQ(key_of(s), "model.classes");
  s = good;
  s.inputs = 0;
  EXPECT_EQ(key_of(s), "model.inputs");
  s = good;
  s.dropout = 1.0;
  EXPECT_EQ(key_of(s), "model.dropout");
  try {
    s = good;
    s.activation = "rleu";
    Mlp mlp(s);
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("did you mean 'relu'"), std::string::npos) << e.message();
  }
  // Two classes: one output with bce (auto), two with cross_entropy.
  s = good;
  s.classes = 2;
  EXPECT_EQ(Mlp(s).outputs(), 1);
  EXPECT_EQ(Mlp(s).loss(), Loss::bce);
  s.loss = "cross_entropy";
  EXPECT_EQ(Mlp(s).outputs(), 2);
}

TEST(NnMlp, NoAllocationAfterTheFirstBatchOfAGivenSize) {
  for (const std::string batchnorm : {"none", "before_activation", "after_activation"}) {
    for (const double dropout : {0.0, 0.2}) {
      MlpSpec spec;
      spec.inputs = 64;
      spec.hidden = {64, 32};
      spec.classes = 10;
      spec.batchnorm = batchnorm;
      spec.dropout = dropout;
      Mlp mlp(spec);
      const Eigen::VectorXd params = random_params(mlp, 1);
      Eigen::VectorXd grad(mlp.parameter_count());
      const Problem p = random_problem(64, 700, 10, 2);
      const auto batch = p.x.leftCols(32);
      const auto batch_y = p.y.head(32);
      const auto small = p.x.middleCols(32, 17);
      const auto small_y = p.y.segment(32, 17);
      mlp.loss_and_gradient(params, batch, batch_y, grad);
      double accuracy = 0.0;
      mlp.evaluate(params, p.x, p.y, &accuracy);
      g_allocations = 0;
      g_counting = true;
#ifdef OPTBENCH_COUNT_MALLOC
      g_mallocs = 0;
      g_counting_malloc = true;
#endif
      double sum = 0.0;
      for (int t = 0; t < 5; ++t) {
        sum += mlp.loss_and_gradient(params, batch, batch_y, grad);
        sum += mlp.loss_and_gradient(params, small, small_y, grad);  // a smaller last batch
        sum += mlp.eval_loss_and_gradient(params, batch, batch_y, grad);
        sum += mlp.loss_only(params, batch, batch_y, true);
      }
      sum += mlp.evaluate(params, p.x, p.y, &accuracy);
      g_counting = false;
      EXPECT_EQ(g_allocations.load(), 0) << batchnorm << " dropout " << dropout;
#ifdef OPTBENCH_COUNT_MALLOC
      g_counting_malloc = false;
      EXPECT_EQ(g_mallocs.load(), 0) << batchnorm << " dropout " << dropout;
      // The counter does see the workspaces grow for a batch larger than any before.
      g_counting_malloc = true;
      mlp.loss_and_gradient(params, p.x, p.y, grad);
      g_counting_malloc = false;
      EXPECT_GT(g_mallocs.load(), 0);
#endif
      EXPECT_TRUE(std::isfinite(sum));
    }
  }
}

}  // namespace
}  // namespace optbench::nn
