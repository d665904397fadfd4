// Runs the real optbench binary on every bad input listed in tests/bad_inputs/cases.tsv and checks
// the contract: exit code 2, exactly one line on stderr of the form
// `FILE:LINE:COL: error: KEYPATH: message` (or `optbench: error: ...` where there is no line),
// the expected message, and nothing written under --out.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string kCaseDir = std::string(OPTBENCH_SOURCE_DIR) + "/tests/bad_inputs";

struct BadInput {
  std::size_t row = 0;  // 1-based row of cases.tsv, counting data rows only
  std::string file;     // relative to kCaseDir
  std::vector<std::string> flags;
  int line = 0;          // 0: the message has no line
  std::string expected;  // a substring of the message
};

// Names a case in failure messages (instead of gtest's byte dump).
void PrintTo(const BadInput& c, std::ostream* os) {
  *os << c.file;
  for (const auto& flag : c.flags) *os << ' ' << flag;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(text);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

std::vector<BadInput> load_cases() {
  std::vector<BadInput> cases;
  std::ifstream in(kCaseDir + "/cases.tsv");
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    const std::vector<std::string> fields = split(text, '\t');
    if (fields.size() != 4) {
      ADD_FAILURE() << "cases.tsv: expected 4 tab-separated fields in: " << text;
      continue;
    }
    BadInput c;
    c.row = cases.size() + 1;
    c.file = fields[0];
    std::istringstream flags(fields[1]);
    for (std::string flag; flags >> flag;) c.flags.push_back(flag);
    c.line = fields[2] == "-" ? 0 : std::stoi(fields[2]);
    c.expected = fields[3];
    cases.push_back(c);
  }
  return cases;
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string regex_escape(const std::string& s) {
  static const std::string special = R"(\^$.|?*+()[]{})";
  std::string out;
  for (const char ch : s) {
    if (special.find(ch) != std::string::npos) out += '\\';
    out += ch;
  }
  return out;
}

/// A fresh empty folder, removed with everything in it at the end of the scope.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "optbench_bad_input_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs optbench with `args`, capturing stdout and stderr into files under `capture`.
Outcome run_optbench(const std::vector<std::string>& args, const fs::path& capture) {
  std::string command = quoted(OPTBENCH_BINARY);
  for (const auto& arg : args) command += ' ' + quoted(arg);
  const fs::path out = capture / "stdout.txt";
  const fs::path err = capture / "stderr.txt";
  command += " >" + quoted(out.string()) + " 2>" + quoted(err.string()) + " </dev/null";
  const int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = read_file(out);
  outcome.err = read_file(err);
  return outcome;
}

std::string case_name(const testing::TestParamInfo<BadInput>& info) {
  std::string name = std::to_string(info.param.row);
  name.insert(0, 3 - std::min<std::size_t>(3, name.size()), '0');
  name = "row" + name + "_";
  std::string text = fs::path(info.param.file).stem().string();
  for (const auto& flag : info.param.flags) text += "_" + flag;
  for (const char ch : text) {
    const bool word = std::isalnum(static_cast<unsigned char>(ch)) != 0;
    if (word) {
      name += ch;
    } else if (name.back() != '_') {
      name += '_';
    }
  }
  while (name.back() == '_') name.pop_back();
  return name;
}

/// The checks shared by `run` and `validate`: one line, its location, the expected text.
void check_message(const BadInput& c, const std::string& path, const std::string& err) {
  ASSERT_FALSE(err.empty()) << "nothing on stderr";
  ASSERT_EQ(err.back(), '\n') << "stderr: " << err;
  const std::string message = err.substr(0, err.size() - 1);
  EXPECT_EQ(message.find('\n'), std::string::npos) << "more than one line on stderr:\n" << err;
  if (c.line > 0) {
    const std::regex located("^[^:]+:" + std::to_string(c.line) + ":[0-9]+: error: ");
    EXPECT_TRUE(std::regex_search(message, located))
        << "expected line " << c.line << " in: " << message;
    const std::regex file_first("^" + regex_escape(path) + ":[1-9][0-9]*:[1-9][0-9]*: ");
    EXPECT_TRUE(std::regex_search(message, file_first))
        << "expected the file name and a 1-based line and column first in: " << message;
  } else {
    const bool from_file = message.rfind(path + ": error: ", 0) == 0;
    const bool from_optbench = message.rfind("optbench: error: ", 0) == 0;
    EXPECT_TRUE(from_file || from_optbench)
        << "expected '" << path << ": error: ' or 'optbench: error: ' first in: " << message;
  }
  EXPECT_NE(message.find(c.expected), std::string::npos)
      << "expected the message to contain: " << c.expected << "\n got: " << message;
}

/// The cases without extra flags: config files, which `validate` checks too.
std::vector<BadInput> config_cases() {
  std::vector<BadInput> out;
  for (const auto& c : load_cases()) {
    if (c.flags.empty()) out.push_back(c);
  }
  return out;
}

class BadInputRun : public testing::TestWithParam<BadInput> {};
class BadInputValidate : public testing::TestWithParam<BadInput> {};

TEST_P(BadInputRun, FailsWithOneLocatedMessageAndWritesNothing) {
  const BadInput& c = GetParam();
  const std::string path = kCaseDir + "/" + c.file;
  const TempDir capture;
  const TempDir out;
  std::vector<std::string> args{"run", path, "--out", out.path().string()};
  args.insert(args.end(), c.flags.begin(), c.flags.end());
  const Outcome outcome = run_optbench(args, capture.path());
  EXPECT_EQ(outcome.exit_code, 2) << "stderr: " << outcome.err;
  EXPECT_EQ(outcome.out, "");
  check_message(c, path, outcome.err);
  EXPECT_TRUE(fs::is_empty(out.path())) << "run wrote under --out";
}

TEST_P(BadInputValidate, FailsWithTheSameMessageAsRun) {
  const BadInput& c = GetParam();
  const std::string path = kCaseDir + "/" + c.file;
  const TempDir capture;
  const TempDir out;
  const Outcome validated = run_optbench({"validate", path}, capture.path());
  EXPECT_EQ(validated.exit_code, 2) << "stderr: " << validated.err;
  EXPECT_EQ(validated.out, "");
  check_message(c, path, validated.err);
  const Outcome ran = run_optbench({"run", path, "--out", out.path().string()}, capture.path());
  EXPECT_EQ(validated.err, ran.err) << "validate and run disagree";
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputRun, testing::ValuesIn(load_cases()), case_name);
INSTANTIATE_TEST_SUITE_P(Corpus, BadInputValidate, testing::ValuesIn(config_cases()), case_name);

TEST(BadInputCorpus, HasAtLeastFortyCasesAndListsEveryFile) {
  const std::vector<BadInput> cases = load_cases();
  EXPECT_GE(cases.size(), 40u);
  std::set<std::string> listed;
  for (const auto& c : cases) {
    listed.insert(c.file);
    // Only a case without a line (a missing file, a flag error) may name a file that is not there.
    if (c.line > 0) {
      EXPECT_TRUE(fs::exists(kCaseDir + "/" + c.file)) << c.file;
    }
    EXPECT_FALSE(c.expected.empty()) << c.file;
  }
  for (const auto& entry : fs::directory_iterator(kCaseDir)) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_EQ(listed.count(entry.path().filename().string()), 1u)
        << entry.path().filename() << " is not in cases.tsv";
  }
}

TEST(BadInputFlags, AnEmptyOutIsRefusedAndNothingLandsInTheWorkingFolder) {
  // `--out ''` once wrote the results into the current folder; the manifest cannot say '' (it
  // splits flags on spaces), so this case runs here, from an empty working folder.
  const TempDir capture;
  const TempDir cwd;
  const std::string command = "cd " + quoted(cwd.path().string()) + " && " +
                              quoted(OPTBENCH_BINARY) + " run " +
                              quoted(kCaseDir + "/00_valid_baseline.yaml") + " --out '' 2>" +
                              quoted((capture.path() / "stderr.txt").string()) + " >/dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_EQ(read_file(capture.path() / "stderr.txt"),
            "optbench: error: --out: must name a folder, got ''\n");
  EXPECT_TRUE(fs::is_empty(cwd.path()));
}

TEST(BadInputFlags, AMisspeltCommandIsOneLineWithASuggestion) {
  const TempDir capture;
  const Outcome outcome =
      run_optbench({"rn", kCaseDir + "/00_valid_baseline.yaml"}, capture.path());
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.err,
            "optbench: error: unknown command 'rn' (did you mean 'run'?); optbench --help lists "
            "the commands\n");
  EXPECT_EQ(outcome.out, "");
}

TEST(BadInputCorpus, TheBaselineOfTheFlagCasesIsValid) {
  const TempDir capture;
  const Outcome outcome =
      run_optbench({"validate", kCaseDir + "/00_valid_baseline.yaml"}, capture.path());
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "2 runs\n");
  EXPECT_EQ(outcome.err, "");
}

}  // namespace
