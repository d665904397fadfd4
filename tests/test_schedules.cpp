// Learning-rate schedules against torch.optim.lr_scheduler (tests/data/schedules.yaml), through
// the library and through a config's trace.csv lr column.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/optimizers/lr_schedule.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

struct ScheduleCase {
  std::string flow;  // the schedule as a YAML flow map
  std::string name;
  Settings settings;
  std::vector<double> lr;
};

std::vector<ScheduleCase> load() {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/schedules.yaml");
  std::vector<ScheduleCase> out;
  for (const auto& c : doc["cases"]) {
    ScheduleCase s;
    s.flow = "{";
    for (const auto& kv : c["schedule"]) {
      const std::string key = kv.first.as<std::string>();
      const std::string value = kv.second.Scalar();
      s.flow += (s.flow.size() > 1 ? ", " : "") + key + ": " + value;
      if (key == "name") {
        s.name = value;
      } else if (key == "step_size" || key == "t_max" || key == "warmup_steps") {
        s.settings.set(key, static_cast<std::int64_t>(kv.second.as<long long>()));
      } else {
        s.settings.set(key, kv.second.as<double>());
      }
    }
    s.flow += "}";
    s.lr = c["lr"].as<std::vector<double>>();
    out.push_back(s);
  }
  return out;
}

TEST(Schedules, LibraryMatchesTorch) {
  const auto cases = load();
  ASSERT_GE(cases.size(), 6u);
  for (const auto& c : cases) {
    const LrSchedule schedule(make_schedule_spec(c.name, c.settings), 0.1);
    for (std::size_t t = 0; t < c.lr.size(); ++t) {
      EXPECT_NEAR(schedule.lr_at(static_cast<std::int64_t>(t)), c.lr[t], 1e-12 + 1e-10 * c.lr[t])
          << c.flow << " at step " << t;
    }
    // The canonical text reads back to the same schedule.
    const LrSchedule again(parse_schedule(to_text(make_schedule_spec(c.name, c.settings))), 0.1);
    EXPECT_EQ(again.lr_at(17), schedule.lr_at(17)) << c.flow;
  }
}

TEST(Schedules, TraceRecordsTheLrInForce) {
  for (const auto& c : load()) {
    testing::TempDir dir;
    const auto path = dir.path() / "s.yaml";
    testing::write_text(
        path,
        "name: s\nkind: function\nproblems:\n  - {function: quartic_saddle, start: [0.5, 0.5]}\n"
        "optimizers:\n  - {name: sgd, lr: 0.1, schedule: " +
            c.flow + "}\nstop: {max_steps: 39}\nrecord: {every: 1}\n");
    const auto r = testing::run_cli({"run", path.string(), "--out", dir.str(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const CsvTable trace = read_csv(dir.str() + "/s/trace.csv");
    ASSERT_EQ(trace.rows.size(), 40u);
    for (std::size_t t = 0; t < 40; ++t) {
      EXPECT_NEAR(std::stod(trace.rows[t][trace.column("lr")]), c.lr[t], 1e-12 + 1e-10 * c.lr[t])
          << c.flow << " at step " << t;
    }
    const CsvTable runs = read_csv(dir.str() + "/s/runs.csv");
    EXPECT_EQ(runs.rows[0][runs.column("schedule")].substr(0, c.name.size()), c.name);
  }
}

TEST(Schedules, BadSchedulesAreConfigErrors) {
  for (const std::string bad : {"{name: cosin, t_max: 5}", "{name: cosine, t_max: 0}",
                                "{name: step, step_size: 5, gama: 0.5}", "{t_max: 5}",
                                "{name: exponential, gamma: -1.0}"}) {
    testing::TempDir dir;
    const auto path = dir.path() / "s.yaml";
    testing::write_text(path,
                        "name: s\nkind: function\nproblems:\n  - {function: quartic_saddle}\n"
                        "optimizers:\n  - {name: sgd, lr: 0.1, schedule: " +
                            bad + "}\n");
    const auto r = testing::run_cli({"run", path.string(), "--out", dir.str()});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find(":6:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("optimizers[0].schedule"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "s"));
  }
}

}  // namespace
}  // namespace optbench
