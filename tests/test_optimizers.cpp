// Optimizer rules checked by hand-computed steps, validation, state reset and no allocation.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "optbench/core/error.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

// Counts heap allocations while `g_counting` is set, to prove step() allocates nothing. The
// replacements pair malloc with free; GCC cannot see that through inlining and warns.
// Only this translation unit replaces operator new: other test files declare the two counters
// `extern` (tests/test_nn.cpp does).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

// Every form is replaced, so each new pairs with its delete through malloc and free (a form left
// to the runtime would be freed here by free(), which AddressSanitizer reports as a mismatch).
void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return ::operator new(size, tag);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace optbench {
namespace {

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x(i++) = d;
  return x;
}

TEST(Sgd, PlainStepIsLrTimesGradient) {
  auto opt = make_optimizer("sgd", testing::settings({{"lr", 0.1}}));
  Eigen::VectorXd x = vec({1.0, -2.0});
  opt->reset(2);
  opt->step(x, vec({2.0, 4.0}));
  EXPECT_DOUBLE_EQ(x(0), 0.8);
  EXPECT_DOUBLE_EQ(x(1), -2.4);
}

TEST(Sgd, MomentumFirstStepCopiesGradientThenDampens) {
  auto opt = make_optimizer(
      "sgd", testing::settings({{"lr", 0.1}, {"momentum", 0.5}, {"dampening", 0.5}}));
  Eigen::VectorXd x = vec({0.0});
  opt->reset(1);
  opt->step(x, vec({1.0}));  // b = 1 (no dampening on the first step)
  EXPECT_DOUBLE_EQ(x(0), -0.1);
  opt->step(x, vec({1.0}));  // b = 0.5*1 + 0.5*1 = 1
  EXPECT_DOUBLE_EQ(x(0), -0.2);
  opt->step(x, vec({3.0}));  // b = 0.5 + 1.5 = 2
  EXPECT_DOUBLE_EQ(x(0), -0.4);
}

TEST(Sgd, NesterovLooksAhead) {
  auto opt = make_optimizer("nesterov", testing::settings({{"lr", 0.1}}));
  Eigen::VectorXd x = vec({0.0});
  opt->reset(1);
  opt->step(x, vec({1.0}));  // b = 1, d = 1 + 0.9*1 = 1.9
  EXPECT_DOUBLE_EQ(x(0), -0.19);
  opt->step(x, vec({1.0}));  // b = 0.9 + 1 = 1.9, d = 1 + 0.9*1.9 = 2.71
  EXPECT_NEAR(x(0), -0.19 - 0.271, 1e-15);
}

TEST(Sgd, AliasesSetMomentumAndNesterov) {
  const auto& momentum = find_optimizer("momentum");
  const Settings m = checked_optimizer_settings(momentum, {});
  EXPECT_EQ(m.real("momentum"), 0.9);
  EXPECT_FALSE(m.flag("nesterov"));
  const Settings n = checked_optimizer_settings(find_optimizer("nesterov"), {});
  EXPECT_EQ(n.real("momentum"), 0.9);
  EXPECT_TRUE(n.flag("nesterov"));
}

TEST(Adam, FirstStepMovesByLrAgainstTheGradientSign) {
  auto opt = make_optimizer("adam", testing::settings({{"lr", 0.01}, {"eps", 0.0}}));
  Eigen::VectorXd x = vec({1.0, 1.0});
  opt->reset(2);
  opt->step(x, vec({3.0, -1e-3}));
  EXPECT_DOUBLE_EQ(x(0), 0.99);
  EXPECT_DOUBLE_EQ(x(1), 1.01);
}

TEST(Adam, WeightDecayIsAnL2TermButAdamWDecaysTheWeights) {
  // A zero gradient: Adam's L2 term alone moves x by lr (first step), AdamW multiplies x by
  // 1 - lr*wd and takes no gradient step.
  auto adam =
      make_optimizer("adam", testing::settings({{"lr", 0.1}, {"weight_decay", 0.5}, {"eps", 0.0}}));
  auto adamw = make_optimizer("adamw", testing::settings({{"lr", 0.1}, {"weight_decay", 0.5}}));
  Eigen::VectorXd a = vec({2.0});
  Eigen::VectorXd w = vec({2.0});
  adam->reset(1);
  adamw->reset(1);
  adam->step(a, vec({0.0}));
  adamw->step(w, vec({0.0}));
  EXPECT_DOUBLE_EQ(a(0), 1.9);
  EXPECT_DOUBLE_EQ(w(0), 2.0 * (1.0 - 0.1 * 0.5));
}

TEST(Adam, AmsgradKeepsTheLargestSecondMoment) {
  auto plain = make_optimizer("adam", testing::settings({{"lr", 0.1}}));
  auto ams = make_optimizer("adam", testing::settings({{"lr", 0.1}, {"amsgrad", true}}));
  Eigen::VectorXd p = vec({0.0});
  Eigen::VectorXd q = vec({0.0});
  plain->reset(1);
  ams->reset(1);
  for (double g : {10.0, 0.1, 0.1}) {
    plain->step(p, vec({g}));
    ams->step(q, vec({g}));
  }
  // After a large gradient, amsgrad's denominator stays large, so its later steps are smaller.
  EXPECT_LT(std::abs(q(0)), std::abs(p(0)));
}

TEST(RmsProp, FirstStepDividesByTheRootOfTheSquareAverage) {
  auto opt =
      make_optimizer("rmsprop", testing::settings({{"lr", 0.01}, {"alpha", 0.99}, {"eps", 0.0}}));
  Eigen::VectorXd x = vec({0.0});
  opt->reset(1);
  opt->step(x, vec({2.0}));  // v = 0.01*4, x = -0.01 * 2/sqrt(0.04) = -0.1
  EXPECT_DOUBLE_EQ(x(0), -0.1);
}

TEST(Adagrad, LearningRateDecaysWithTheSumOfSquares) {
  auto opt = make_optimizer("adagrad", testing::settings({{"lr", 1.0}, {"eps", 0.0}}));
  Eigen::VectorXd x = vec({0.0});
  opt->reset(1);
  opt->step(x, vec({3.0}));  // s = 9: step 1
  EXPECT_DOUBLE_EQ(x(0), -1.0);
  opt->step(x, vec({4.0}));  // s = 25: step 4/5
  EXPECT_DOUBLE_EQ(x(0), -1.8);
}

TEST(Validation, FollowsTorchRules) {
  auto key_of = [](const std::string& name, const Settings& s) {
    try {
      make_optimizer(name, s);
    } catch (const Error& e) {
      return e.keypath() + ": " + e.message();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(
      key_of("sgd", testing::settings({{"lr", 0.1}, {"nesterov", true}})).rfind("nesterov:", 0),
      0u);
  EXPECT_EQ(
      key_of("sgd", testing::settings({{"momentum", 0.9}, {"nesterov", true}, {"dampening", 0.1}}))
          .rfind("nesterov:", 0),
      0u);
  EXPECT_EQ(key_of("sgd", testing::settings({{"momentum", 0.9}, {"nesterov", true}})), "accepted");
  EXPECT_EQ(key_of("adam", testing::settings({{"lr", -0.1}})).rfind("lr:", 0), 0u);
  EXPECT_EQ(key_of("adam", testing::settings({{"betas", std::vector<double>{0.9, 1.0}}}))
                .rfind("betas:", 0),
            0u);
  EXPECT_EQ(
      key_of("adam", testing::settings({{"betas", std::vector<double>{0.9}}})).rfind("betas:", 0),
      0u);
  EXPECT_EQ(key_of("adam", testing::settings({{"betas", std::vector<double>{0.0, 0.5}}})),
            "accepted");
  EXPECT_NE(key_of("adam", testing::settings({{"lrr", 0.1}})).find("did you mean 'lr'?"),
            std::string::npos);
  EXPECT_NE(key_of("adma", {}).find("did you mean 'adam'?"), std::string::npos);
}

// Objective-driven methods (no step(x, grad)) are tested in test_global_optimizers.cpp.
bool drives_objective(const OptimizerInfo& info) {
  return info.make(checked_optimizer_settings(info, {}))->drives_objective();
}

TEST(EveryOptimizer, ResetMakesRunsRepeatable) {
  for (const auto& info : optimizer_registry().all()) {
    if (drives_objective(info)) continue;
    auto opt = info.make(checked_optimizer_settings(info, testing::settings({{"lr", 0.05}})));
    Eigen::VectorXd first;
    for (int attempt = 0; attempt < 2; ++attempt) {
      Eigen::VectorXd x = vec({1.0, -0.5, 0.25});
      opt->reset(3);
      for (int t = 0; t < 20; ++t) {
        const Eigen::VectorXd g = 2.0 * x;
        if (opt->needs_hessian()) {
          opt->step_with_hessian(x, g, 2.0 * Eigen::MatrixXd::Identity(3, 3));
        } else {
          opt->step(x, g);
        }
      }
      if (attempt == 0) {
        first = x;
      } else {
        EXPECT_EQ(x, first) << info.name;
      }
    }
  }
}

TEST(EveryOptimizer, MinimisesAQuadraticAndStepAllocatesNothing) {
  for (const auto& info : optimizer_registry().all()) {
    if (drives_objective(info)) continue;
    // Adadelta's lr scales a step that is already in the units of x (torch's default lr is 1):
    // at 0.05 it would need thousands of steps.
    const double lr = info.name == "adadelta" ? 1.0 : 0.05;
    auto opt = info.make(checked_optimizer_settings(info, testing::settings({{"lr", lr}})));
    // Second-order methods decompose a dense Hessian every step: keep theirs small.
    const Eigen::Index n = opt->needs_hessian() ? 50 : 1000;
    Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -1.0, 1.0);
    Eigen::VectorXd g(n);
    opt->reset(n);
    const double start = x.squaredNorm();
    g_allocations = 0;
    g_counting = true;
    const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(n, n);  // Hessian of |x|^2 / 2
    for (int t = 0; t < 500; ++t) {
      g = x;  // gradient of |x|^2 / 2
      if (opt->needs_hessian()) {
        opt->step_with_hessian(x, g, identity);
      } else {
        opt->step(x, g);
      }
    }
    g_counting = false;
    EXPECT_EQ(g_allocations.load(), 0) << info.name;
    EXPECT_LT(x.squaredNorm(), 0.01 * start) << info.name;
  }
}

}  // namespace
}  // namespace optbench
