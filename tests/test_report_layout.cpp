// Plots readable at any grid size: the README's biggest configs (their settings and series, with
// fewer seeds, epochs and steps) reported, and every gnuplot script read back: each legend entry
// on the canvas, off the plot areas and clear of the others, no two series of a panel drawn
// alike, small multiples where a figure would hold more than 8 series, log axes where the data
// span decades. The checker itself is shown to catch a bad figure.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/report/facets.hpp"
#include "optbench/report/gnuplot.hpp"
#include "optbench/report/plot_style.hpp"
#include "plot_script_check.hpp"
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

// `text` with each (from, to) replaced once; a replacement that finds nothing fails the test,
// so a config that changes shape is noticed here.
std::string reduced(std::string text,
                    const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "the config no longer holds '" << from << "'";
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

struct Reported {
  fs::path folder;
  std::map<std::string, testing::ScriptFigure> figures;  // by script name
};

// Runs a reduced copy of configs/NAME.yaml and reports it.
Reported run_and_report(const testing::TempDir& dir, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& edits,
                        const std::string& folder, const std::vector<std::string>& extra = {}) {
  const std::string config = (dir.path() / (name + ".yaml")).string();
  testing::write_text(
      config, reduced(slurp(fs::path(OPTBENCH_SOURCE_DIR) / "configs" / (name + ".yaml")), edits));
  const auto run = testing::run_cli({"run", config, "--out", dir.str(), "--quiet", "-j", "2"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  Reported out;
  out.folder = dir.path() / folder;
  std::vector<std::string> args{"report", out.folder.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto report = testing::run_cli(args);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  for (const auto& entry : fs::directory_iterator(out.folder / "plots")) {
    if (entry.path().extension() != ".gp") continue;
    out.figures[entry.path().stem().string()] = testing::parse_script(slurp(entry.path()));
  }
  return out;
}

std::size_t series_in(const testing::ScriptPanel& p) {
  return p.entries.size();
}

// Every figure of the report passes the checker, and no panel holds more than 8 entries with
// data (keys that explain markers aside).
void expect_readable(const Reported& r, std::size_t most_per_panel) {
  ASSERT_FALSE(r.figures.empty());
  for (const auto& [name, figure] : r.figures) {
    for (const auto& fault : testing::layout_faults(figure)) ADD_FAILURE() << name << ": " << fault;
    for (const auto& panel : figure.panels) {
      EXPECT_LE(panel.drawn, 2 * most_per_panel + 6) << name;  // lines, bands, a few markers
      EXPECT_LE(series_in(panel), most_per_panel + 2) << name;
    }
  }
}

TEST(ReportLayout, DigitsBatchnormSplitsItsEighteenCurvesByOptimizer) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> edits{
      {"seeds: 5", "seeds: 1"},
      {"epochs: 30", "epochs: 1"},
      {"sharpness_every: 10", "sharpness_every: 1"}};
  // The 18 settings make the layout, not the data: under the sanitizers iris stands in for the
  // digits (four and a half minutes there).
  if (testing::kSanitized) edits.emplace_back("dataset: digits", "dataset: iris");
  const Reported r = run_and_report(dir, "digits_batchnorm", edits, "digits-batchnorm");
  expect_readable(r, report::kMaxSeriesPerPanel);
  // 3 optimizers x 2 batch sizes x 3 batch-norm variants: one panel per optimizer, six curves
  // each, every one with its legend entry.
  for (const char* name :
       {"test-accuracy", "test-loss", "train-accuracy", "train-loss", "sharpness"}) {
    ASSERT_EQ(r.figures.count(name), 1u) << name;
    const auto& f = r.figures.at(name);
    ASSERT_EQ(f.panels.size(), 3u) << name;
    std::size_t entries = 0;
    for (const auto& p : f.panels) {
      std::size_t curves = 0;
      for (const auto& e : p.entries) curves += e.title.find("2/lr") == std::string::npos;
      EXPECT_EQ(curves, 6u) << name;
      entries += curves;
    }
    EXPECT_EQ(entries, 18u) << name;
  }
}

TEST(ReportLayout, DigitsLrToleranceKeepsItsPlotsLargeAndSplitsByBatchnorm) {
  testing::TempDir dir;
  std::vector<std::pair<std::string, std::string>> edits{
      {"seeds: 5", "seeds: 1"},
      {"epochs: 20", "epochs: 1"},
      {"sharpness_every: 5", "sharpness_every: 1"}};
  if (testing::kSanitized) edits.emplace_back("dataset: digits", "dataset: iris");  // as above
  const Reported r = run_and_report(dir, "digits_lr_tolerance", edits, "digits-lr-tolerance");
  expect_readable(r, report::kMaxSeriesPerPanel);
  // One optimizer, 6 lr x 2 variants = 12 curves: optimizer does not split them, batchnorm
  // leaves 6 to a panel.
  const auto& f = r.figures.at("test-accuracy");
  ASSERT_EQ(f.panels.size(), 2u);
  for (const auto& p : f.panels) EXPECT_EQ(p.entries.size(), 6u);
  const std::string script = slurp(r.folder / "plots" / "test-accuracy.gp");
  EXPECT_NE(script.find("set title 'batchnorm=none'"), std::string::npos);
  EXPECT_NE(script.find("set title 'batchnorm=before_activation'"), std::string::npos);
  // The final accuracy against lr (0.01 to 3) is drawn on a log lr axis.
  bool sensitivity = false;
  for (const auto& [name, figure] : r.figures) {
    if (name.rfind("sensitivity-lr", 0) != 0) continue;
    sensitivity = true;
    EXPECT_TRUE(figure.log_x) << name;
  }
  EXPECT_TRUE(sensitivity);
}

TEST(ReportLayout, SaddleEscapeSplitsEighteenSettingsIntoSixPanelsOnLogStepAxes) {
  testing::TempDir dir;
  const Reported r = run_and_report(
      dir, "saddle_escape", {{"seeds: 20", "seeds: 2"}, {"max_steps: 20000", "max_steps: 3000"}},
      "saddle-escape");
  expect_readable(r, report::kMaxSeriesPerPanel);
  for (const char* name : {"ecdf-escape_step", "loss-4-strict_saddle", "profile-escape_step",
                           "trajectory-1-strict_saddle"}) {
    ASSERT_EQ(r.figures.count(name), 1u) << name;
    const auto& f = r.figures.at(name);
    ASSERT_EQ(f.panels.size(), 6u) << name;
    for (const auto& p : f.panels) {
      std::size_t curves = 0;
      for (const auto& e : p.entries) {
        curves += e.title.rfind("lr=", 0) == 0;  // the optimizer's name is the panel's title
      }
      EXPECT_EQ(curves, 3u) << name;
    }
  }
  // Escape steps from a few to thousands: a log step axis, on the ECDF and the loss curves.
  EXPECT_TRUE(r.figures.at("ecdf-escape_step").log_x);
  EXPECT_TRUE(r.figures.at("loss-4-strict_saddle").log_x);
  EXPECT_TRUE(r.figures.at("loss-4-strict_saddle").log_y);
}

TEST(ReportLayout, FacetFlagSplitsByTheChosenAxisAndPanelsShareRanges) {
  testing::TempDir dir;
  const Reported r = run_and_report(
      dir, "saddle_escape", {{"seeds: 20", "seeds: 2"}, {"max_steps: 20000", "max_steps: 1000"}},
      "saddle-escape", {"--facet", "lr"});
  expect_readable(r, report::kMaxSeriesPerPanel);
  const std::string script = slurp(r.folder / "plots" / "ecdf-escape_step.gp");
  for (const char* lr : {"0.001", "0.01", "0.1"}) {
    EXPECT_NE(script.find(std::string("set title 'lr=") + lr + "'"), std::string::npos) << lr;
  }
  // One range for every panel, given once before the first and never changed.
  static const std::regex xrange(R"(set xrange \[([-0-9.e+]+):([-0-9.e+]+)\])");
  const auto ranges = std::distance(std::sregex_iterator(script.begin(), script.end(), xrange),
                                    std::sregex_iterator());
  EXPECT_EQ(ranges, 1);
  EXPECT_EQ(r.figures.at("ecdf-escape_step").panels.size(), 3u);
}

TEST(ReportLayout, UnknownFacetIsBadInputThatWritesNothing) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: small
kind: function
seeds: 1
problems: [{function: rosenbrock, start: [-1.2, 1.0]}]
optimizers: [{name: sgd, lr: [0.001, 0.002]}]
stop: {max_steps: 20}
)",
                        dir.str());
  const fs::path folder = dir.path() / "small";
  fs::remove(folder / "summary.csv");
  const auto r = testing::run_cli({"report", folder.string(), "--facet", "optimzer"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--facet"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'optimizer'?"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("problem, dim"), std::string::npos) << r.err;  // the columns, listed
  EXPECT_FALSE(fs::exists(folder / "plots"));
  EXPECT_FALSE(fs::exists(folder / "report.html"));
  EXPECT_FALSE(fs::exists(folder / "summary.csv"));
  // A result column is no axis either.
  const auto outcome = testing::run_cli({"report", folder.string(), "--facet", "final_loss"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
}

// A figure of 14 series the producer drew alike, with long labels.
report::PlotSpec crowded() {
  report::PlotSpec plot;
  plot.name = "crowded";
  plot.title = "Crowded";
  for (int k = 0; k < 14; ++k) {
    report::Series s;
    s.label = "momentum lr=" + std::to_string(k) + " batch_size=128, batchnorm=before_activation";
    s.colour = 0;
    s.rows = {{0.0, 1.0 * k, 0.0}, {1.0, 2.0 * k, 0.0}};
    plot.series.push_back(s);
  }
  return plot;
}

TEST(ReportLayout, CheckerCatchesSeriesDrawnAlikeAndEntriesOffTheCanvas) {
  report::PlotSpec plot = crowded();
  // As the producer left it: every series the same colour and dash.
  const auto bad = testing::layout_faults(
      testing::parse_script(report::gnuplot_script(plot, report::ImageFormat::Png, "crowded.png")));
  std::size_t alike = 0;
  for (const auto& f : bad) alike += f.find("drawn like another series") != std::string::npos;
  EXPECT_EQ(alike, 13u);

  // Styles assigned: nothing wrong, 14 distinct looks.
  report::assign_styles(plot.series);
  const std::string script = report::gnuplot_script(plot, report::ImageFormat::Png, "crowded.png");
  const auto figure = testing::parse_script(script);
  EXPECT_TRUE(testing::layout_faults(figure).empty());
  ASSERT_EQ(figure.panels.size(), 1u);
  EXPECT_EQ(figure.panels[0].entries.size(), 14u);

  // The same script on a canvas too small for its legend: the checker says which entries fall
  // off, and that the plot area shrank.
  std::string squeezed = script;
  const std::string size =
      "size " + std::to_string(figure.width) + "," + std::to_string(figure.height);
  const std::size_t at = squeezed.find(size);
  ASSERT_NE(at, std::string::npos);
  squeezed.replace(at, size.size(), "size 600,420");
  const auto faults = testing::layout_faults(testing::parse_script(squeezed));
  std::size_t off = 0;
  bool small = false;
  for (const auto& f : faults) {
    off += f.find("leaves the 600x420 canvas") != std::string::npos;
    small = small || f.find("smaller than the least") != std::string::npos;
  }
  EXPECT_GE(off, 7u);
  EXPECT_TRUE(small);

  // An entry without a place of its own (gnuplot's automatic key) is a fault too.
  const std::string unplaced =
      std::regex_replace(script, std::regex(" at screen [-0-9.e+]+,[-0-9.e+]+"), "",
                         std::regex_constants::format_first_only);
  bool found = false;
  for (const auto& f : testing::layout_faults(testing::parse_script(unplaced))) {
    found = found || f.find("no place of its own") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

TEST(ReportLayout, StylesStayDistinctBeyondThePaletteAndDashesNeverRepeat) {
  std::vector<report::Series> series(25);
  for (std::size_t k = 0; k < series.size(); ++k) {
    series[k].label = "s" + std::to_string(k);
    series[k].colour = static_cast<int>(k);
    series[k].rows = {{0.0, 0.0, 0.0}};
  }
  report::assign_styles(series);
  std::set<std::pair<int, int>> looks;
  for (const auto& s : series) {
    EXPECT_GE(s.colour, 0);
    EXPECT_LT(s.colour, static_cast<int>(report::palette().size()));
    looks.insert({s.colour, s.dash});
  }
  EXPECT_EQ(looks.size(), series.size());
  std::set<std::string> patterns;
  for (int d = 0; d < 60; ++d) patterns.insert(report::dash_pattern(d));
  patterns.insert(report::dash_pattern(report::kDotted));
  EXPECT_EQ(patterns.size(), 61u);
}

TEST(ReportLayout, CanvasGrowsWithTheLegendAndThePlotAreaKeepsItsSize) {
  report::PlotSpec few = crowded();
  few.series.resize(2);
  report::PlotSpec many = crowded();
  report::assign_styles(few.series);
  report::assign_styles(many.series);
  const auto a = report::layout_plot(few, report::ImageFormat::Png);
  const auto b = report::layout_plot(many, report::ImageFormat::Png);
  // The legend's 14 rows make the canvas taller, not the plot area lower (its width grows only
  // where one column of the legend is wider than the canvas).
  const report::Rect& pa = a.panels[0].plot;
  const report::Rect& pb = b.panels[0].plot;
  EXPECT_DOUBLE_EQ(pa.top - pa.bottom, pb.top - pb.bottom);
  EXPECT_GE(pb.right - pb.left, pa.right - pa.left);
  EXPECT_GT(b.height, a.height + 100);
}

}  // namespace
}  // namespace optbench
