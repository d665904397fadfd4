// NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD checked by steps computed by hand from their
// papers' rules; `maximize` on every optimizer that has it; the ranges torch accepts. Their
// PyTorch traces are replayed in tests/test_reference_traces.cpp.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/optimizers/asgd.hpp"
#include "optbench/optimizers/nadam.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

Eigen::VectorXd one(double v) {
  return Eigen::VectorXd::Constant(1, v);
}

// The keypath and message of the Error that building `name` from `s` throws; "accepted" if none.
std::string refusal(const std::string& name, const Settings& s) {
  try {
    make_optimizer(name, s);
  } catch (const Error& e) {
    return e.keypath() + ": " + e.message();
  }
  return "accepted";
}

TEST(NAdam, FollowsTheDocumentedFormulaNotTorch113sSingleTensorCode) {
  // psi = 0.5 makes the momentum schedule mu_t = b1 (1 - 0.96^(t psi) / 2) change fast, so the
  // extra mu_t that torch 1.13's default code multiplies into mu_product_next shows.
  const double lr = 0.1;
  const double b1 = 0.9;
  const double psi = 0.5;
  auto opt = make_optimizer("nadam",
                            testing::settings({{"lr", lr}, {"eps", 0.0}, {"momentum_decay", psi}}));
  const auto mu = [&](int t) { return b1 * (1.0 - 0.5 * std::pow(0.96, t * psi)); };
  Eigen::VectorXd x = one(0.0);
  opt->reset(1);
  // A constant gradient 2: m_t / (1 - b1^t) = 2 and sqrt(v_t / (1 - b2^t)) = 2, so with eps 0
  // each step is lr ((1 - mu_t)/(1 - P_t) + mu_{t+1} (1 - b1^t)/(1 - P_t mu_{t+1})).
  double expected = 0.0;
  double buggy = 0.0;
  double product = 1.0;
  for (int t = 1; t <= 3; ++t) {
    opt->step(x, one(2.0));
    product *= mu(t);
    const double first = (1.0 - mu(t)) / (1.0 - product);
    const double bias = 1.0 - std::pow(b1, t);
    expected -= lr * (first + mu(t + 1) * bias / (1.0 - product * mu(t + 1)));
    buggy -= lr * (first + mu(t + 1) * bias / (1.0 - product * mu(t) * mu(t + 1)));
    EXPECT_NEAR(x(0), expected, 1e-14) << "step " << t;
  }
  EXPECT_GT(std::abs(expected - buggy), 1e-3);  // the two formulas part visibly
}

TEST(RAdam, MovesLikeSgdUntilTheVarianceEstimateIsUsableThenByTheRectifiedStep) {
  // rho_t = rho_inf - 2 t b2^t / (1 - b2^t) is 1, 2, 3, 4, 4.996 for t = 1..5 (b2 = 0.999) and
  // first exceeds 5 at t = 6. With a constant gradient g, m_t / (1 - b1^t) = g: the unrectified
  // steps move lr * g; the rectified ones lr * r_t * g / |g| (eps 0).
  const double lr = 0.01;
  auto opt = make_optimizer("radam", testing::settings({{"lr", lr}, {"eps", 0.0}}));
  Eigen::VectorXd x = one(0.0);
  opt->reset(1);
  double expected = 0.0;
  const double b2 = 0.999;
  const double rho_inf = 2.0 / (1.0 - b2) - 1.0;
  for (int t = 1; t <= 8; ++t) {
    opt->step(x, one(3.0));
    const double rho = rho_inf - 2.0 * t * std::pow(b2, t) / (1.0 - std::pow(b2, t));
    if (t <= 5) {
      ASSERT_LE(rho, 5.0);
      expected -= lr * 3.0;
    } else {
      ASSERT_GT(rho, 5.0);
      expected -=
          lr * std::sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho));
    }
    EXPECT_NEAR(x(0), expected, 1e-14) << "step " << t;
  }
}

TEST(Adamax, DividesByTheDecayingMaximumOfTheGradient) {
  auto opt = make_optimizer("adamax", testing::settings({{"lr", 0.1}, {"eps", 0.0}}));
  Eigen::VectorXd x = one(0.0);
  opt->reset(1);
  opt->step(x, one(-4.0));  // m = -0.4, u = 4: x -= 0.1/0.1 * -0.4/4
  EXPECT_DOUBLE_EQ(x(0), 0.1);
  // u = max(0.999*4, 1) = 3.996; m = 0.9*(-0.4) + 0.1*1 = -0.26; step 0.1/(1 - 0.81).
  opt->step(x, one(1.0));
  EXPECT_NEAR(x(0), 0.1 - 0.1 / 0.19 * (-0.26 / 3.996), 1e-15);
}

TEST(Adadelta, ItsStepIsTheRatioOfTwoRunningRootMeanSquares) {
  const double rho = 0.9;
  const double eps = 1e-2;
  auto opt =
      make_optimizer("adadelta", testing::settings({{"lr", 0.5}, {"rho", rho}, {"eps", eps}}));
  Eigen::VectorXd x = one(1.0);
  opt->reset(1);
  // v = 0.1 * 4 = 0.4; d = sqrt(0 + eps)/sqrt(0.4 + eps) * 2; a = 0.1 d^2.
  opt->step(x, one(2.0));
  const double d1 = std::sqrt(eps) / std::sqrt(0.4 + eps) * 2.0;
  EXPECT_NEAR(x(0), 1.0 - 0.5 * d1, 1e-15);
  // v = 0.9*0.4 + 0.1*1 = 0.46; d = sqrt(0.1 d1^2 + eps)/sqrt(0.46 + eps) * 1.
  opt->step(x, one(1.0));
  const double d2 = std::sqrt(0.1 * d1 * d1 + eps) / std::sqrt(0.46 + eps);
  EXPECT_NEAR(x(0), 1.0 - 0.5 * (d1 + d2), 1e-15);
}

TEST(Rprop, GrowsTheStepWhileTheSignHoldsAndBacksOffAfterAFlip) {
  auto opt = make_optimizer("rprop", testing::settings({{"lr", 0.1}}));
  Eigen::VectorXd x = one(0.0);
  opt->reset(1);
  opt->step(x, one(5.0));  // first step: s = lr
  EXPECT_DOUBLE_EQ(x(0), -0.1);
  opt->step(x, one(0.01));  // same sign: s = 0.12, whatever the gradient's size
  EXPECT_DOUBLE_EQ(x(0), -0.1 - 0.12);
  opt->step(x, one(-3.0));  // a flip: s = 0.06 and no move
  EXPECT_DOUBLE_EQ(x(0), -0.1 - 0.12);
  opt->step(x, one(-3.0));  // the flip was forgotten: s stays 0.06, the move resumes
  EXPECT_NEAR(x(0), -0.1 - 0.12 + 0.06, 1e-16);
}

TEST(Rprop, ClampsTheStepSizeToStepSizes) {
  auto opt = make_optimizer(
      "rprop", testing::settings({{"lr", 1.0}, {"step_sizes", std::vector<double>{0.5, 2.0}}}));
  Eigen::VectorXd x = one(0.0);
  opt->reset(1);
  for (int t = 0; t < 6; ++t) opt->step(x, one(1.0));  // 1, 1.2, 1.44, 1.728, 2, 2
  EXPECT_NEAR(x(0), -(1.0 + 1.2 + 1.44 + 1.728 + 2.0 + 2.0), 1e-12);
  auto fresh = make_optimizer(
      "rprop", testing::settings({{"lr", 9.0}, {"step_sizes", std::vector<double>{0.5, 2.0}}}));
  Eigen::VectorXd y = one(0.0);
  fresh->reset(1);
  fresh->step(y, one(1.0));  // torch clamps the first step too
  EXPECT_DOUBLE_EQ(y(0), -2.0);
}

TEST(Asgd, DecaysEtaAndAveragesTheIteratesAfterT0) {
  const double lr = 0.1;
  const double lambd = 0.5;
  const double alpha = 0.75;
  auto opt = make_optimizer(
      "asgd", testing::settings({{"lr", lr}, {"lambd", lambd}, {"alpha", alpha}, {"t0", 1.0}}));
  Eigen::VectorXd x = one(1.0);
  opt->reset(1);
  // Gradient x (f = x^2/2). Step t uses eta_t: lr at t = 1, then lr/(1 + lambd lr (t-1))^alpha.
  double expected = 1.0;
  std::vector<double> iterates;
  for (int t = 1; t <= 5; ++t) {
    const double eta = t == 1 ? lr : lr / std::pow(1.0 + lambd * lr * (t - 1), alpha);
    expected = expected * (1.0 - lambd * eta) - eta * expected;
    const Eigen::VectorXd g = x;  // a copy: step() may assume params and grad do not overlap
    opt->step(x, g);
    EXPECT_NEAR(x(0), expected, 1e-15) << "step " << t;
    iterates.push_back(x(0));
  }
  // mu = 1/max(1, t - t0) after step t: the average restarts at step 3 (mu = 1 there) and then
  // takes steps 4 and 5 in with weights 1/2 and 1/3: the mean of iterates 3..5, as torch's ax.
  const auto& asgd = dynamic_cast<const Asgd&>(*opt);
  EXPECT_NEAR(asgd.averaged_params()(0), (iterates[2] + iterates[3] + iterates[4]) / 3.0, 1e-15);
}

// Every optimizer with a `maximize` flag: a step with it on gradient g is, bit for bit, the step
// without it on -g (torch negates the gradient before weight decay), whatever the other settings,
// in float64 and in float32.
TEST(Maximize, IsTheStepOnTheNegatedGradientForEveryOptimizerThatHasIt) {
  int with_flag = 0;
  for (const auto& info : optimizer_registry().all()) {
    bool has = false;
    for (const auto& p : info.params) has = has || p.name == "maximize";
    if (!has) continue;
    auto probe = make_optimizer(info.name, testing::settings({}));
    // Methods that evaluate f themselves (lbfgs) have their own maximize test
    // (test_lbfgs_reference.cpp): they take no step from a gradient alone.
    if (probe->drives_objective()) continue;
    ++with_flag;
    Settings up = testing::settings({{"lr", 0.05}, {"maximize", true}});
    Settings down = testing::settings({{"lr", 0.05}});
    for (const char* key : {"weight_decay", "momentum"}) {
      for (const auto& p : info.params) {
        if (p.name == key) {
          up.set(key, 0.3);
          down.set(key, 0.3);
        }
      }
    }
    auto ascent = make_optimizer(info.name, up);
    auto descent = make_optimizer(info.name, down);
    const auto compare = [&](auto start) {
      auto a = start;
      auto d = start;
      for (int t = 0; t < 10; ++t) {
        const decltype(start) g = a.array() * a.array() - 0.3f * a.array();
        ascent->step(a, g);
        descent->step(d, -g);
        ASSERT_EQ(a, d) << info.name << " step " << t;
      }
      EXPECT_GT((a - start).norm(), 1e-3) << info.name;
    };
    ascent->reset(3);
    descent->reset(3);
    compare(Eigen::VectorXd(Eigen::Vector3d(1.0, -0.5, 0.25)));
    ascent->reset(3, Precision::float32);
    descent->reset(3, Precision::float32);
    compare(Eigen::VectorXf(Eigen::Vector3f(1.0f, -0.5f, 0.25f)));
  }
  // The eleven torch.optim optimizers (sgd, momentum and nesterov are one); not perturbed_gd or
  // the Newton methods, which torch has no counterpart of.
  EXPECT_EQ(with_flag, 13);
}

TEST(Maximize, ClimbsToTheMaximumOfAConcaveQuadratic) {
  for (const char* name : {"sgd", "adam", "nadam", "radam", "adamax", "rprop", "asgd"}) {
    auto opt = make_optimizer(name, testing::settings({{"lr", 0.05}, {"maximize", true}}));
    Eigen::VectorXd x = Eigen::Vector2d(1.0, -2.0);
    opt->reset(2);
    for (int t = 0; t < 2000; ++t) {
      const Eigen::VectorXd g = -(x - Eigen::Vector2d(0.5, 0.5));  // f = -|x - c|^2 / 2
      opt->step(x, g);
    }
    EXPECT_LT((x - Eigen::Vector2d(0.5, 0.5)).norm(), 0.05) << name;
  }
}

TEST(Maximize, IsAColumnAndPartOfTheRunKeyButTheScheduleIsNot) {
  // The run key seeds minibatches and perturbations: every hyperparameter enters it, maximize
  // too, but not the schedule, so an optimizer's schedules are compared on the same batches.
  const RunPlan plan = expand_plan(
      parse_config("name: keys\nkind: function\nproblems:\n  - {function: quartic_saddle}\n"
                   "optimizers:\n  - {name: adam, lr: 0.1}\n  - {name: adam, maximize: true}\n"
                   "  - {name: adam, lr: 0.1, schedule: {name: StepLR, step_size: 5}}\n",
                   "keys.yaml"),
      true);
  ASSERT_EQ(plan.optimizers.size(), 3u);
  EXPECT_EQ(plan.optimizers[0].key,
            "optimizer=adam;lr=0.1;betas=0.9 0.999;eps=1e-08;weight_decay=0;amsgrad=false;"
            "maximize=false;");
  EXPECT_NE(plan.optimizers[1].key.find("maximize=true;"), std::string::npos);
  EXPECT_EQ(plan.optimizers[2].key, plan.optimizers[0].key);
  for (const auto& o : plan.optimizers) {
    bool column = false;
    for (const Cell& cell : o.cells) column = column || cell.name == "maximize";
    EXPECT_TRUE(column);
  }
}

TEST(TorchRanges, DampeningAndRmspropAlphaAreUnboundedAsInTorch) {
  // torch.optim.SGD does not check dampening; RMSprop only requires alpha >= 0.
  for (double dampening : {-0.5, 1.5, 7.0}) {
    EXPECT_EQ(refusal("momentum", testing::settings({{"dampening", dampening}})), "accepted");
  }
  EXPECT_EQ(refusal("rmsprop", testing::settings({{"alpha", 1.5}})), "accepted");
  EXPECT_EQ(refusal("rmsprop", testing::settings({{"alpha", -0.1}})).rfind("alpha:", 0), 0u);
  // alpha above 1 makes the first square average (1 - alpha) g^2 negative: torch's first step
  // is NaN, and so is ours (the run then ends as diverged).
  auto rms = make_optimizer("rmsprop", testing::settings({{"alpha", 1.5}}));
  Eigen::VectorXd x = one(1.0);
  rms->reset(1);
  rms->step(x, one(1.0));
  EXPECT_TRUE(std::isnan(x(0)));
  // Dampening above 1 turns the buffer against the gradient: b = 0.9 b - 0.5 g after the first.
  auto sgd = make_optimizer(
      "sgd", testing::settings({{"lr", 1.0}, {"momentum", 0.9}, {"dampening", 1.5}}));
  Eigen::VectorXd y = one(0.0);
  sgd->reset(1);
  sgd->step(y, one(1.0));  // b = 1
  sgd->step(y, one(1.0));  // b = 0.9 - 0.5 = 0.4
  EXPECT_DOUBLE_EQ(y(0), -1.4);
}

TEST(TorchRanges, TheNewOptimizersRefuseWhatTorchRefuses) {
  const auto starts_with = [](const std::string& text, const std::string& key) {
    return text.rfind(key + ":", 0) == 0;
  };
  EXPECT_TRUE(starts_with(
      refusal("nadam", testing::settings({{"betas", std::vector<double>{0.9, 1.0}}})), "betas"));
  EXPECT_TRUE(starts_with(refusal("nadam", testing::settings({{"momentum_decay", -1.0}})),
                          "momentum_decay"));
  EXPECT_TRUE(starts_with(refusal("radam", testing::settings({{"eps", -1e-8}})), "eps"));
  EXPECT_TRUE(
      starts_with(refusal("adamax", testing::settings({{"weight_decay", -1.0}})), "weight_decay"));
  EXPECT_TRUE(starts_with(refusal("adadelta", testing::settings({{"rho", 1.1}})), "rho"));
  EXPECT_EQ(refusal("adadelta", testing::settings({{"rho", 1.0}})), "accepted");
  // Rprop: 0 < etaminus < 1 < etaplus, as torch; the step sizes ordered (torch does not check).
  EXPECT_EQ(refusal("rprop", testing::settings({{"etas", std::vector<double>{1.2, 0.5}}})),
            "etas: needs 0 < etaminus < 1 < etaplus, got [1.2, 0.5]");
  EXPECT_TRUE(starts_with(
      refusal("rprop", testing::settings({{"etas", std::vector<double>{0.0, 1.2}}})), "etas"));
  EXPECT_EQ(refusal("rprop", testing::settings({{"etas", std::vector<double>{0.5, 1.0}}})),
            "etas: needs 0 < etaminus < 1 < etaplus, got [0.5, 1]");
  EXPECT_EQ(refusal("rprop", testing::settings({{"step_sizes", std::vector<double>{1.0, 0.1}}})),
            "step_sizes: needs 0 <= smallest <= largest, got [1, 0.1]");
  EXPECT_TRUE(starts_with(refusal("asgd", testing::settings({{"lambd", -1e-4}})), "lambd"));
  EXPECT_EQ(refusal("asgd", testing::settings({{"alpha", -0.5}, {"t0", -3.0}})), "accepted");
  // The library's Params check themselves too, for code that builds an optimizer directly.
  NAdamParams bad;
  bad.betas = {0.9, 1.5};
  EXPECT_THROW(NAdam{bad}, Error);
  EXPECT_NO_THROW(NAdam{NAdamParams{}});
}

TEST(TorchDefaults, AreTorch113s) {
  const auto defaults = [](const std::string& name) {
    return checked_optimizer_settings(find_optimizer(name), {});
  };
  EXPECT_EQ(defaults("nadam").real("lr"), 2e-3);
  EXPECT_EQ(defaults("nadam").real("momentum_decay"), 4e-3);
  EXPECT_EQ(defaults("radam").real("lr"), 1e-3);
  EXPECT_EQ(defaults("adamax").real("lr"), 2e-3);
  EXPECT_EQ(defaults("adamax").list("betas"), (std::vector<double>{0.9, 0.999}));
  EXPECT_EQ(defaults("adadelta").real("lr"), 1.0);
  EXPECT_EQ(defaults("adadelta").real("rho"), 0.9);
  EXPECT_EQ(defaults("adadelta").real("eps"), 1e-6);
  EXPECT_EQ(defaults("rprop").real("lr"), 1e-2);
  EXPECT_EQ(defaults("rprop").list("etas"), (std::vector<double>{0.5, 1.2}));
  EXPECT_EQ(defaults("rprop").list("step_sizes"), (std::vector<double>{1e-6, 50.0}));
  EXPECT_EQ(defaults("asgd").real("lr"), 1e-2);
  EXPECT_EQ(defaults("asgd").real("lambd"), 1e-4);
  EXPECT_EQ(defaults("asgd").real("alpha"), 0.75);
  EXPECT_EQ(defaults("asgd").real("t0"), 1e6);
  for (const auto& info : optimizer_registry().all()) {
    for (const auto& p : info.params) {
      if (p.name == "maximize") {
        EXPECT_FALSE(std::get<bool>(p.default_value)) << info.name;
      }
    }
  }
}

}  // namespace
}  // namespace optbench
