// The float32 step of every optimizer that has one against its float64 step: the same steps from
// the same start on the same problem stay within float32 rounding of each other. Also the rules
// around it: a step needs a reset() of its precision, second-order methods are float64 only, and
// float32 runs leave the float64 runs bit for bit as they were.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

// Heap allocations counted while g_counting is set (defined in tests/test_optimizers.cpp).
extern std::atomic<bool> g_counting;
extern std::atomic<long> g_allocations;

namespace optbench {
namespace {

constexpr Eigen::Index kDim = 8;
constexpr int kSteps = 50;

// A fixed problem whose gradient each precision computes from its own iterate, in its own
// arithmetic. Every number in it is a dyadic rational, exact in float32: both runs start from the
// same point on the same problem, and differ by rounding alone.
struct Problem {
  std::string name;
  Eigen::VectorXd start;
  std::function<void(const Eigen::VectorXd&, Eigen::VectorXd&)> grad64;
  std::function<void(const Eigen::VectorXf&, Eigen::VectorXf&)> grad32;
};

// f(x) = x^T A x / 2 - b^T x with A tridiagonal: diagonal 1 + i/4, off-diagonal 1/8, so its
// eigenvalues lie in [0.75, 3] (Gershgorin).
Problem quadratic() {
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(kDim, kDim);
  Eigen::VectorXd b(kDim);
  Eigen::VectorXd start(kDim);
  for (Eigen::Index i = 0; i < kDim; ++i) {
    a(i, i) = 1.0 + 0.25 * static_cast<double>(i);
    if (i + 1 < kDim) a(i, i + 1) = a(i + 1, i) = 0.125;
    b(i) = 0.5 * static_cast<double>(i % 3) - 0.5;
    start(i) = 0.25 * static_cast<double>(i) - 0.875;
  }
  const Eigen::MatrixXf af = a.cast<float>();
  const Eigen::VectorXf bf = b.cast<float>();
  return {"quadratic", start,
          [a, b](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
            g.noalias() = a * x;
            g -= b;
          },
          [af, bf](const Eigen::VectorXf& x, Eigen::VectorXf& g) {
            g.noalias() = af * x;
            g -= bf;
          }};
}

// The chained Rosenbrock function sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2: non-convex, with
// a curved valley, started on its slope.
template <typename T>
void rosenbrock_gradient(const Eigen::VectorX<T>& x, Eigen::VectorX<T>& g) {
  g.setZero();
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
    const T t = x(i + 1) - x(i) * x(i);
    g(i) += T(-400) * x(i) * t - T(2) * (T(1) - x(i));
    g(i + 1) += T(200) * t;
  }
}

Problem rosenbrock() {
  Eigen::VectorXd start(kDim);
  for (Eigen::Index i = 0; i < kDim; ++i) start(i) = i % 2 == 0 ? -0.75 : 1.125;
  return {"rosenbrock", start, rosenbrock_gradient<double>, rosenbrock_gradient<float>};
}

// Settings changed from each optimizer's defaults (lr included), applied to every registered
// optimizer that has all their keys and accepts them: together they reach every branch of the
// float32 updates (momentum, Nesterov, dampening, weight decay, amsgrad, AdamW's decoupled decay
// through the "adamw" name, centered, lr_decay, perturbations, NAdam's momentum decay, Adadelta's
// rho, Rprop's factors and bounds, ASGD's averaging). maximize, an ascent that leaves Rosenbrock
// for infinity, is checked in float32 by tests/test_torch_optimizers.cpp.
const std::vector<Settings>& variants() {
  static const std::vector<Settings> all{
      testing::settings({}),
      testing::settings({{"weight_decay", 0.1}}),
      testing::settings({{"momentum", 0.9}}),
      testing::settings({{"momentum", 0.9}, {"nesterov", true}, {"weight_decay", 0.1}}),
      testing::settings({{"momentum", 0.5}, {"dampening", 0.3}}),
      testing::settings({{"amsgrad", true}}),
      testing::settings({{"amsgrad", true}, {"weight_decay", 0.1}}),
      testing::settings({{"betas", std::vector<double>{0.8, 0.99}}, {"eps", 1e-6}}),
      testing::settings({{"centered", true}}),
      testing::settings({{"centered", true}, {"momentum", 0.5}, {"weight_decay", 0.1}}),
      testing::settings(
          {{"lr_decay", 0.01}, {"initial_accumulator_value", 0.1}, {"weight_decay", 0.1}}),
      // Perturbs on the first step and every 10th after it, whatever the gradient.
      testing::settings({{"g_thres", 1e3}, {"t_thres", std::int64_t{10}}, {"radius", 0.25}}),
      testing::settings({{"momentum_decay", 0.1}, {"weight_decay", 0.1}}),
      testing::settings({{"rho", 0.8}, {"eps", 1e-4}}),
      testing::settings({{"etas", std::vector<double>{0.3, 1.5}},
                         {"step_sizes", std::vector<double>{1e-4, 0.1}}}),
      // Averaging from step 10 on, with a fast eta decay.
      testing::settings({{"t0", 10.0}, {"lambd", 0.5}, {"alpha", 1.0}}),
  };
  return all;
}

// The learning rate of a problem: steps of a sensible size for every optimizer (Rosenbrock's
// gradient is ~100 times the quadratic's at the start).
double lr_of(const Problem& p) {
  return p.name == "quadratic" ? 0.05 : 1e-3;
}

// Adadelta's lr scales a step already in the units of x (its default is 1): it runs at 20 times
// the problem's lr, or it would hardly move in 50 steps.
double lr_of(const Problem& p, const OptimizerInfo& info) {
  return info.name == "adadelta" ? 20.0 * lr_of(p) : lr_of(p);
}

// An optimizer built from `variant` on top of its defaults with the problem's lr, or null where
// the optimizer lacks one of the variant's keys or rejects the combination.
std::unique_ptr<Optimizer> make(const OptimizerInfo& info, const Settings& variant, double lr) {
  Settings given = variant;
  given.set("lr", lr);
  try {
    return info.make(checked_optimizer_settings(info, given));
  } catch (const Error&) {
    return nullptr;
  }
}

// The largest |x32 - x64| relative to the largest |x64|: rounding, not the iterate's size.
double relative_gap(const Eigen::VectorXf& x32, const Eigen::VectorXd& x64) {
  return (x32.cast<double>() - x64).lpNorm<Eigen::Infinity>() / x64.lpNorm<Eigen::Infinity>();
}

// Tolerance of the float32 iterate relative to the float64 one over the 50 steps. float32 rounds
// at 6e-8 relative, and each step adds a few roundings (gradient, moments, update) that the
// problem then amplifies or damps. Measured worst gap: 3.8e-6 (heavy-ball sgd on Rosenbrock),
// at most 7e-7 elsewhere; 1e-4 leaves a factor 25 while a float32 step that drops or mis-rounds a
// term fails by far (an Adam step without its second bias correction, or sgd without dampening,
// is off by 1e-1 and more).
constexpr double kRelTol = 1e-4;

TEST(OptimizerFloat32, EveryFirstOrderOptimizerHasAFloat32Step) {
  for (const auto& info : optimizer_registry().all()) {
    auto opt = info.make(checked_optimizer_settings(info, {}));
    EXPECT_EQ(opt->supports_float32(), !opt->needs_hessian() && !opt->drives_objective())
        << info.name;
  }
}

TEST(OptimizerFloat32, TracksTheFloat64RunOfEveryOptimizerAndVariant) {
  std::vector<int> used(variants().size(), 0);
  for (const Problem& problem : {quadratic(), rosenbrock()}) {
    for (const auto& info : optimizer_registry().all()) {
      for (std::size_t v = 0; v < variants().size(); ++v) {
        auto opt64 = make(info, variants()[v], lr_of(problem, info));
        auto opt32 = make(info, variants()[v], lr_of(problem, info));
        if (!opt64 || !opt64->supports_float32()) continue;
        ++used[v];
        const std::string label = problem.name + " " + info.name + " variant " + std::to_string(v);
        opt64->seed(7);
        opt32->seed(7);
        opt64->reset(kDim);
        opt32->reset(kDim, Precision::float32);
        EXPECT_EQ(opt32->precision(), Precision::float32);
        Eigen::VectorXd x64 = problem.start;
        Eigen::VectorXf x32 = problem.start.cast<float>();
        Eigen::VectorXd g64(kDim);
        Eigen::VectorXf g32(kDim);
        double worst = 0.0;
        for (int t = 0; t < kSteps; ++t) {
          problem.grad64(x64, g64);
          problem.grad32(x32, g32);
          opt64->step(x64, g64);
          g_allocations = 0;
          g_counting = true;
          opt32->step(x32, g32);
          g_counting = false;
          ASSERT_EQ(g_allocations.load(), 0) << label << ": the float32 step allocated";
          worst = std::max(worst, relative_gap(x32, x64));
          ASSERT_TRUE(x64.allFinite()) << label;
        }
        EXPECT_LE(worst, kRelTol) << label;
        // The run went somewhere: a step that did nothing in both precisions would pass as well.
        EXPECT_GT((x64 - problem.start).lpNorm<Eigen::Infinity>(), 1e-3) << label;
      }
    }
  }
  for (std::size_t v = 0; v < variants().size(); ++v) {
    EXPECT_GT(used[v], 0) << "variant " << v << " fits no optimizer: a settings name changed?";
  }
}

TEST(OptimizerFloat32, FirstStepsMatchTheHandComputedValues) {
  // The float64 cases of tests/test_optimizers.cpp, in float32.
  auto sgd = make_optimizer("sgd", testing::settings({{"lr", 0.1}}));
  Eigen::VectorXf x = Eigen::Vector2f(1.0f, -2.0f);
  sgd->reset(2, Precision::float32);
  sgd->step(x, Eigen::Vector2f(2.0f, 4.0f));
  EXPECT_FLOAT_EQ(x(0), 0.8f);
  EXPECT_FLOAT_EQ(x(1), -2.4f);

  auto adam = make_optimizer("adam", testing::settings({{"lr", 0.01}, {"eps", 0.0}}));
  x = Eigen::Vector2f(1.0f, 1.0f);
  adam->reset(2, Precision::float32);
  adam->step(x, Eigen::Vector2f(3.0f, -1e-3f));
  EXPECT_FLOAT_EQ(x(0), 0.99f);
  EXPECT_FLOAT_EQ(x(1), 1.01f);

  auto adagrad = make_optimizer("adagrad", testing::settings({{"lr", 1.0}, {"eps", 0.0}}));
  Eigen::VectorXf y = Eigen::VectorXf::Zero(1);
  adagrad->reset(1, Precision::float32);
  adagrad->step(y, Eigen::VectorXf::Constant(1, 3.0f));  // s = 9: step 1
  EXPECT_FLOAT_EQ(y(0), -1.0f);
  adagrad->step(y, Eigen::VectorXf::Constant(1, 4.0f));  // s = 25: step 4/5
  EXPECT_FLOAT_EQ(y(0), -1.8f);
}

TEST(OptimizerFloat32, AStepNeedsAResetOfItsPrecisionAndSize) {
  for (const auto& info : optimizer_registry().all()) {
    auto opt = make(info, {}, 0.05);
    if (!opt || !opt->supports_float32()) continue;
    Eigen::VectorXf xf = Eigen::VectorXf::Ones(3);
    Eigen::VectorXd xd = Eigen::VectorXd::Ones(3);
    // Never reset.
    EXPECT_THROW(opt->step(xf, xf), std::logic_error) << info.name;
    EXPECT_THROW(opt->step(xd, xd), std::logic_error) << info.name;
    // Reset for float64: float32 steps throw, float64 steps run.
    opt->reset(3);
    EXPECT_THROW(opt->step(xf, xf), std::logic_error) << info.name;
    EXPECT_NO_THROW(opt->step(xd, xd)) << info.name;
    // Reset for float32: the reverse.
    opt->reset(3, Precision::float32);
    EXPECT_THROW(opt->step(xd, xd), std::logic_error) << info.name;
    EXPECT_NO_THROW(opt->step(xf, xf)) << info.name;
    // Reset for another size.
    Eigen::VectorXf longer = Eigen::VectorXf::Ones(4);
    EXPECT_THROW(opt->step(longer, longer), std::logic_error) << info.name;
    try {
      opt->reset(3);
      opt->step(xf, xf);
      ADD_FAILURE() << info.name << ": no throw";
    } catch (const std::logic_error& e) {
      EXPECT_NE(std::string(e.what()).find("reset(3, Precision::float32)"), std::string::npos)
          << e.what();
    }
  }
}

TEST(OptimizerFloat32, SecondOrderMethodsAreFloat64Only) {
  int seen = 0;
  for (const auto& info : optimizer_registry().all()) {
    auto opt = info.make(checked_optimizer_settings(info, {}));
    if (!opt->needs_hessian()) continue;
    ++seen;
    EXPECT_FALSE(opt->supports_float32()) << info.name;
    opt->reset(3);
    Eigen::VectorXf x = Eigen::VectorXf::Ones(3);
    EXPECT_THROW(opt->step(x, x), std::logic_error) << info.name;
    EXPECT_THROW(opt->reset(3, Precision::float32), std::logic_error) << info.name;
    // The float64 path still works after the refused reset.
    opt->reset(2);
    Eigen::VectorXd xd = Eigen::Vector2d(1.0, -1.0);
    opt->step_with_hessian(xd, xd, Eigen::Matrix2d::Identity());
    EXPECT_LT(xd.lpNorm<Eigen::Infinity>(), 1e-2) << info.name;  // x -= x / (1 + damping)
  }
  EXPECT_EQ(seen, 2);  // newton and saddle_free_newton
}

TEST(OptimizerFloat32, Float32RunsLeaveTheFloat64RunBitForBit) {
  // A float64 run, a float32 run on the same object, then the float64 run again: equal bit for bit
  // (the float32 state is separate, and every float64 reset() starts afresh). The float64 numbers
  // themselves are pinned by tests/test_reference_traces.cpp (PyTorch's traces).
  const Problem problem = quadratic();
  for (const auto& info : optimizer_registry().all()) {
    for (const Settings& variant : variants()) {
      auto opt = make(info, variant, lr_of(problem, info));
      if (!opt || !opt->supports_float32()) continue;
      const auto run64 = [&] {
        opt->seed(3);
        opt->reset(kDim);
        Eigen::VectorXd x = problem.start;
        Eigen::VectorXd g(kDim);
        for (int t = 0; t < kSteps; ++t) {
          problem.grad64(x, g);
          opt->step(x, g);
        }
        return x;
      };
      const auto run32 = [&] {
        opt->seed(3);
        opt->reset(kDim, Precision::float32);
        Eigen::VectorXf x = problem.start.cast<float>();
        Eigen::VectorXf g(kDim);
        for (int t = 0; t < kSteps; ++t) {
          problem.grad32(x, g);
          opt->step(x, g);
        }
        return x;
      };
      const Eigen::VectorXd first64 = run64();
      const Eigen::VectorXf first32 = run32();
      EXPECT_EQ(run64(), first64) << info.name;
      EXPECT_EQ(run32(), first32) << info.name;
    }
  }
}

}  // namespace
}  // namespace optbench
