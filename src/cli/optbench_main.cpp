// optbench's command line as a function (optbench::main, the stock binary's and a user's own
// main): loads plugins, dispatches to a subcommand and turns errors into messages and exit codes
// (2 for bad input, 1 for anything unexpected).

#include <boost/program_options/errors.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "optbench/core/build_info.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/note.hpp"
#include "optbench/core/plugin_loader.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/optbench_main.hpp"

namespace optbench {

namespace {

constexpr const char* kUsage =
    "usage: optbench COMMAND ...   (optbench COMMAND --help: that command; --version)\n"
    "  run CONFIG.yaml [--out DIR] [--jobs N | -j N] [--shard I/N] [--resume | --force] [--wait] "
    "[--allow-large] [--quiet] [--progress auto|bar|lines|none]\n"
    "  validate CONFIG.yaml\n"
    "  list functions|optimizers|schedules|datasets|experiments\n"
    "  classify FUNCTION|--expression EXPR --at X,Y[,...] [--dim D] [--param k=v] [--tol T] "
    "[--format text|csv]\n"
    "  classify --hessian \"a,b;c,d\" [--tol T] [--format text|csv]\n"
    "  check FUNCTION|--expression EXPR [--at X,Y[,...]] [--dim D] [--param k=v] [--tol T] "
    "[--seed S] [--format text|csv]\n"
    "  merge --out DIR SHARD_DIR... [--wait]\n"
    "  report RESULTS_DIR [--format png|svg] [--facet AXIS] [--wait]\n"
    "  compare RESULTS_DIR [--metric M] [--baseline SETTING]\n"
    "  bench CONFIG.yaml [--out DIR] [--force] [--benchmark_* flags of Google Benchmark]\n"
    "every command takes --plugin LIB.so (repeatable): a plugin's optimizers, functions and data "
    "sets\n";

// The usage lines of one command (continuation lines included), or "" for an unknown one.
std::string command_usage(const std::string& command) {
  std::string out;
  bool inside = false;
  std::size_t start = 0;
  const std::string text = kUsage;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("  ", 0) != 0) continue;  // the "usage:" header
    const bool continuation = line.rfind("    ", 0) == 0;
    if (!continuation) inside = line.rfind("  " + command + " ", 0) == 0 || line == "  " + command;
    if (inside) out += line + '\n';
  }
  return out;
}

bool asks_for_help(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

// `-j N` and `-jN` are `--jobs N`, as make and ninja spell it.
void expand_short_jobs(std::vector<std::string>& args) {
  for (auto& a : args) {
    if (a == "-j") {
      a = "--jobs";
    } else if (a.size() > 2 && a.rfind("-j", 0) == 0 && a[2] >= '0' && a[2] <= '9') {
      a = "--jobs=" + a.substr(2);
    }
  }
}

// Takes every `--plugin PATH` and `--plugin=PATH` out of `args`, in order.
std::vector<std::string> take_plugin_flags(std::vector<std::string>& args) {
  std::vector<std::string> paths;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--plugin") {
      if (i + 1 >= args.size()) throw Error("--plugin", "needs a path: --plugin LIB.so");
      paths.push_back(args[++i]);
    } else if (args[i].rfind("--plugin=", 0) == 0) {
      paths.push_back(args[i].substr(9));
    } else {
      rest.push_back(args[i]);
    }
  }
  args = std::move(rest);
  return paths;
}

void load_plugin_flags(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    try {
      load_plugin(path);
    } catch (const Error& e) {
      throw Error("--plugin " + path, e.message());
    }
  }
}

}  // namespace

int main(int argc, char** argv, std::initializer_list<void (*)()> registrations) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? cli::kExitBadInput : cli::kExitOk;
  }
  if (args[0] == "--version" || args[0] == "-V") {
    const BuildInfo& b = build_info();
    std::cout << "optbench " << b.version << " (" << b.git_revision << ", " << b.build_type << ", "
              << b.compiler << ")\n";
    return cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (asks_for_help(args)) {
    const std::string usage = command_usage(command);
    if (!usage.empty()) {
      std::cout << "usage: optbench\n" << usage;
      return cli::kExitOk;
    }
  }
  expand_short_jobs(args);
  // The library's notes (an expression interpreted for want of a compiler) go to stderr.
  set_note_handler(
      [](const std::string& text) { std::cerr << "optbench: note: " << text << '\n'; });
  try {
    for (const auto registration : registrations) registration();
    load_plugin_flags(take_plugin_flags(args));
    if (command == "run") return cli::run_command(args);
    if (command == "validate") return cli::validate_command(args);
    if (command == "list") return cli::list_command(args);
    if (command == "classify") return cli::classify_command(args);
    if (command == "check") return cli::check_command(args);
    if (command == "merge") return cli::merge_command(args);
    if (command == "report") return cli::report_command(args);
    if (command == "compare") return cli::compare_command(args);
    if (command == "bench") return cli::bench_command(args);
    throw Error("", "unknown command '" + command + "'" +
                        did_you_mean(command, {"run", "validate", "list", "classify", "check",
                                               "merge", "bench", "report", "compare"}) +
                        "; optbench --help lists the commands");
  } catch (const Error& e) {
    std::cerr << e.what() << '\n';
    return cli::kExitBadInput;
  } catch (const boost::program_options::error& e) {
    std::cerr << "optbench: error: " << command << ": " << e.what() << '\n';
    return cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "optbench: internal error: " << e.what() << '\n';
    return cli::kExitRunFailed;
  }
}

}  // namespace optbench
