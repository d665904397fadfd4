#include "test_support.hpp"

#include <gtest/gtest.h>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"

#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace optbench::testing {

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("optbench-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CliResult run_cli(const std::vector<std::string>& args) {
  TempDir io;
  std::string command = quote(OPTBENCH_BINARY);
  for (const auto& a : args) command += " " + quote(a);
  command += " >" + quote((io.path() / "out").string()) + " 2>" +
             quote((io.path() / "err").string()) + " </dev/null";
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(io.path() / "out");
  r.err = slurp(io.path() / "err");
  return r;
}

BackgroundCli::BackgroundCli(const std::vector<std::string>& args) {
  std::vector<std::string> argv_text{OPTBENCH_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const std::string out = (io_.path() / "out").string();
  const std::string err = (io_.path() / "err").string();
  pid_ = ::fork();
  if (pid_ == 0) {
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int in = ::open("/dev/null", O_RDONLY);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
}

BackgroundCli::~BackgroundCli() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void BackgroundCli::signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

int BackgroundCli::wait(double seconds) {
  if (pid_ <= 0) return -1;
  int status = 0;
  const bool done = wait_until([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, seconds);
  if (!done) return -1;
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string BackgroundCli::out() const {
  return slurp(io_.path() / "out");
}

std::string BackgroundCli::err() const {
  return slurp(io_.path() / "err");
}

bool wait_until(const std::function<bool()>& ready, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!ready()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool close(double a, double b, double rtol, double atol) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= atol + rtol * std::abs(b);
}

bool is_timing_column(const std::string& column) {
  return column == "wall_ms" || column == "time_ms" || column == "seconds_to_target" ||
         column == "ns_per_step" || column == "hessian_ms";
}

std::string without_timing(const std::string& path) {
  const CsvTable t = read_csv(path);
  std::vector<std::size_t> keep;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (!is_timing_column(t.header[c])) keep.push_back(c);
  }
  auto line = [&keep](const std::vector<std::string>& row) {
    std::vector<std::string> cells;
    cells.reserve(keep.size());
    for (const std::size_t c : keep) cells.push_back(c < row.size() ? row[c] : std::string());
    return csv_line(cells) + "\n";
  };
  std::string out = line(t.header);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::vector<std::map<std::string, std::string>> csv_records(const std::string& path) {
  const CsvTable t = read_csv(path);
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : t.rows) {
    std::map<std::string, std::string> r;
    for (std::size_t c = 0; c < t.header.size(); ++c) r[t.header[c]] = row[c];
    out.push_back(std::move(r));
  }
  return out;
}

Settings settings(std::initializer_list<std::pair<std::string, Setting>> values) {
  Settings s;
  for (const auto& [k, v] : values) s.set(k, v);
  return s;
}

void sweep_config(const std::string& config, const std::string& out, unsigned jobs,
                  const std::string& file) {
  const ExperimentSpec spec = parse_config(config, file);
  const auto kind = checked_kind(spec).make();
  const RunPlan plan = expand_plan(spec, kind->uses_optimizers());
  kind->check(plan);
  SweepOptions options;
  options.out_root = out;
  options.jobs = jobs;
  ASSERT_EQ(run_sweep(plan, *kind, options).state, SweepState::Complete);
}

}  // namespace optbench::testing
