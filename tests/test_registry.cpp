// The registries a user extends: a name is unique (an addition never shadows a built-in), an
// unknown name gets did-you-mean, and what a program registers runs from a config like a
// built-in. Registration is process-wide, so the tests that add entries do it in a child process
// (gtest's EXPECT_EXIT) and leave the suite's registries as they were.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "optbench/core/error.hpp"
#include "optbench/core/registry.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

struct Entry {
  std::string name;
  int value = 0;
};

TEST(Registry, KeepsOrderRefusesTakenNamesAndSuggests) {
  Registry<Entry> r("widget");
  r.add({"alpha", 1});
  r.add({"beta", 2});
  const Entry* alpha = r.find("alpha");
  ASSERT_NE(alpha, nullptr);
  for (int i = 0; i < 100; ++i) r.add({"w" + std::to_string(i), i});
  EXPECT_EQ(r.find("alpha"), alpha);  // entries never move
  EXPECT_EQ(r.names().front(), "alpha");
  EXPECT_EQ(r.all().size(), 102u);
  try {
    r.add({"beta", 3});
    FAIL() << "a taken name was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "name");
    EXPECT_NE(e.message().find("'beta' is already registered"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.find("beta")->value, 2);
  EXPECT_THROW(r.add({"", 0}), Error);
  try {
    (void)r.get("alpah", "kind");
    FAIL() << "an unknown name was found";
  } catch (const Error& e) {
    EXPECT_EQ(e.keypath(), "kind");
    EXPECT_NE(e.message().find("unknown widget 'alpah'"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("did you mean 'alpha'"), std::string::npos) << e.what();
  }
}

TEST(Registry, BuiltInNamesCannotBeTaken) {
  OptimizerInfo adam;
  adam.name = "adam";
  EXPECT_THROW(register_optimizer(adam), Error);
  FunctionInfo rosenbrock;
  rosenbrock.name = "rosenbrock";
  EXPECT_THROW(register_function(rosenbrock), Error);
  DatasetInfo iris;
  iris.name = "iris";
  EXPECT_THROW(register_dataset(iris), Error);
  ExperimentInfo function_kind{"function", "a second kind function",
                               [] { return find_experiment("function").make(); }};
  EXPECT_THROW(register_experiment_kind(function_kind), Error);
  EXPECT_EQ(optimizer_registry().get("adam", "name").name, "adam");
  EXPECT_EQ(experiment_registry().names(),
            (std::vector<std::string>{"function", "critical_points", "classification", "timing"}));
}

// In a child: a kind registered under a new name (here the function kind's runs again) is what
// a config's kind: names; its rows are the function kind's.
TEST(Registry, ARegisteredKindRunsFromAConfig) {
  testing::TempDir dir;
  const std::string config = R"(name: mine
kind: paths
problems:
  - {function: quartic_saddle, start: [0.3, 0.25]}
optimizers:
  - {name: sgd, lr: 0.125}
stop: {max_steps: 4}
)";
  EXPECT_EXIT(
      {
        register_experiment_kind({"paths", "the function kind again",
                                  [] { return find_experiment("function").make(); }});
        testing::sweep_config(config, dir.str());
        std::exit(::testing::Test::HasFailure() ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "");
  const auto runs = testing::csv_records(dir.str() + "/mine/runs.csv");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("status"), "max_steps");
  std::map<std::string, std::string> last;
  for (const auto& row : testing::csv_records(dir.str() + "/mine/trace.csv")) last = row;
  EXPECT_NEAR(std::stod(last.at("x0")), 0.3 * std::pow(0.75, 4), 1e-15);
}

// sign-SGD, the issue's example of a user's optimizer: x <- x - lr * sign(g), sign(0) = 0.
class SignSgd : public Optimizer {
 public:
  explicit SignSgd(double lr) : Optimizer(lr) {}
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override {
    params -= lr_ * grad.unaryExpr([](double g) { return double((g > 0) - (g < 0)); });
  }

 protected:
  void allocate(Eigen::Index /*n*/, Precision /*precision*/) override {}
};

OptimizerInfo sign_sgd_info() {
  OptimizerInfo info;
  info.name = "sign_sgd";
  info.summary = "x <- x - lr * sign(g)";
  info.params = {number_param("lr", SettingType::Real, 0.01, 0.0, HUGE_VAL, "step length", true)};
  info.make = [](const Settings& s) { return std::make_unique<SignSgd>(s.real("lr")); };
  return info;
}

// In a child: sign_sgd registered, then a config names it beside sgd; the child exits 0 only
// when the sweep completed. The parent checks the rows.
TEST(Registry, ARegisteredOptimizerRunsFromAConfig) {
  testing::TempDir dir;
  const std::string config = R"(name: mine
kind: function
problems:
  - {function: quartic_saddle, start: [0.3, 0.25]}
optimizers:
  - {name: sign_sgd, lr: 0.125}
  - {name: sgd, lr: 0.125}
stop: {max_steps: 4}
)";
  EXPECT_EXIT(
      {
        register_optimizer(sign_sgd_info());
        testing::sweep_config(config, dir.str());
        std::exit(::testing::Test::HasFailure() ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "");
  const auto runs = testing::csv_records(dir.str() + "/mine/runs.csv");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].at("optimizer"), "sign_sgd");
  EXPECT_EQ(runs[0].at("status"), "max_steps");
  // quartic_saddle's gradient is (2 x0, x1^3 - x1). From (0.3, 0.25), steps of 0.125: x0 goes
  // 0.175, 0.05, -0.075 (past 0) and back to 0.05; x1 (gradient < 0 below 1) rises to 0.75.
  std::map<std::string, std::map<std::string, std::string>> last;
  for (const auto& row : testing::csv_records(dir.str() + "/mine/trace.csv")) {
    last[row.at("run_id")] = row;
  }
  EXPECT_EQ(last.at("0").at("step"), "4");
  EXPECT_DOUBLE_EQ(std::stod(last.at("0").at("x0")), 0.3 - 3 * 0.125 + 0.125);
  EXPECT_DOUBLE_EQ(std::stod(last.at("0").at("x1")), 0.75);
  // sgd from the same start: x0 shrinks by 1 - 2 lr each step, 0.3 * 0.75^4.
  EXPECT_NEAR(std::stod(last.at("1").at("x0")), 0.3 * std::pow(0.75, 4), 1e-15);
}

}  // namespace
}  // namespace optbench
