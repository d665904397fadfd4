// docs/config.md stays in sync with the code: every whole config in it loads, expands and passes
// its kind's checks; every fragment does too inside a minimal config; and the tables of
// optimizers, test functions, data sets, schedules, model and train keys list exactly what the
// registries hold, with every parameter named.

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "optbench/config/classification_keys.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/schedule_spec.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

const std::string kDoc = std::string(OPTBENCH_SOURCE_DIR) + "/docs/config.md";

std::vector<std::string> doc_lines() {
  std::ifstream in(kDoc);
  EXPECT_TRUE(in) << "cannot read " << kDoc;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct YamlBlock {
  int line = 0;  // of the opening fence, 1-based
  std::string text;
};

std::vector<YamlBlock> yaml_blocks() {
  const auto lines = doc_lines();
  std::vector<YamlBlock> blocks;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] != "```yaml") continue;
    // Blank lines in front, so an error's line is the line in the doc.
    YamlBlock b{static_cast<int>(i + 1), std::string(i + 1, '\n')};
    for (++i; i < lines.size() && lines[i] != "```"; ++i) b.text += lines[i] + "\n";
    blocks.push_back(b);
  }
  return blocks;
}

bool has_top_key(const std::string& text, const std::string& key) {
  return std::regex_search(text, std::regex("(^|\n)" + key + ":"));
}

// Parses, expands and checks a config as `optbench validate` does; the error text on failure.
std::string load(const std::string& text, const std::string& where) {
  try {
    const ExperimentSpec spec = parse_config(text, where);
    const auto kind = find_experiment(spec.kind).make();
    const RunPlan plan = expand_plan(spec, kind->uses_optimizers());
    kind->check(plan);
    EXPECT_GT(plan.run_count(), 0u) << where;
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// The table rows under a heading (until the next heading): first cell's
// backticked name -> the whole row.
std::map<std::string, std::string> table(const std::string& heading) {
  const auto lines = doc_lines();
  std::map<std::string, std::string> rows;
  bool inside = false;
  static const std::regex row(R"(^\| `([A-Za-z0-9_]+)` \|.*)");
  for (const auto& line : lines) {
    if (line == heading) {
      inside = true;
      continue;
    }
    if (inside && line.rfind('#', 0) == 0) break;
    std::smatch m;
    if (inside && std::regex_match(line, m, row)) rows[m[1].str()] = line;
  }
  EXPECT_FALSE(rows.empty()) << "no table under '" << heading << "' in " << kDoc;
  return rows;
}

// Checks that the table under `heading` names exactly `names`, and that each row (with the row
// it says it is "as", e.g. "as sgd") names every parameter in backticks.
void expect_table(const std::string& heading, const std::vector<std::string>& names,
                  const std::function<std::vector<ParamSpec>(const std::string&)>& params) {
  const auto rows = table(heading);
  const std::set<std::string> documented = [&] {
    std::set<std::string> s;
    for (const auto& [name, text] : rows) s.insert(name);
    return s;
  }();
  const std::set<std::string> registered(names.begin(), names.end());
  for (const auto& n : registered)
    EXPECT_TRUE(documented.count(n)) << heading << ": `" << n << "` is not documented";
  for (const auto& n : documented)
    EXPECT_TRUE(registered.count(n)) << heading << ": `" << n << "` does not exist";
  static const std::regex as(R"(\| as ([a-z_]+)[,|])");
  for (const auto& name : names) {
    const auto it = rows.find(name);
    if (it == rows.end()) continue;
    std::string text = it->second;
    std::smatch m;
    if (std::regex_search(it->second, m, as) && rows.count(m[1].str())) text += rows.at(m[1].str());
    for (const auto& p : params(name)) {
      EXPECT_NE(text.find("`" + p.name + "`"), std::string::npos)
          << heading << ": the row of `" << name << "` does not name its parameter `" << p.name
          << "`";
    }
  }
}

TEST(Docs, EveryWholeConfigLoadsAndExpands) {
  std::set<std::string> kinds;
  int whole = 0;
  for (const auto& b : yaml_blocks()) {
    if (!has_top_key(b.text, "name") || !has_top_key(b.text, "kind")) continue;
    ++whole;
    const std::string error = load(b.text, "docs/config.md");
    EXPECT_EQ(error, "") << "the example at docs/config.md:" << b.line;
    if (error.empty()) kinds.insert(parse_config(b.text, "docs/config.md").kind);
  }
  EXPECT_GE(whole, 4);
  for (const auto& info : experiment_registry().all()) {
    EXPECT_TRUE(kinds.count(info.name))
        << "docs/config.md has no whole example of kind " << info.name;
  }
}

TEST(Docs, EveryFragmentLoadsInsideAMinimalConfig) {
  int fragments = 0;
  for (const auto& b : yaml_blocks()) {
    if (has_top_key(b.text, "name") && has_top_key(b.text, "kind")) continue;
    ++fragments;
    const bool data = has_top_key(b.text, "data");
    std::string text =
        b.text + "\nname: fragment\nkind: " + (data ? "classification" : "function") + "\n";
    if (!data && !has_top_key(b.text, "problems")) text += "problems: [{function: quadratic}]\n";
    if (!has_top_key(b.text, "optimizers")) text += "optimizers: [sgd]\n";
    EXPECT_EQ(load(text, "docs/config.md"), "") << "the fragment at docs/config.md:" << b.line;
  }
  EXPECT_GE(fragments, 3);
}

TEST(Docs, OptimizerTableMatchesTheRegistry) {
  std::vector<std::string> names;
  for (const auto& info : optimizer_registry().all()) names.push_back(info.name);
  expect_table("## Optimizers", names,
               [](const std::string& n) { return find_optimizer(n).params; });
}

TEST(Docs, FunctionTableMatchesTheRegistry) {
  expect_table("## Test functions", function_registry().names(),
               [](const std::string& n) { return function_registry().find(n)->params; });
}

TEST(Docs, DataSetTableMatchesTheRegistry) {
  expect_table("## Data sets", dataset_registry().names(),
               [](const std::string& n) { return dataset_registry().find(n)->params; });
}

TEST(Docs, ScheduleTableMatchesTheCode) {
  expect_table("### Learning-rate schedules", schedule_names(),
               [](const std::string& n) { return schedule_params(n); });
  const auto rows = table("### Learning-rate schedules");
  for (const auto& name : schedule_names()) {
    if (!is_composite_schedule(name) || rows.count(name) == 0) continue;
    EXPECT_NE(rows.at(name).find("`schedulers`"), std::string::npos) << name;
  }
}

TEST(Docs, OlderScheduleSpellingsAreDocumented) {
  std::string section;
  bool inside = false;
  for (const auto& line : doc_lines()) {
    if (line == "### Learning-rate schedules")
      inside = true;
    else if (inside && line.rfind('#', 0) == 0)
      break;
    if (inside) section += line + "\n";
  }
  for (const auto& [alias, name] : schedule_name_aliases()) {
    EXPECT_NE(section.find("`" + alias + "`"), std::string::npos) << alias;
  }
  for (const auto& [alias, meaning] : schedule_key_aliases()) {
    EXPECT_NE(section.find("`" + alias + "`"), std::string::npos) << alias;
  }
  EXPECT_NE(section.find("`constant`"), std::string::npos) << "the rename of constant";
}

TEST(Docs, ModelTrainAndSplitKeysAreDocumented) {
  const auto names = [](const std::vector<ParamSpec>& specs) {
    std::vector<std::string> out;
    for (const auto& s : specs) out.push_back(s.name);
    return out;
  };
  const auto none = [](const std::string&) { return std::vector<ParamSpec>{}; };
  expect_table("## model", names(model_param_specs()), none);
  expect_table("## train", names(train_param_specs()), none);
  const auto data = table("## data");
  for (const auto& s : split_param_specs()) EXPECT_TRUE(data.count(s.name)) << "data." << s.name;
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

// The README shows what the quickstart prints: the block after "prints:" is the CLI's stdout
// for configs/quickstart.yaml (the results folder named as the README's command names it).
TEST(Docs, ReadmeQuickstartOutputIsWhatTheCliPrints) {
  std::ifstream in(std::string(OPTBENCH_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::string marker = "The quickstart takes about a second and prints:\n\n```\n";
  const auto start = readme.find(marker);
  ASSERT_NE(start, std::string::npos) << "README.md lost its quickstart output";
  const auto begin = start + marker.size();
  const std::string shown = readme.substr(begin, readme.find("```", begin) - begin);

  const testing::TempDir dir;
  const testing::CliResult r = testing::run_cli(
      {"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml", "--out", dir.str()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string printed = r.out;
  const std::string folder = dir.str() + "/quickstart";
  printed.replace(printed.find(folder), folder.size(), "results/quickstart");
  EXPECT_EQ(printed, shown);
}

}  // namespace
}  // namespace optbench
