// Every optimizer trace of tests/data/optimizer_traces.csv (PyTorch, float64) reproduced twice:
// through the library, and through a config and the CLI exactly as a user's script would.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <map>

#include "optbench/functions/function_registry.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using testing::close;

constexpr double kRtol = 1e-9;
constexpr double kAtol = 1e-12;

struct TraceCase {
  std::string id;
  std::string function;
  Eigen::Index dim = 2;
  Settings function_params;
  std::vector<double> start;
  std::string optimizer;
  YAML::Node hyperparameters;
  int steps = 0;
  // step -> (f, x)
  std::map<int, std::pair<double, std::vector<double>>> trace;
};

const std::map<std::string, std::string> kTorchNames{{"SGD", "sgd"},
                                                     {"Adam", "adam"},
                                                     {"AdamW", "adamw"},
                                                     {"RMSprop", "rmsprop"},
                                                     {"Adagrad", "adagrad"}};

std::vector<TraceCase> load_cases() {
  const YAML::Node doc = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/optimizer_cases.yaml");
  std::vector<TraceCase> cases;
  std::map<std::string, std::size_t> index;
  for (const auto& c : doc["cases"]) {
    TraceCase t;
    t.id = c["id"].as<std::string>();
    t.function = c["function"].as<std::string>();
    t.dim = c["dim"].as<int>();
    if (c["function_params"]["k"]) {
      t.function_params.set("negative",
                            static_cast<std::int64_t>(c["function_params"]["k"].as<int>()));
    }
    t.start = c["start"].as<std::vector<double>>();
    t.optimizer = kTorchNames.at(c["optimizer"].as<std::string>());
    t.hyperparameters = c["hyperparameters"];
    t.steps = c["steps"].as<int>();
    index[t.id] = cases.size();
    cases.push_back(t);
  }
  const CsvTable table = read_csv(std::string(OPTBENCH_TEST_DATA) + "/optimizer_traces.csv");
  for (const auto& row : table.rows) {
    TraceCase& t = cases[index.at(row[0])];
    auto& [f, x] = t.trace[std::stoi(row[1])];
    if (row[2] == "f") {
      f = std::stod(row[3]);
    } else {
      x.push_back(std::stod(row[3]));
    }
  }
  return cases;
}

Settings settings_of(const YAML::Node& hp) {
  Settings s;
  for (const auto& kv : hp) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (v.IsSequence()) {
      s.set(key, v.as<std::vector<double>>());
    } else if (v.Scalar() == "true" || v.Scalar() == "false") {
      s.set(key, v.Scalar() == "true");
    } else {
      s.set(key, v.as<double>());
    }
  }
  return s;
}

// A YAML 1.1-safe float: 1e-08 becomes 1.0e-08, as the replay script writes it.
std::string yaml_number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  const auto e = s.find('e');
  const std::string mantissa = s.substr(0, e);
  if (mantissa.find('.') == std::string::npos) {
    s = mantissa + ".0" + (e == std::string::npos ? "" : s.substr(e));
  }
  return s;
}

std::string config_for(const TraceCase& t, const std::string& name) {
  std::string y = "name: " + name +
                  "\nkind: function\nseeds: [0]\nproblems:\n  - function: " + t.function + "\n";
  if (t.function == "strict_saddle" || t.function == "rosenbrock" ||
      t.function == "styblinski_tang" || t.function == "rastrigin") {
    y += "    dim: " + std::to_string(t.dim) + "\n";
  }
  if (t.function_params.has("negative")) {
    y += "    negative: " + std::to_string(t.function_params.integer("negative")) + "\n";
  }
  y += "    start: [";
  for (std::size_t i = 0; i < t.start.size(); ++i) y += (i ? ", " : "") + yaml_number(t.start[i]);
  y += "]\noptimizers:\n  - {name: " + t.optimizer;
  for (const auto& kv : t.hyperparameters) {
    y += ", " + kv.first.as<std::string>() + ": ";
    const YAML::Node& v = kv.second;
    if (v.IsSequence()) {
      y += "[" + yaml_number(v[0].as<double>()) + ", " + yaml_number(v[1].as<double>()) + "]";
    } else if (v.Scalar() == "true" || v.Scalar() == "false") {
      y += v.Scalar();
    } else {
      y += yaml_number(v.as<double>());
    }
  }
  y += "}\nstop: {max_steps: " + std::to_string(t.steps) +
       ", diverge_above: 1.0e300}\nrecord: {every: 1}\n";
  return y;
}

void PrintTo(const TraceCase& t, std::ostream* os) {
  *os << t.id;
}

class ReferenceTrace : public ::testing::TestWithParam<TraceCase> {};

TEST_P(ReferenceTrace, LibraryReproducesEveryStep) {
  const TraceCase& t = GetParam();
  const auto f = make_function(t.function, t.dim, t.function_params);
  const auto opt = make_optimizer(t.optimizer, settings_of(t.hyperparameters));
  Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(t.start.data(), t.dim);
  Eigen::VectorXd g(t.dim);
  opt->reset(t.dim);
  for (int step = 0; step <= t.steps; ++step) {
    const double loss = f->value_and_gradient(x, g);
    const auto& [ref_f, ref_x] = t.trace.at(step);
    ASSERT_TRUE(close(loss, ref_f, kRtol, kAtol))
        << "step " << step << ": " << loss << " vs " << ref_f;
    for (Eigen::Index i = 0; i < t.dim; ++i) {
      ASSERT_TRUE(close(x(i), ref_x[static_cast<std::size_t>(i)], kRtol, kAtol))
          << "step " << step << " x" << i << ": " << x(i) << " vs "
          << ref_x[static_cast<std::size_t>(i)];
    }
    opt->step(x, g);
  }
}

TEST_P(ReferenceTrace, CliReproducesEveryStep) {
  const TraceCase& t = GetParam();
  testing::TempDir dir;
  const std::string name = "ref-" + t.id;
  const auto config = dir.path() / (name + ".yaml");
  testing::write_text(config, config_for(t, name));
  const auto result = testing::run_cli({"run", config.string(), "--out", dir.str(), "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const CsvTable trace = read_csv((dir.path() / name / "trace.csv").string());
  ASSERT_EQ(trace.rows.size(), static_cast<std::size_t>(t.steps + 1));
  const std::size_t loss = trace.column("loss");
  for (const auto& row : trace.rows) {
    const int step = std::stoi(row[trace.column("step")]);
    const auto& [ref_f, ref_x] = t.trace.at(step);
    ASSERT_TRUE(close(std::stod(row[loss]), ref_f, kRtol, kAtol)) << "step " << step;
    for (Eigen::Index i = 0; i < (t.dim <= 3 ? t.dim : 0); ++i) {
      const double xi = std::stod(row[trace.column("x" + std::to_string(i))]);
      ASSERT_TRUE(close(xi, ref_x[static_cast<std::size_t>(i)], kRtol, kAtol))
          << "step " << step << " x" << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Torch, ReferenceTrace, ::testing::ValuesIn(load_cases()),
                         [](const auto& info) { return info.param.id; });

TEST(ReferenceTraces, CoverEveryTorchOptimizer) {
  std::map<std::string, int> seen;
  for (const auto& t : load_cases()) ++seen[t.optimizer];
  for (const auto& [torch, ours] : kTorchNames) EXPECT_GT(seen[ours], 0) << torch;
}

}  // namespace
}  // namespace optbench
