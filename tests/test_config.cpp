// parse_config and expand_plan: grid expansion, seeds, aliases, targets, the plan hash and the
// exact locations of errors.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"

namespace optbench {
namespace {

RunPlan plan_of(const std::string& text) {
  return expand_plan(parse_config(text, "test.yaml"), /*with_optimizers=*/true);
}

/// A config with the given problems and optimizers sections (and anything after them).
std::string config(const std::string& problems, const std::string& optimizers,
                   const std::string& rest = "") {
  return "name: t\nkind: function\nproblems:\n" + problems + "optimizers:\n" + optimizers + rest;
}

const std::string kOneProblem = "  - {function: quartic_saddle, start: [0.0, 1.0e-6]}\n";
const std::string kOneOptimizer = "  - {name: sgd, lr: 0.01}\n";

/// The Error that parsing and expanding `text` throws.
Error error_of(const std::string& text) {
  try {
    plan_of(text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error("", "");
}

double real_of(const Settings& s, const std::string& key) {
  return s.real(key);
}

TEST(ConfigGrid, ListValuesAreAxesAndTheLastAxisVariesFastest) {
  const RunPlan plan = plan_of(
      config(kOneProblem, "  - {name: sgd, lr: [0.01, 0.05], momentum: [0.0, 0.5, 0.9]}\n"));
  ASSERT_EQ(plan.optimizers.size(), 6u);
  const std::vector<std::pair<double, double>> expected{{0.01, 0.0}, {0.01, 0.5}, {0.01, 0.9},
                                                        {0.05, 0.0}, {0.05, 0.5}, {0.05, 0.9}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(plan.optimizers[i].name, "sgd");
    EXPECT_DOUBLE_EQ(real_of(plan.optimizers[i].settings, "lr"), expected[i].first);
    EXPECT_DOUBLE_EQ(real_of(plan.optimizers[i].settings, "momentum"), expected[i].second);
  }
  EXPECT_EQ(plan.run_count(), 6u);
}

TEST(ConfigGrid, RunsAreProblemsTimesOptimizersTimesSeedsInThatOrder) {
  const RunPlan plan = plan_of(
      "name: t\nkind: function\nseeds: [4, 2]\nproblems:\n"
      "  - {function: quartic_saddle}\n"
      "  - {function: strict_saddle, dim: [3, 5]}\n"
      "optimizers:\n"
      "  - {name: sgd, lr: 0.1}\n"
      "  - {name: adam, lr: [0.01, 0.001]}\n");
  ASSERT_EQ(plan.problems.size(), 3u);
  EXPECT_EQ(plan.problems[0].function, "quartic_saddle");
  EXPECT_EQ(plan.problems[1].dim, 3);
  EXPECT_EQ(plan.problems[2].dim, 5);
  ASSERT_EQ(plan.optimizers.size(), 3u);
  EXPECT_EQ(plan.optimizers[0].name, "sgd");
  EXPECT_EQ(plan.optimizers[1].name, "adam");
  EXPECT_DOUBLE_EQ(real_of(plan.optimizers[2].settings, "lr"), 0.001);
  ASSERT_EQ(plan.run_count(), 3u * 3u * 2u);
  for (std::size_t i = 0; i < plan.run_count(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(plan.run(i).run_id, i);
    EXPECT_EQ(plan.run(i).problem, i / 6);
    EXPECT_EQ(plan.run(i).optimizer, (i / 2) % 3);
    EXPECT_EQ(plan.run(i).seed, i % 2 == 0 ? 4u : 2u);
  }
}

TEST(ConfigGrid, BetasListIsOneSettingAndAListOfListsIsAnAxis) {
  const RunPlan one = plan_of(config(kOneProblem, "  - {name: adam, betas: [0.9, 0.999]}\n"));
  ASSERT_EQ(one.optimizers.size(), 1u);
  EXPECT_EQ(one.optimizers[0].settings.list("betas"), (std::vector<double>{0.9, 0.999}));

  const RunPlan two =
      plan_of(config(kOneProblem, "  - {name: adam, betas: [[0.9, 0.999], [0.5, 0.9]]}\n"));
  ASSERT_EQ(two.optimizers.size(), 2u);
  EXPECT_EQ(two.optimizers[0].settings.list("betas"), (std::vector<double>{0.9, 0.999}));
  EXPECT_EQ(two.optimizers[1].settings.list("betas"), (std::vector<double>{0.5, 0.9}));
  EXPECT_EQ(two.run_count(), 2u);
}

TEST(ConfigGrid, StartListIsOneStartAndAListOfListsTwo) {
  const RunPlan one =
      plan_of(config("  - {function: quartic_saddle, start: [0, 1]}\n", kOneOptimizer));
  ASSERT_EQ(one.problems.size(), 1u);
  EXPECT_EQ(one.problems[0].start, (std::vector<double>{0.0, 1.0}));

  const RunPlan two =
      plan_of(config("  - {function: quartic_saddle, start: [[0, 1], [1, 0]]}\n", kOneOptimizer));
  ASSERT_EQ(two.problems.size(), 2u);
  EXPECT_EQ(two.problems[0].start, (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(two.problems[1].start, (std::vector<double>{1.0, 0.0}));

  const RunPlan zeros =
      plan_of(config("  - {function: rosenbrock, dim: 4, start: zeros}\n", kOneOptimizer));
  ASSERT_EQ(zeros.problems.size(), 1u);
  EXPECT_EQ(zeros.problems[0].dim, 4);
  EXPECT_FALSE(zeros.problems[0].start.has_value());
}

TEST(ConfigGrid, AStartGivesTheDimensionOfAnNDimensionalFunction) {
  const RunPlan plan =
      plan_of(config("  - {function: rosenbrock, start: [0, 0, 0]}\n", kOneOptimizer));
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].dim, 3);
}

TEST(ConfigSeeds, ACountMeansZeroToNMinusOne) {
  const ExperimentSpec spec = parse_config("name: t\nkind: function\nseeds: 3\n", "t.yaml");
  EXPECT_EQ(spec.seeds, (std::vector<std::uint64_t>{0, 1, 2}));
}

TEST(ConfigSeeds, OmittedMeansSeedZero) {
  const ExperimentSpec spec = parse_config("name: t\nkind: function\n", "t.yaml");
  EXPECT_EQ(spec.seeds, (std::vector<std::uint64_t>{0}));
}

TEST(ConfigSeeds, AnExplicitListIsKeptInOrder) {
  const ExperimentSpec spec = parse_config("name: t\nkind: function\nseeds: [7, 0, 3]\n", "t.yaml");
  EXPECT_EQ(spec.seeds, (std::vector<std::uint64_t>{7, 0, 3}));
}

TEST(ConfigOptimizers, MomentumAndNesterovAreSgdWithMomentumNineTenths) {
  const RunPlan plan = plan_of(config(kOneProblem,
                                      "  - {name: momentum, lr: 0.01}\n"
                                      "  - {name: nesterov, lr: 0.01}\n"
                                      "  - sgd\n"));
  ASSERT_EQ(plan.optimizers.size(), 3u);
  EXPECT_EQ(plan.optimizers[0].name, "momentum");
  EXPECT_DOUBLE_EQ(plan.optimizers[0].settings.real("momentum"), 0.9);
  EXPECT_FALSE(plan.optimizers[0].settings.flag("nesterov"));
  EXPECT_EQ(plan.optimizers[1].name, "nesterov");
  EXPECT_DOUBLE_EQ(plan.optimizers[1].settings.real("momentum"), 0.9);
  EXPECT_TRUE(plan.optimizers[1].settings.flag("nesterov"));
  EXPECT_DOUBLE_EQ(plan.optimizers[1].settings.real("dampening"), 0.0);
  EXPECT_DOUBLE_EQ(plan.optimizers[2].settings.real("momentum"), 0.0);
  EXPECT_FALSE(plan.optimizers[2].settings.flag("nesterov"));
}

TEST(ConfigOptimizers, DefaultsFollowTorch) {
  const RunPlan plan = plan_of(config(kOneProblem, "  - adam\n  - adamw\n  - rmsprop\n"));
  ASSERT_EQ(plan.optimizers.size(), 3u);
  EXPECT_DOUBLE_EQ(plan.optimizers[0].settings.real("lr"), 1e-3);
  EXPECT_EQ(plan.optimizers[0].settings.list("betas"), (std::vector<double>{0.9, 0.999}));
  EXPECT_DOUBLE_EQ(plan.optimizers[0].settings.real("eps"), 1e-8);
  EXPECT_DOUBLE_EQ(plan.optimizers[0].settings.real("weight_decay"), 0.0);
  EXPECT_DOUBLE_EQ(plan.optimizers[1].settings.real("weight_decay"), 1e-2);
  EXPECT_DOUBLE_EQ(plan.optimizers[2].settings.real("alpha"), 0.99);
}

TEST(ConfigColumns, IdColumnsHoldEveryHyperparameterBetweenRunIdAndSeed) {
  const RunPlan plan = plan_of(config("  - {function: strict_saddle, dim: 3}\n",
                                      "  - {name: sgd, lr: 0.01}\n"
                                      "  - {name: adam, lr: 0.01}\n"
                                      "  - {name: rmsprop, lr: 0.01}\n"));
  const std::vector<std::string> cols = column_names(plan.id_columns);
  ASSERT_GE(cols.size(), 2u);
  EXPECT_EQ(cols.front(), "run_id");
  EXPECT_EQ(cols.back(), "seed");
  for (const std::string key :
       {"problem", "dim", "negative", "start", "start_noise", "optimizer", "lr", "momentum",
        "dampening", "nesterov", "weight_decay", "betas", "eps", "amsgrad", "alpha", "centered"}) {
    EXPECT_EQ(std::count(cols.begin(), cols.end(), key), 1) << key;
  }
  // Every run has a cell for every column; an optimizer's unused hyperparameters stay empty.
  const std::vector<std::string> cells = plan.id_cells(plan.run(1));
  ASSERT_EQ(cells.size(), cols.size());
  const auto cell = [&](const std::string& key) {
    return cells[static_cast<std::size_t>(std::find(cols.begin(), cols.end(), key) - cols.begin())];
  };
  EXPECT_EQ(cell("run_id"), "1");
  EXPECT_EQ(cell("optimizer"), "adam");
  EXPECT_EQ(cell("betas"), "[0.9 0.999]");
  EXPECT_EQ(cell("momentum"), "");
  EXPECT_EQ(cell("problem"), "strict_saddle");
  EXPECT_EQ(cell("dim"), "3");
  EXPECT_EQ(cell("negative"), "1");
  EXPECT_EQ(cell("start"), "zeros");
  EXPECT_EQ(cell("seed"), "0");
  // Each column's type is declared by its parameter's spec, never by the values of the sweep.
  const auto type = [&](const std::string& key) {
    return plan
        .id_columns[static_cast<std::size_t>(std::find(cols.begin(), cols.end(), key) -
                                             cols.begin())]
        .type;
  };
  EXPECT_EQ(type("run_id"), ColumnType::Integer);
  EXPECT_EQ(type("problem"), ColumnType::Text);
  EXPECT_EQ(type("dim"), ColumnType::Integer);
  EXPECT_EQ(type("negative"), ColumnType::Integer);
  EXPECT_EQ(type("start"), ColumnType::List);
  EXPECT_EQ(type("lr"), ColumnType::Number);
  EXPECT_EQ(type("nesterov"), ColumnType::Bool);
  EXPECT_EQ(type("betas"), ColumnType::List);
  EXPECT_EQ(type("seed"), ColumnType::Integer);
}

TEST(ConfigTarget, FStarPlusAnOffsetResolvesPerFunction) {
  const RunPlan plan =
      plan_of(config("  - {function: quartic_saddle}\n"
                     "  - {function: strict_saddle, dim: 4, negative: 2}\n"
                     "  - {function: rosenbrock, dim: 2}\n",
                     kOneOptimizer, "stop: {target: f_star + 1e-6}\n"));
  ASSERT_EQ(plan.problems.size(), 3u);
  ASSERT_TRUE(plan.problems[0].target.has_value());
  EXPECT_DOUBLE_EQ(*plan.problems[0].target, -0.249999);
  ASSERT_TRUE(plan.problems[1].target.has_value());
  EXPECT_DOUBLE_EQ(*plan.problems[1].target, -0.499999);
  ASSERT_TRUE(plan.problems[2].target.has_value());
  EXPECT_DOUBLE_EQ(*plan.problems[2].target, 1e-6);
}

TEST(ConfigTarget, ANumberIsTheSameForEveryProblemAndNoneMeansNoTarget) {
  const RunPlan numbered = plan_of(config(kOneProblem, kOneOptimizer, "stop: {target: -0.2}\n"));
  ASSERT_TRUE(numbered.problems[0].target.has_value());
  EXPECT_DOUBLE_EQ(*numbered.problems[0].target, -0.2);
  const RunPlan none = plan_of(config(kOneProblem, kOneOptimizer));
  EXPECT_FALSE(none.problems[0].target.has_value());
  EXPECT_EQ(none.spec.stop.max_steps, 1000);
}

TEST(ConfigHash, ChangesWithAValueButNotWithACommentOrSpacing) {
  const std::string base = config(kOneProblem, kOneOptimizer, "stop: {max_steps: 10}\n");
  const std::string hash = plan_of(base).hash;
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(plan_of("# a comment\n" + base + "# another\n").hash, hash);
  EXPECT_EQ(plan_of(config("  - function: quartic_saddle   # the lesson's saddle\n"
                           "    start: [0.0,   1.0e-6]\n",
                           "  - name: sgd\n    lr: 0.010\n", "stop:\n  max_steps: 10\n"))
                .hash,
            hash);
  EXPECT_NE(
      plan_of(config(kOneProblem, "  - {name: sgd, lr: 0.02}\n", "stop: {max_steps: 10}\n")).hash,
      hash);
  EXPECT_NE(plan_of(config(kOneProblem, kOneOptimizer, "stop: {max_steps: 11}\n")).hash, hash);
  EXPECT_NE(plan_of(config("  - {function: quartic_saddle, start: [0.0, 2.0e-6]}\n", kOneOptimizer,
                           "stop: {max_steps: 10}\n"))
                .hash,
            hash);
  EXPECT_NE(plan_of("seeds: 2\n" + base).hash, hash);
  EXPECT_NE(plan_of(base + "record: {every: 5}\n").hash, hash);
}

TEST(ConfigErrors, LocatesAMisspeltOptimizerAtItsValue) {
  const Error e = error_of(config(kOneProblem, "  - {name: sgd, lr: 0.01}\n  - {name: adma}\n"));
  EXPECT_EQ(e.where().file, "test.yaml");
  EXPECT_EQ(e.where().line, 7);
  EXPECT_EQ(e.where().column, 12);
  EXPECT_EQ(e.keypath(), "optimizers[1].name");
  EXPECT_EQ(e.message(), "unknown optimizer 'adma' (did you mean 'adam'?)");
  EXPECT_STREQ(e.what(),
               "test.yaml:7:12: error: optimizers[1].name: unknown optimizer 'adma' (did you mean "
               "'adam'?)");
}

TEST(ConfigErrors, LocatesAnUnknownKeyAtTheKey) {
  const Error e =
      error_of(config(kOneProblem, "  - name: adam\n    lr: 0.01\n    betaz: [0.9, 0.99]\n"));
  EXPECT_EQ(e.where().line, 8);
  EXPECT_EQ(e.where().column, 5);
  EXPECT_EQ(e.keypath(), "optimizers[0].betaz");
  EXPECT_EQ(e.message(), "unknown key (did you mean 'betas'?)");
}

TEST(ConfigErrors, LocatesAnAxisValueInsideAFlowList) {
  //                                                   column 32 v
  const Error e = error_of(config(kOneProblem, "  - {name: sgd, lr: [0.1, 0.2, -0.3]}\n"));
  EXPECT_EQ(e.where().line, 6);
  EXPECT_EQ(e.where().column, 32);
  EXPECT_EQ(e.keypath(), "optimizers[0].lr[2]");
  EXPECT_EQ(e.message(), "value must be >= 0, got -0.3");
}

TEST(ConfigErrors, LocatesACrossSettingCheckAtTheFlag) {
  const Error e = error_of(config(kOneProblem, "  - name: sgd\n    nesterov: true\n"));
  EXPECT_EQ(e.where().line, 7);
  EXPECT_EQ(e.where().column, 15);
  EXPECT_EQ(e.keypath(), "optimizers[0].nesterov");
}

TEST(ConfigErrors, LocatesAStartOfTheWrongLengthAtTheStart) {
  const Error e =
      error_of(config("  - function: himmelblau\n    start: [1, 2, 3]\n", kOneOptimizer));
  EXPECT_EQ(e.where().line, 5);
  EXPECT_EQ(e.where().column, 12);
  EXPECT_EQ(e.keypath(), "problems[0].start");
  EXPECT_EQ(e.message(), "start has 3 coordinates but himmelblau has dim 2");
}

TEST(ConfigErrors, LocatesADuplicateKeyAtItsSecondUse) {
  const Error e = error_of("name: t\nkind: function\nname: u\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 1);
  EXPECT_EQ(e.keypath(), "name");
  EXPECT_EQ(e.message(), "duplicate key (first given on line 1)");
}

TEST(ConfigErrors, LocatesMalformedYamlAndTabs) {
  const Error bracket = error_of("name: t\nkind: function\nseeds: [1, 2\nproblems: []\n");
  EXPECT_GE(bracket.where().line, 3);
  EXPECT_EQ(bracket.message().rfind("malformed YAML: ", 0), 0u) << bracket.message();

  const Error tab = error_of("name: t\nstop:\n  \tmax_steps: 3\n");
  EXPECT_EQ(tab.where().line, 3);
  EXPECT_EQ(tab.where().column, 3);
  EXPECT_EQ(tab.message(),
            "malformed YAML: a tab indents this line; YAML indents with spaces only");
}

TEST(ConfigErrors, RefusesASecondDocument) {
  const Error e = error_of("name: t\nkind: function\n---\nname: u\n");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 1);
}

TEST(ConfigErrors, LocatesAnEmptyValueAtItsKeyNotAtTheNextToken) {
  const Error e = error_of(config(kOneProblem, "  - name: sgd\n    lr:   # later\n\n  - adam\n"));
  EXPECT_EQ(e.where().line, 7);
  EXPECT_EQ(e.where().column, 7);
  EXPECT_EQ(e.keypath(), "optimizers[0].lr");
  EXPECT_EQ(e.message(), "is empty: must be a number");
}

TEST(ConfigErrors, MissingSectionsPointAtTheTopOfTheFile) {
  const Error e = error_of("name: t\nkind: function\nproblems:\n" + kOneProblem);
  EXPECT_EQ(e.where().line, 1);
  EXPECT_EQ(e.where().column, 1);
  EXPECT_EQ(e.keypath(), "optimizers");
}

}  // namespace
}  // namespace optbench
