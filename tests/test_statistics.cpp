// The statistics of the verdicts against references computed once with numpy and scipy.stats
// 1.10 (tools/statistics_reference.py -> tests/data/statistics_reference.yaml): quantiles, the
// generator the bootstrap draws from, percentile-bootstrap medians, Wilson intervals, ERT and its
// bootstrap, the Wilcoxon signed-rank test (exact and approximate, ties, zeros, n = 1) and Holm.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "optbench/analysis/statistics.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/shuffle.hpp"

namespace optbench {
namespace {

const YAML::Node& reference() {
  static const YAML::Node doc =
      YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) + "/statistics_reference.yaml");
  return doc;
}

std::vector<double> numbers(const YAML::Node& list) {
  std::vector<double> out;
  for (const auto& v : list) out.push_back(v.as<double>());
  return out;
}

std::vector<std::optional<double>> runs_of(const YAML::Node& list) {
  std::vector<std::optional<double>> out;
  for (const auto& v : list) {
    out.push_back(v.IsNull() ? std::nullopt : std::optional<double>(v.as<double>()));
  }
  return out;
}

// Relative agreement for values computed by different but equivalent formulas (scipy's ndtri vs
// Boost's normal quantile, numpy's pairwise sums vs ours).
void expect_close(double got, double want, double rel, const std::string& what) {
  if (std::isinf(want)) {
    EXPECT_EQ(got, want) << what;
    return;
  }
  EXPECT_NEAR(got, want, rel * std::max(1.0, std::abs(want))) << what;
}

TEST(Statistics, QuantilesInterpolateAsNumpyToTheLastBit) {
  const auto& cases = reference()["quantiles"];
  ASSERT_GT(cases.size(), 0u);
  for (const auto& c : cases) {
    std::vector<double> v = numbers(c["values"]);
    std::sort(v.begin(), v.end());
    EXPECT_EQ(quantile_linear(v, c["q"].as<double>()), c["value"].as<double>());
  }
}

TEST(Statistics, QuantileKeepsAnInfiniteEnd) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(quantile_linear({1.0, inf}, 0.5), inf);  // numpy: inf - inf*0.5 = nan
  EXPECT_EQ(quantile_linear({-inf, 2.0}, 0.25), -inf);
  EXPECT_EQ(quantile_linear({1.0, inf}, 0.0), 1.0);
}

TEST(Statistics, GeneratorMatchesItsPythonPort) {
  // The bootstrap references re-draw optbench's resamples in Python: first check the port.
  for (const auto& c : reference()["rng"]) {
    Rng rng(c["seed"].as<std::uint64_t>());
    for (const auto& v : c["next"]) EXPECT_EQ(rng.next(), v.as<std::uint64_t>());
    Rng bounded(c["seed"].as<std::uint64_t>());
    for (const auto& v : c["below_7"]) EXPECT_EQ(uniform_below(bounded, 7), v.as<std::uint64_t>());
  }
  for (const auto& c : reference()["stable_hash"]) {
    std::vector<std::string> parts;
    for (const auto& p : c["parts"]) parts.push_back(p.as<std::string>());
    std::uint64_t h = 0;
    if (parts.size() == 1) h = stable_hash({parts[0]});
    if (parts.size() == 2) h = stable_hash({parts[0], parts[1]});
    if (parts.size() == 4) h = stable_hash({parts[0], parts[1], parts[2], parts[3]});
    EXPECT_EQ(h, c["value"].as<std::uint64_t>());
  }
}

TEST(Statistics, BootstrapMedianMatchesTheReference) {
  const auto& cases = reference()["bootstrap_median"];
  ASSERT_GE(cases.size(), 5u);
  for (const auto& c : cases) {
    const std::string id = c["id"].as<std::string>();
    const std::vector<double> values = numbers(c["values"]);
    const BootstrapSpec spec{c["resamples"].as<std::size_t>(), c["confidence"].as<double>()};
    const Interval ci = bootstrap_median(values, spec, c["seed"].as<std::uint64_t>());
    // The same resamples and the same interpolation: the same bits.
    EXPECT_EQ(ci.low, c["low"].as<double>()) << id;
    EXPECT_EQ(ci.high, c["high"].as<double>()) << id;
    EXPECT_EQ(median_of(values), c["median"].as<double>()) << id;
    EXPECT_LE(ci.low, median_of(values)) << id;
    EXPECT_GE(ci.high, median_of(values)) << id;
  }
}

TEST(Statistics, BootstrapOfOneValueIsThatValue) {
  const Interval ci = bootstrap_median({0.375}, {}, 99);
  EXPECT_EQ(ci.low, 0.375);
  EXPECT_EQ(ci.high, 0.375);
}

TEST(Statistics, WilsonMatchesScipy) {
  const auto& cases = reference()["wilson"];
  ASSERT_GE(cases.size(), 6u);
  for (const auto& c : cases) {
    const auto k = c["k"].as<std::size_t>();
    const auto n = c["n"].as<std::size_t>();
    const Interval ci = wilson_interval(k, n, c["confidence"].as<double>());
    const std::string what = std::to_string(k) + "/" + std::to_string(n);
    expect_close(ci.low, c["low"].as<double>(), 1e-14, what);
    expect_close(ci.high, c["high"].as<double>(), 1e-14, what);
  }
  // All or none succeeded: the interval ends exactly at 1 or 0.
  EXPECT_EQ(wilson_interval(20, 20, 0.95).high, 1.0);
  EXPECT_EQ(wilson_interval(0, 20, 0.95).low, 0.0);
}

TEST(Statistics, ErtAndItsBootstrapMatchTheReference) {
  const auto& cases = reference()["ert"];
  ASSERT_GE(cases.size(), 5u);
  for (const auto& c : cases) {
    const std::string id = c["id"].as<std::string>();
    const auto runs = runs_of(c["runs"]);
    const double budget = c["budget"].as<double>();
    EXPECT_EQ(expected_running_time(runs, budget), c["ert"].as<double>()) << id;
    const BootstrapSpec spec{c["resamples"].as<std::size_t>(), c["confidence"].as<double>()};
    const Interval ci = bootstrap_ert(runs, budget, spec, c["seed"].as<std::uint64_t>());
    EXPECT_EQ(ci.low, c["low"].as<double>()) << id;
    EXPECT_EQ(ci.high, c["high"].as<double>()) << id;
  }
}

TEST(Statistics, ErtChargesFailedRunsTheBudgetAndIsInfiniteWithoutSuccess) {
  // Two successes at 10 and 30 steps, two failures at a budget of 100: (10 + 30 + 200) / 2.
  EXPECT_EQ(expected_running_time({10.0, std::nullopt, 30.0, std::nullopt}, 100.0), 120.0);
  EXPECT_TRUE(std::isinf(expected_running_time({std::nullopt, std::nullopt}, 100.0)));
}

TEST(Statistics, WilcoxonMatchesScipy) {
  const auto& cases = reference()["wilcoxon"];
  ASSERT_GE(cases.size(), 12u);
  bool saw_exact = false;
  bool saw_approx = false;
  for (const auto& c : cases) {
    const std::string id = c["id"].as<std::string>();
    const auto result = wilcoxon_signed_rank(numbers(c["d"]));
    if (!c["defined"].as<bool>()) {
      EXPECT_FALSE(result) << id << ": every difference is zero";
      continue;
    }
    ASSERT_TRUE(result) << id;
    EXPECT_EQ(result->nonzero, c["nonzero"].as<std::size_t>()) << id;
    EXPECT_EQ(result->exact, c["exact"].as<bool>()) << id;
    EXPECT_EQ(result->statistic, c["statistic"].as<double>()) << id;
    expect_close(result->p_value, c["p_value"].as<double>(), 1e-12, id);
    saw_exact = saw_exact || result->exact;
    saw_approx = saw_approx || !result->exact;
  }
  EXPECT_TRUE(saw_exact && saw_approx);
}

TEST(Statistics, HolmMatchesTheStepDownDefinition) {
  for (const auto& c : reference()["holm"]) {
    const std::vector<double> got = holm_adjust(numbers(c["p"]));
    const std::vector<double> want = numbers(c["adjusted"]);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) expect_close(got[i], want[i], 1e-15, "holm");
  }
}

// The counting bootstrap draws the indices a sort-per-resample bootstrap draws and reads the same
// order statistics: the two agree to the bit, ties and infinities included.
TEST(Statistics, BootstrapMedianCountsAsSortingEachResampleWould) {
  auto sorting = [](const std::vector<double>& values, const BootstrapSpec& spec,
                    std::uint64_t seed) {
    Rng rng(seed);
    const std::size_t n = values.size();
    std::vector<double> sample(n);
    std::vector<double> medians;
    for (std::size_t b = 0; b < spec.resamples; ++b) {
      for (std::size_t i = 0; i < n; ++i) sample[i] = values[uniform_below(rng, n)];
      std::sort(sample.begin(), sample.end());
      medians.push_back(quantile_linear(sample, 0.5));
    }
    std::sort(medians.begin(), medians.end());
    const double alpha = 1.0 - spec.confidence;
    return Interval{quantile_linear(medians, alpha / 2.0),
                    quantile_linear(medians, 1.0 - alpha / 2.0)};
  };
  Rng data(7);
  for (const std::size_t n : {1, 2, 3, 10, 11, 64, 501}) {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Few distinct values (ties) and both infinities among them.
      const auto k = uniform_below(data, 9);
      values[i] = k == 0 ? -HUGE_VAL : k == 8 ? HUGE_VAL : static_cast<double>(k) * 0.3;
    }
    BootstrapSpec spec;
    spec.resamples = 300;
    for (const std::uint64_t seed : {1ULL, 12345ULL}) {
      const Interval want = sorting(values, spec, seed);
      const Interval got = bootstrap_median(values, spec, seed);
      EXPECT_EQ(std::memcmp(&want.low, &got.low, sizeof(double)), 0) << n << " " << got.low;
      EXPECT_EQ(std::memcmp(&want.high, &got.high, sizeof(double)), 0) << n << " " << got.high;
    }
  }
}

}  // namespace
}  // namespace optbench
