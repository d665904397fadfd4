// optbench report: the page and its images after the quickstart, summary.csv against a
// recomputation from runs.csv, SVG output, a clear message without gnuplot, and the statistics
// behind the curves (quartile bands, ECDFs, performance profiles).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/analysis/summary.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/report/gnuplot.hpp"
#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The images an HTML page shows (<img src="...">).
std::vector<std::string> image_sources(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex img(R"re(<img[^>]*\ssrc="([^"]+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), img); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

bool is_png(const fs::path& p) {
  const std::string head = slurp(p).substr(0, 8);
  return head.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
}

bool is_svg(const fs::path& p) {
  const std::string head = slurp(p).substr(0, 5);
  return head == "<?xml" || head.rfind("<svg", 0) == 0;
}

// The quickstart sweep, run once for the suite, copied into each test's own folder.
class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    source_ = new testing::TempDir();
    const auto r =
        testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml",
                          "--out", source_->str(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete source_;
    source_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(source_, nullptr);
    fs::copy(source_->path() / "quickstart", dir(), fs::copy_options::recursive);
  }
  fs::path dir() const { return work_.path() / "quickstart"; }
  static bool have_gnuplot() { return report::find_on_path("gnuplot").has_value(); }

  static testing::TempDir* source_;
  testing::TempDir work_;
};

testing::TempDir* ReportTest::source_ = nullptr;

TEST_F(ReportTest, WritesThePageWithValidPngImagesAndTheSummaryFromRunsCsv) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed (Debian: gnuplot-nox)";
  const std::string swept_summary = read_file((dir() / "summary.csv").string());
  const std::string swept_comparisons = read_file((dir() / "comparisons.csv").string());
  fs::remove(dir() / "summary.csv");
  fs::remove(dir() / "comparisons.csv");
  const auto r = testing::run_cli({"report", dir().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir() / "report.html"));
  const std::string html = slurp(dir() / "report.html");
  const auto images = image_sources(html);
  ASSERT_GE(images.size(), 5u) << html;
  bool trajectory = false;
  bool ecdf = false;
  bool ecdf_evaluations = false;
  for (const auto& src : images) {
    EXPECT_EQ(src.find("://"), std::string::npos) << src << ": the page must not need a network";
    const fs::path image = dir() / src;
    ASSERT_TRUE(fs::exists(image)) << src;
    EXPECT_TRUE(is_png(image)) << src << " is not a PNG file";
    trajectory = trajectory || src.find("trajectory-") != std::string::npos;
    ecdf = ecdf || src.find("ecdf-steps_to_target") != std::string::npos;
    ecdf_evaluations = ecdf_evaluations || src.find("ecdf-evaluations") != std::string::npos;
  }
  EXPECT_TRUE(trajectory);
  EXPECT_TRUE(ecdf);
  // The same runs against function evaluations (COCO's axis): runs.csv has `evaluations`.
  EXPECT_TRUE(ecdf_evaluations);
  // The config and the summary table are on the page; no external style sheet or script.
  EXPECT_NE(html.find("name: quickstart"), std::string::npos);
  EXPECT_NE(html.find("momentum lr=0.001"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);

  // The summary table shows intervals and the rule it ranks by.
  EXPECT_NE(html.find("<span class=\"q\">["), std::string::npos);
  EXPECT_NE(html.find("Rank within each problem: expected running time"), std::string::npos);
  EXPECT_NE(html.find("percentile-bootstrap"), std::string::npos);

  // summary.csv and comparisons.csv, missing before the report, are the sweep's own bytes: the
  // kind's rule with the budget and target of the config kept in manifest.json.
  ASSERT_TRUE(fs::exists(dir() / "summary.csv"));
  EXPECT_EQ(read_file((dir() / "summary.csv").string()), swept_summary);
  EXPECT_EQ(read_file((dir() / "comparisons.csv").string()), swept_comparisons);
  const auto kind = find_experiment("function").make();
  const CsvTable expected =
      summarize_runs(read_csv((dir() / "runs.csv").string()), *kind->ranking_rule(),
                     result_summary_options(*kind, dir().string()));
  const CsvTable written = read_csv((dir() / "summary.csv").string());
  EXPECT_EQ(written.header, expected.header);
  EXPECT_EQ(written.rows, expected.rows);
}

TEST_F(ReportTest, DrawsSvgWhenAsked) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed (Debian: gnuplot-nox)";
  const auto r = testing::run_cli({"report", dir().string(), "--format", "svg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto images = image_sources(slurp(dir() / "report.html"));
  ASSERT_FALSE(images.empty());
  for (const auto& src : images) {
    ASSERT_TRUE(fs::exists(dir() / src)) << src;
    EXPECT_TRUE(is_svg(dir() / src)) << src << " is not an SVG file";
  }
}

TEST_F(ReportTest, WithoutGnuplotSaysSoAndStillWritesTheCsvAndHtml) {
  fs::remove(dir() / "summary.csv");
  testing::TempDir empty;  // PATH with nothing on it: the binary is called by absolute path
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", empty.str().c_str(), 1);
  const auto r = testing::run_cli({"report", dir().string()});
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("gnuplot not found"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir() / "summary.csv"));
  ASSERT_TRUE(fs::exists(dir() / "report.html"));
  const std::string html = slurp(dir() / "report.html");
  EXPECT_TRUE(image_sources(html).empty());
  EXPECT_NE(html.find("gnuplot was not found"), std::string::npos);
  // The scripts are there to be drawn later.
  EXPECT_TRUE(fs::exists(dir() / "plots"));
  EXPECT_FALSE(fs::is_empty(dir() / "plots"));
}

TEST(Report, RefusesAFolderWithoutResults) {
  testing::TempDir empty;
  const auto r = testing::run_cli({"report", empty.str()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an optbench result"), std::string::npos) << r.err;
  const auto bad = testing::run_cli({"report", empty.str(), "--format", "jpeg"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(ReportStatistics, MedianBandHoldsAFinishedRunsLastValue) {
  // Three runs; the third stops at x = 1 with value 0.
  const std::vector<std::vector<std::array<double, 2>>> curves{
      {{0, 4}, {1, 3}, {2, 2}}, {{0, 6}, {1, 5}, {2, 4}}, {{0, 2}, {1, 0}}};
  const auto band = report::median_band(curves);
  ASSERT_EQ(band.size(), 3u);
  EXPECT_EQ(band[0][0], 0);
  EXPECT_EQ(band[0][1], 4);  // median of 2, 4, 6
  EXPECT_EQ(band[0][2], 3);  // q25 (pandas: linear)
  EXPECT_EQ(band[0][3], 5);  // q75
  EXPECT_EQ(band[2][1], 2);  // 0 (held), 2, 4
}

TEST(ReportStatistics, EcdfCountsUnsolvedRunsInTheDenominator) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto rows = report::ecdf_rows({30, 10, nan, 10}, 4, 100);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], 10);
  EXPECT_EQ(rows[0][1], 0);
  EXPECT_EQ(rows[1][0], 10);
  EXPECT_EQ(rows[1][1], 0.5);  // the tie counts once, at its end
  EXPECT_EQ(rows[2][0], 30);
  EXPECT_EQ(rows[2][1], 0.75);
  EXPECT_EQ(rows[3][0], 100);  // extended to the budget, never reaching 1
  EXPECT_EQ(rows[3][1], 0.75);
}

TEST(ReportStatistics, PerformanceProfileFollowsDolanMore) {
  const double inf = std::numeric_limits<double>::infinity();
  // Two problems, two solvers: A best on problem 0, B twice as slow there; B alone solves 1.
  const auto profile = report::performance_profile({{10, 20}, {inf, 5}}, 4);
  ASSERT_EQ(profile.size(), 2u);
  // A: best on 1 of 2 at tau 1, never solves problem 1.
  EXPECT_EQ(profile[0].front()[0], 1);
  EXPECT_EQ(profile[0].front()[1], 0.5);
  EXPECT_EQ(profile[0].back()[1], 0.5);
  // B: best on problem 1 at tau 1, within 2 of the best on problem 0.
  EXPECT_EQ(profile[1].front()[1], 0.5);
  EXPECT_EQ(profile[1][1][0], 2);
  EXPECT_EQ(profile[1][1][1], 1);
  EXPECT_EQ(profile[1].back()[0], 4);
}

TEST(ReportStatistics, PerformanceProfileStaysCorrectWithNanInfiniteAndAllFailedProblems) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Problem 0: A 10, B NaN (no value). Problem 1: nobody solved it. Problem 2: A inf, B 4.
  const auto profile = report::performance_profile({{10, nan}, {inf, inf}, {inf, 4}}, 8);
  ASSERT_EQ(profile.size(), 2u);
  for (const auto& rows : profile) {
    for (const auto& row : rows) {
      EXPECT_TRUE(std::isfinite(row[0]) && std::isfinite(row[1])) << "a NaN or inf drawn";
      EXPECT_LE(row[1], 2.0 / 3.0) << "an all-failed problem is solved by nobody";
    }
    EXPECT_EQ(rows.back()[0], 8);
  }
  // Each solves one of the three problems, as the best there.
  EXPECT_EQ(profile[0].front()[1], 1.0 / 3.0);
  EXPECT_EQ(profile[1].front()[1], 1.0 / 3.0);
  EXPECT_EQ(profile[0].back()[1], 1.0 / 3.0);
  // Every problem unsolved: flat at zero, still drawable.
  const auto none = report::performance_profile({{inf, nan}, {nan, inf}}, 2);
  for (const auto& rows : none) {
    for (const auto& row : rows) EXPECT_EQ(row[1], 0.0);
  }
}

TEST(ReportStatistics, MedianBootstrapBandHoldsTheMedianAndShrinksToOneCurve) {
  // Three runs: y = 1, 2, 3 from step 0, and run 3 drops to 0 at step 5.
  const std::vector<std::vector<std::array<double, 2>>> curves{
      {{0, 1}, {10, 1}}, {{0, 2}, {10, 2}}, {{0, 3}, {5, 0}, {10, 0}}};
  const BootstrapSpec spec{500, 0.95};
  const auto band = report::median_bootstrap_band(curves, {0, 5, 10}, spec, 42);
  ASSERT_EQ(band.size(), 3u);
  const auto medians = report::median_band(curves);
  for (std::size_t i = 0; i < band.size(); ++i) {
    EXPECT_LE(band[i][1], band[i][2]);
    EXPECT_GE(band[i][1], 0.0);
    EXPECT_LE(band[i][2], 3.0);
  }
  // The resampled medians of {1, 2, 3} reach both 1 and 3 at 95%.
  EXPECT_EQ(band[0][1], 1.0);
  EXPECT_EQ(band[0][2], 3.0);
  EXPECT_EQ(medians[0][1], 2.0);
  // Deterministic from its seed.
  EXPECT_EQ(report::median_bootstrap_band(curves, {0, 5, 10}, spec, 42), band);
  // One run: the band is the curve.
  const auto one = report::median_bootstrap_band({{{0, 4}, {3, 2}}}, {0, 3}, spec, 1);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0][1], 4.0);
  EXPECT_EQ(one[0][2], 4.0);
  EXPECT_EQ(one[1][1], 2.0);
  EXPECT_EQ(one[1][2], 2.0);
}

TEST(ReportStatistics, EcdfBandHoldsTheEcdfAndCountsUnsolvedRuns) {
  const double inf = std::numeric_limits<double>::infinity();
  // Two problems of four seeds; three runs never solved.
  const std::vector<std::vector<double>> groups{{1, 2, inf, 4}, {inf, 3, inf, 5}};
  const BootstrapSpec spec{400, 0.95};
  const auto band = report::ecdf_band(groups, {1, 2, 3, 4, 5}, 10, spec, 7);
  ASSERT_FALSE(band.empty());
  const double ecdf_at[] = {1.0 / 8, 2.0 / 8, 3.0 / 8, 4.0 / 8, 5.0 / 8};
  for (int x = 1; x <= 5; ++x) {
    // The level from step x on: the last row at x (the row before it closes the previous step).
    const std::array<double, 3>* level = nullptr;
    for (const auto& row : band) {
      if (row[0] == x) level = &row;
    }
    ASSERT_NE(level, nullptr) << x;
    EXPECT_LE((*level)[1], ecdf_at[x - 1]) << x;
    EXPECT_GE((*level)[2], ecdf_at[x - 1]) << x;
  }
  for (const auto& row : band) {
    EXPECT_LE(row[1], row[2]);
    EXPECT_GE(row[1], 0.0);
    EXPECT_LE(row[2], 1.0);
  }
  EXPECT_EQ(band.back()[0], 10);
  // All solved at the same step: no uncertainty left.
  const auto sure = report::ecdf_band({{2, 2, 2}}, {2}, 5, spec, 3);
  for (const auto& row : sure) {
    EXPECT_EQ(row[1], 1.0);
    EXPECT_EQ(row[2], 1.0);
  }
}

TEST(ReportStatistics, RunGroupsLabelWhatVaries) {
  CsvTable runs;
  runs.header = {"run_id", "problem", "dim", "optimizer", "lr", "momentum", "seed", "status"};
  runs.rows = {{"0", "strict_saddle", "2", "sgd", "0.01", "0", "0", "max_steps"},
               {"1", "strict_saddle", "2", "sgd", "0.1", "0", "0", "max_steps"},
               {"2", "strict_saddle", "10", "sgd", "0.01", "0", "0", "max_steps"},
               {"3", "strict_saddle", "10", "sgd", "0.1", "0", "1", "max_steps"}};
  const auto g = report::group_runs(runs);
  ASSERT_EQ(g.instance_labels.size(), 2u);
  EXPECT_EQ(g.instance_labels[0], "strict_saddle dim=2");
  EXPECT_EQ(g.instance_labels[1], "strict_saddle dim=10");
  ASSERT_EQ(g.setting_labels.size(), 2u);
  EXPECT_EQ(g.setting_labels[0], "sgd lr=0.01");
  EXPECT_EQ(g.setting_labels[1], "sgd lr=0.1");
  EXPECT_EQ(g.instance.values(), (std::vector<std::size_t>{0, 0, 1, 1}));
  EXPECT_EQ(g.setting.values(), (std::vector<std::size_t>{0, 1, 0, 1}));
}

}  // namespace
}  // namespace optbench
