// Learning-rate schedules against torch.optim.lr_scheduler 1.13: every scheduler (two settings
// or more, composite forms, OneCycleLR/CyclicLR momentum cycling) in
// tests/data/lr_schedulers.yaml (tools/schedule_references.py), replayed through the library
// and through the CLI's trace.csv; the older spellings of tests/data/schedules.yaml; the typed
// spec's canonical text; and the config errors.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/optimizers/lr_schedule.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

constexpr double kRtol = 1e-9;
constexpr double kAtol = 1e-15;

struct TorchCase {
  std::string id;
  std::string optimizer;  // the config's optimizer entry as a flow map, without the schedule
  std::string schedule;   // the schedule map as a flow map
  std::vector<double> lr, momentum, loss, x0, x1;
};

std::string flow(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

std::vector<TorchCase> torch_cases() {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/lr_schedulers.yaml");
  std::vector<TorchCase> out;
  for (const auto& c : doc["cases"]) {
    TorchCase t;
    t.id = c["id"].as<std::string>();
    t.optimizer = flow(c["optimizer"]);
    t.schedule = flow(c["schedule"]);
    t.lr = c["lr"].as<std::vector<double>>();
    if (c["momentum"]) t.momentum = c["momentum"].as<std::vector<double>>();
    t.loss = c["loss"].as<std::vector<double>>();
    t.x0 = c["x0"].as<std::vector<double>>();
    t.x1 = c["x1"].as<std::vector<double>>();
    out.push_back(t);
  }
  return out;
}

// A function config whose optimizer entry is `optimizer` with `schedule` added.
std::string config_for(const std::string& optimizer, const std::string& schedule,
                       std::int64_t steps) {
  std::string entry = optimizer;
  entry.insert(entry.size() - 1, ", schedule: " + schedule);
  return "name: s\nkind: function\nproblems:\n  - {function: quartic_saddle, start: [0.5, 0.5]}\n"
         "optimizers:\n  - " +
         entry + "\nstop: {max_steps: " + std::to_string(steps) + "}\nrecord: {every: 1}\n";
}

RunPlan plan_of(const std::string& config) {
  return expand_plan(parse_config(config, "s.yaml"), true);
}

TEST(Schedules, EverySchedulerHasTorchReferences) {
  std::set<std::string> covered;
  const std::function<void(const YAML::Node&)> visit = [&](const YAML::Node& s) {
    covered.insert(canonical_schedule_name(s["name"].as<std::string>()));
    if (s["schedulers"]) {
      for (const auto& m : s["schedulers"]) visit(m);
    }
  };
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/lr_schedulers.yaml");
  std::map<std::string, int> outermost;
  for (const auto& c : doc["cases"]) {
    visit(c["schedule"]);
    ++outermost[canonical_schedule_name(c["schedule"]["name"].as<std::string>())];
  }
  for (const auto& name : schedule_names()) {
    EXPECT_TRUE(covered.count(name)) << name << " has no torch reference";
    if (name != "none") {
      EXPECT_GE(outermost[name], 2) << name << " needs two settings";
    }
  }
}

TEST(Schedules, LibraryMatchesTorch) {
  const auto cases = torch_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const auto& c : cases) {
    const RunPlan plan = plan_of(config_for(c.optimizer, c.schedule, 40));
    const OptimizerInstance& choice = plan.optimizers.at(0);
    const auto optimizer = find_optimizer(choice.name).make(choice.settings);
    optimizer->reset(2);
    LrSchedule schedule(choice.schedule, *optimizer);
    for (std::size_t t = 0; t + 1 < c.lr.size(); ++t) {
      ASSERT_TRUE(testing::close(schedule.lr(), c.lr[t], kRtol, kAtol))
          << c.id << " lr at step " << t << ": " << schedule.lr() << " vs torch " << c.lr[t];
      EXPECT_EQ(optimizer->lr(), schedule.lr()) << c.id;
      if (!c.momentum.empty()) {
        ASSERT_TRUE(testing::close(optimizer->momentum(), c.momentum[t], kRtol, kAtol))
            << c.id << " momentum at step " << t << ": " << optimizer->momentum() << " vs torch "
            << c.momentum[t];
      }
      // ReduceLROnPlateau watches the loss of the step (its metric on a test function).
      schedule.after_step(c.loss[t]);
      schedule.after_epoch(c.loss[t]);
    }
  }
}

TEST(Schedules, CliTraceMatchesTorch) {
  for (const auto& c : torch_cases()) {
    testing::TempDir dir;
    const auto path = dir.path() / "s.yaml";
    testing::write_text(path, config_for(c.optimizer, c.schedule, 40));
    const auto r = testing::run_cli({"run", path.string(), "--out", dir.str(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << c.id << ": " << r.err;
    const CsvTable trace = read_csv(dir.str() + "/s/trace.csv");
    ASSERT_EQ(trace.rows.size(), 41u) << c.id;
    for (std::size_t t = 0; t < 41; ++t) {
      const auto& row = trace.rows[t];
      const auto check = [&](const char* column, double torch) {
        const double ours = std::stod(row[trace.column(column)]);
        EXPECT_TRUE(testing::close(ours, torch, kRtol, 1e-14))
            << c.id << " " << column << " at step " << t << ": " << ours << " vs torch " << torch;
      };
      check("lr", c.lr[t]);
      check("loss", c.loss[t]);
      check("x0", c.x0[t]);
      check("x1", c.x1[t]);
    }
  }
}

// The older spellings (tests/data/schedules.yaml: snake-case names, t_max, warmup_steps) give
// torch's lrs; `constant` is now `none`.
TEST(Schedules, OlderSpellingsMatchTorch) {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/schedules.yaml");
  int cases = 0;
  for (const auto& c : doc["cases"]) {
    YAML::Node schedule = YAML::Clone(c["schedule"]);
    if (schedule["name"].as<std::string>() == "constant") schedule["name"] = "none";
    const auto lr = c["lr"].as<std::vector<double>>();
    const RunPlan plan = plan_of(config_for("{name: sgd, lr: 0.1}", flow(schedule), 39));
    const auto optimizer = find_optimizer("sgd").make(plan.optimizers[0].settings);
    optimizer->reset(2);
    LrSchedule run(plan.optimizers[0].schedule, *optimizer);
    for (std::size_t t = 0; t < lr.size(); ++t) {
      EXPECT_TRUE(testing::close(run.lr(), lr[t], kRtol, kAtol))
          << flow(schedule) << " at step " << t << ": " << run.lr() << " vs " << lr[t];
      run.after_step(0.0);
    }
    ++cases;
  }
  EXPECT_GE(cases, 6);
}

TEST(Schedules, CanonicalTextIsTorchsSpelling) {
  const auto text = [](const std::string& schedule) {
    return to_text(
        plan_of(config_for("{name: sgd, lr: 0.1}", schedule, 10)).optimizers[0].schedule);
  };
  EXPECT_EQ(text("{name: none}"), "none");
  EXPECT_EQ(text("{name: cosine, t_max: 25, eta_min: 0.001}"),
            "CosineAnnealingLR T_max=25 eta_min=0.001");
  EXPECT_EQ(text("{name: CosineAnnealingLR, T_max: 25, eta_min: 1.0e-3}"),
            "CosineAnnealingLR T_max=25 eta_min=0.001");
  EXPECT_EQ(text("{name: step, step_size: 7, gamma: 0.5, warmup_steps: 5, start_factor: 0.1}"),
            "SequentialLR milestones=[5] (LinearLR start_factor=0.1 end_factor=1 total_iters=5; "
            "StepLR step_size=7 gamma=0.5)");
  EXPECT_EQ(text("{name: MultiStepLR, milestones: [3, 8], interval: epoch}"),
            "MultiStepLR milestones=[3,8] gamma=0.1 interval=epoch");
  EXPECT_EQ(text("{name: ReduceLROnPlateau, patience: 2}"),
            "ReduceLROnPlateau mode=min factor=0.1 patience=2 threshold=1e-04 "
            "threshold_mode=rel cooldown=0 min_lr=0 eps=1e-08");
  EXPECT_EQ(text("{name: ReduceLROnPlateau, interval: step}"),
            "ReduceLROnPlateau mode=min factor=0.1 patience=10 threshold=1e-04 "
            "threshold_mode=rel cooldown=0 min_lr=0 eps=1e-08 interval=step");
  EXPECT_NE(text("{name: ExponentialLR, gamma: 0.5}"), text("{name: ExponentialLR, gamma: 0.25}"));
}

// A number is parsed once, where it is written: a subnormal gamma runs (it once failed every run
// when the text was parsed again).
TEST(Schedules, ScheduleNumbersAreParsedOnce) {
  testing::TempDir dir;
  const auto path = dir.path() / "s.yaml";
  testing::write_text(
      path, config_for("{name: sgd, lr: 0.1}", "{name: ExponentialLR, gamma: 4.9e-324}", 3));
  const auto r = testing::run_cli({"run", path.string(), "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable trace = read_csv(dir.str() + "/s/trace.csv");
  EXPECT_EQ(std::stod(trace.rows[0][trace.column("lr")]), 0.1);
  EXPECT_EQ(std::stod(trace.rows[1][trace.column("lr")]), 0.1 * 4.9e-324);
}

TEST(Schedules, ListNamesEveryScheduleAndItsArguments) {
  const auto r = testing::run_cli({"list", "schedules"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& name : schedule_names()) {
    EXPECT_NE(r.out.find(name + (name == "none" ? "\n" : "")), std::string::npos) << name;
    for (const auto& p : schedule_params(name)) {
      EXPECT_NE(r.out.find("  " + p.name), std::string::npos) << name << " " << p.name;
    }
  }
  EXPECT_NE(r.out.find("CosineAnnealingLR (also cosine)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("T_0 (required)"), std::string::npos) << r.out;
}

struct BadSchedule {
  std::string optimizer;
  std::string schedule;
  std::string message;  // a part of the message
  std::string keypath;  // the located key path
  int line;
};

TEST(Schedules, BadSchedulesAreConfigErrors) {
  const std::vector<BadSchedule> cases{
      {"{name: sgd}", "{name: cosin, t_max: 5}", "did you mean 'cosine'", ".schedule.name", 6},
      {"{name: sgd}", "{name: cosine, t_max: 0}", "must be", ".schedule.t_max", 6},
      {"{name: sgd}", "{name: step, step_size: 5, gama: 0.5}", "did you mean 'gamma'",
       ".schedule.gama", 6},
      {"{name: sgd}", "{t_max: 5}", "needs a name", ".schedule", 6},
      {"{name: sgd}", "{name: exponential, gamma: -1.0}", "must be", ".schedule.gamma", 6},
      {"{name: sgd}", "{name: constant}", "now called 'none'", ".schedule.name", 6},
      {"{name: sgd}", "{name: CosineAnnealingWarmRestarts}", "needs T_0", ".schedule.T_0", 6},
      {"{name: sgd}", "{name: cosine, t_max: 5, T_max: 6}", "written twice", ".schedule.T_max", 6},
      {"{name: sgd}", "{name: cosine, start_factor: 0.5}", "give warmup_steps",
       ".schedule.start_factor", 6},
      {"{name: sgd}", "{name: StepLR, interval: epochs}", "did you mean 'epoch'",
       ".schedule.interval", 6},
      {"{name: sgd}", "{name: LambdaLR, factors: []}", "at least one factor", ".schedule.factors",
       6},
      {"{name: sgd}", "{name: MultiStepLR, milestones: [2.5]}", "whole numbers",
       ".schedule.milestones", 6},
      {"{name: sgd}",
       "{name: SequentialLR, milestones: [3, 5], schedulers: [{name: StepLR}, {name: none}]}",
       "one milestone fewer", ".schedule.milestones", 6},
      {"{name: sgd}",
       "{name: ChainedScheduler, schedulers: [{name: StepLR}, {name: ReduceLROnPlateau}]}",
       "outermost", ".schedule.schedulers[1]", 6},
      {"{name: sgd}",
       "{name: SequentialLR, milestones: [3], schedulers: [{name: StepLR}, "
       "{name: ChainedScheduler, schedulers: [{name: none}]}]}",
       "inside a ChainedScheduler", ".schedule.schedulers[1]", 6},
      {"{name: sgd}", "{name: ChainedScheduler, schedulers: [{name: StepLR, interval: epoch}]}",
       "unknown key", ".schedule.schedulers[0].interval", 6},
      {"{name: adam}", "{name: CyclicLR, base_lr: 0.01, max_lr: 0.1}", "cycle_momentum: false",
       ".schedule.cycle_momentum", 6},
      {"{name: adagrad}", "{name: OneCycleLR, max_lr: 0.1, total_steps: 1000}",
       "adagrad: OneCycleLR with cycle_momentum", ".schedule.cycle_momentum", 6},
      {"{name: sgd}", "{name: OneCycleLR, max_lr: 0.1, total_steps: 999}",
       "Tried to step 1001 times", ".schedule.total_steps", 6},
      {"{name: sgd}",
       "{name: SequentialLR, milestones: [500], schedulers: [{name: none}, "
       "{name: OneCycleLR, max_lr: 0.1, epochs: 4, steps_per_epoch: 100}]}",
       "allows 900 scheduler steps", ".schedule.schedulers[1].epochs", 6},
      {"{name: sgd}", "{name: OneCycleLR, max_lr: 0.1}", "needs total_steps",
       ".schedule.total_steps", 6},
  };
  for (const auto& c : cases) {
    testing::TempDir dir;
    const auto path = dir.path() / "s.yaml";
    testing::write_text(path, config_for(c.optimizer, c.schedule, 1000));
    const auto r = testing::run_cli({"run", path.string(), "--out", dir.str()});
    EXPECT_EQ(r.exit_code, 2) << c.schedule << ": " << r.err;
    EXPECT_NE(r.err.find(":" + std::to_string(c.line) + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("optimizers[0]" + c.keypath + ": "), std::string::npos)
        << c.schedule << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.schedule << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "s"));
  }
}

}  // namespace
}  // namespace optbench
