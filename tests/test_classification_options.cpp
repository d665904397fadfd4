// Classification configs with a schedule's interval (per step or per epoch), ReduceLROnPlateau on
// the epoch's training loss, OneCycleLR's length, and BatchNorm1d's arguments as model: keys,
// through the CLI.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "optbench/io/csv.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

// torch's lrs of StepLR(step_size 7, gamma 0.5) on lr 0.1 (case step_a of lr_schedulers.yaml).
std::vector<double> torch_step_lrs() {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/lr_schedulers.yaml");
  for (const auto& c : doc["cases"]) {
    if (c["id"].as<std::string>() == "step_a") return c["lr"].as<std::vector<double>>();
  }
  ADD_FAILURE() << "no case step_a";
  return {};
}

std::string iris_config(const std::string& model, const std::string& train,
                        const std::string& optimizer) {
  return "name: c\nkind: classification\ndata: {dataset: iris, test_fraction: 0.2}\nmodel: " +
         model + "\ntrain: " + train + "\noptimizers:\n  - " + optimizer + "\n";
}

testing::CliResult run(const testing::TempDir& dir, const std::string& config) {
  const auto path = dir.path() / "c.yaml";
  testing::write_text(path, config);
  return testing::run_cli({"run", path.string(), "--out", dir.str(), "--quiet"});
}

// Each trace row's lr is the one the next step uses: after `step` scheduler steps (interval
// step) or `epoch` of them (interval epoch).
TEST(ClassificationSchedules, IntervalStepsPerStepOrPerEpoch) {
  const std::vector<double> torch = torch_step_lrs();
  ASSERT_EQ(torch.size(), 41u);
  for (const std::string interval : {"step", "epoch"}) {
    testing::TempDir dir;
    const auto r = run(dir, iris_config("{hidden: [4]}", "{epochs: 5, batch_size: 16}",
                                        "{name: sgd, lr: 0.1, schedule: {name: StepLR, "
                                        "step_size: 7, gamma: 0.5, interval: " +
                                            interval + "}}"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const CsvTable trace = read_csv(dir.str() + "/c/trace.csv");
    ASSERT_EQ(trace.rows.size(), 6u);
    for (const auto& row : trace.rows) {
      const auto epoch = std::stoul(row[trace.column("epoch")]);
      const auto step = std::stoul(row[trace.column("step")]);
      ASSERT_EQ(step, epoch * 8) << "120 training samples in batches of 16";
      const double expected = torch.at(interval == "step" ? step : epoch);
      EXPECT_EQ(std::stod(row[trace.column("lr")]), expected) << interval << " at epoch " << epoch;
    }
  }
}

// ReduceLROnPlateau steps once per epoch (its default interval) on the train_loss of the epoch's
// row; the expected lrs follow torch's documented rule on that column.
TEST(ClassificationSchedules, PlateauWatchesTheEpochTrainingLoss) {
  testing::TempDir dir;
  const auto r = run(dir, iris_config("{hidden: [4]}", "{epochs: 12, batch_size: 16}",
                                      "{name: sgd, lr: 0.05, schedule: {name: ReduceLROnPlateau, "
                                      "factor: 0.5, patience: 1, threshold: 0.1, cooldown: 1}}"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable trace = read_csv(dir.str() + "/c/trace.csv");
  ASSERT_EQ(trace.rows.size(), 13u);
  double lr = 0.05;
  double best = std::numeric_limits<double>::infinity();
  int bad = 0;
  int cooldown = 0;
  int reductions = 0;
  for (std::size_t e = 0; e < trace.rows.size(); ++e) {
    const auto& row = trace.rows[e];
    if (e > 0) {
      const double loss = std::stod(row[trace.column("train_loss")]);
      if (loss < best * (1.0 - 0.1)) {
        best = loss;
        bad = 0;
      } else {
        ++bad;
      }
      if (cooldown > 0) {
        --cooldown;
        bad = 0;
      }
      if (bad > 1) {
        if (lr - lr * 0.5 > 1e-8) lr *= 0.5;
        ++reductions;
        cooldown = 1;
        bad = 0;
      }
    }
    EXPECT_EQ(std::stod(row[trace.column("lr")]), lr) << "epoch " << e;
  }
  EXPECT_GE(reductions, 1) << "the case should exercise a reduction";
}

// The schedule stays out of the seed of minibatch order and dropout: an optimizer's schedules
// are a paired comparison, so a schedule that keeps the lr (LambdaLR with the factor 1) trains
// exactly as no schedule does.
TEST(ClassificationSchedules, SchedulesArePaired) {
  testing::TempDir dir;
  const auto r =
      run(dir, iris_config("{hidden: [4], dropout: 0.2}", "{epochs: 3, batch_size: 16}",
                           "{name: sgd, lr: 0.1, schedule: [{name: none}, {name: LambdaLR, "
                           "factors: [1.0]}, {name: StepLR, step_size: 1000}]}"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable trace = read_csv(dir.str() + "/c/trace.csv");
  std::map<std::string, std::vector<std::string>> by_run;
  for (const auto& row : trace.rows) by_run[row[0]].push_back(row[trace.column("train_loss")]);
  ASSERT_EQ(by_run.size(), 3u);
  for (const auto& [run_id, losses] : by_run) {
    EXPECT_EQ(losses, by_run.begin()->second) << "run " << run_id;
  }
}

TEST(ClassificationSchedules, OneCycleMustLastTheRun) {
  testing::TempDir dir;
  const auto r = run(dir, iris_config("{hidden: [4]}", "{epochs: 5, batch_size: 16}",
                                      "{name: sgd, lr: 0.1, schedule: {name: OneCycleLR, "
                                      "max_lr: 0.1, total_steps: 39}}"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("optimizers[0].schedule.total_steps: OneCycleLR allows 39 scheduler "
                       "steps here, but the run steps it 40 times (train.epochs x 8 steps per "
                       "epoch)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "c"));
  testing::TempDir fits;
  const auto ok = run(fits, iris_config("{hidden: [4]}", "{epochs: 5, batch_size: 16}",
                                        "{name: sgd, lr: 0.1, schedule: {name: OneCycleLR, "
                                        "max_lr: 0.1, epochs: 5, steps_per_epoch: 8}}"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

// Every combination of BatchNorm1d's arguments runs; affine adds gamma and beta (2 x 4
// parameters); the values are written out, `null` for torch's None.
TEST(ClassificationBatchNorm, ArgumentsAreModelKeys) {
  testing::TempDir dir;
  const auto r = run(dir, iris_config("{hidden: [4], batchnorm: before_activation, "
                                      "batchnorm_eps: [1.0e-5, 0.01], batchnorm_momentum: [0.1, "
                                      "null], batchnorm_affine: [true, false], "
                                      "batchnorm_track_running_stats: [true, false]}",
                                      "{epochs: 3, batch_size: 16}", "{name: sgd, lr: 0.1}"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = testing::csv_records(dir.str() + "/c/runs.csv");
  ASSERT_EQ(runs.size(), 16u);
  std::set<std::string> momenta;
  for (const auto& run : runs) {
    const bool affine = run.at("batchnorm_affine") == "true";
    // iris: 4 features, 3 classes; Linear(4,4) + Linear(4,3) = 35 parameters.
    EXPECT_EQ(run.at("parameters"), affine ? "43" : "35");
    EXPECT_EQ(run.at("status"), "max_epochs");
    EXPECT_TRUE(std::isfinite(std::stod(run.at("final_loss"))));
    momenta.insert(run.at("batchnorm_momentum"));
  }
  // null (torch's None: the cumulative average) is an empty cell, so the column stays numbers.
  EXPECT_EQ(momenta, (std::set<std::string>{"0.1", ""}));
}

// The batch-norm arguments stay out of the key that seeds minibatch order and dropout, so the
// variants of a model are a paired comparison: on a model without batch norm they change
// nothing, and the runs are identical (minibatches of 16 in a shuffled order, dropout on).
TEST(ClassificationBatchNorm, VariantsArePaired) {
  testing::TempDir dir;
  const auto r = run(dir, iris_config("{hidden: [4], dropout: 0.2, batchnorm_momentum: [0.1, "
                                      "null], batchnorm_eps: [1.0e-5, 0.5]}",
                                      "{epochs: 3, batch_size: 16}", "{name: sgd, lr: 0.1}"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable trace = read_csv(dir.str() + "/c/trace.csv");
  std::map<std::string, std::vector<std::string>> by_run;
  for (const auto& row : trace.rows) by_run[row[0]].push_back(row[trace.column("train_loss")]);
  ASSERT_EQ(by_run.size(), 4u);
  for (const auto& [run_id, losses] : by_run) {
    EXPECT_EQ(losses, by_run.begin()->second) << "run " << run_id;
  }
}

TEST(ClassificationBatchNorm, BadValuesAreConfigErrors) {
  for (const std::string bad :
       {"batchnorm_momentum: 1.5", "batchnorm_momentum:", "batchnorm_eps: -1.0",
        "batchnorm_affine: 1", "batchnorm_momentum: nul"}) {
    testing::TempDir dir;
    const auto r = run(dir, iris_config("{hidden: [4], batchnorm: before_activation, " + bad + "}",
                                        "{epochs: 1}", "sgd"));
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("c.yaml:4:"), std::string::npos) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("model.batchnorm_"), std::string::npos) << bad << ": " << r.err;
  }
}

}  // namespace
}  // namespace optbench
