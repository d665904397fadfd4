#include "native_compiler.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "optbench/core/random.hpp"

namespace optbench::expression {

namespace {

namespace fs = std::filesystem;

// Part of the cache key: a change of the generated code or the flags compiles afresh.
constexpr const char* kCodeVersion = "optbench-expression-c-1";
// IEEE arithmetic as written (no contraction into FMA, no reassociation), so the compiled code
// computes what the interpreter computes.
const std::vector<std::string>& compile_flags() {
  static const std::vector<std::string> flags{
      "-std=c99", "-O2", "-fPIC", "-shared", "-ffp-contract=off", "-fno-math-errno", "-w"};
  return flags;
}

std::string environment(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// The full path of `program` found on PATH (or itself when it names a path); empty if absent.
std::string find_program(const std::string& program) {
  if (program.empty()) return {};
  if (program.find('/') != std::string::npos) {
    return ::access(program.c_str(), X_OK) == 0 ? program : std::string();
  }
  std::istringstream path(environment("PATH"));
  for (std::string dir; std::getline(path, dir, ':');) {
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// Runs the compiler with stdout and stderr into `log`; true when it exits 0.
bool run_compiler(const std::string& compiler, const fs::path& source, const fs::path& object,
                  const fs::path& log) {
  std::vector<std::string> args{compiler};
  args.insert(args.end(), compile_flags().begin(), compile_flags().end());
  args.insert(args.end(), {"-o", object.string(), source.string(), "-lm"});
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, compiler.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::optional<std::vector<NativeFunction>> open_symbols(const fs::path& object,
                                                        const std::vector<std::string>& symbols) {
  // Never closed: the functions are used until the process ends.
  void* handle = ::dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return std::nullopt;
  std::vector<NativeFunction> out;
  for (const auto& name : symbols) {
    void* f = ::dlsym(handle, name.c_str());
    if (f == nullptr) return std::nullopt;
    out.push_back(reinterpret_cast<NativeFunction>(f));
  }
  return out;
}

}  // namespace

std::string expression_cache_folder() {
  const std::string xdg = environment("XDG_CACHE_HOME");
  if (!xdg.empty() && xdg.front() == '/') return xdg + "/optbench/expressions";
  const std::string home = environment("HOME");
  if (!home.empty()) return home + "/.cache/optbench/expressions";
  return {};
}

std::string c_compiler() {
  const std::string cc = environment("CC");
  return cc.empty() ? std::string("cc") : cc;
}

std::optional<std::vector<NativeFunction>> load_native(const std::string& source,
                                                       const std::vector<std::string>& symbols,
                                                       std::string& why) {
  const std::string folder = expression_cache_folder();
  if (folder.empty()) {
    why = "no cache folder for compiled expressions (neither XDG_CACHE_HOME nor HOME is set)";
    return std::nullopt;
  }
  std::string flags;
  for (const auto& f : compile_flags()) flags += f + ' ';
  char key[17];
  std::snprintf(key, sizeof key, "%016llx",
                static_cast<unsigned long long>(stable_hash({kCodeVersion, flags, source})));
  const fs::path object = fs::path(folder) / (std::string(key) + ".so");
  std::error_code ec;
  if (fs::exists(object, ec)) {
    if (auto loaded = open_symbols(object, symbols)) return loaded;
    // A damaged or foreign file: build it again below.
  }
  const std::string compiler = find_program(c_compiler());
  if (compiler.empty()) {
    why = "no C compiler ('" + c_compiler() + "' is not on PATH)";
    return std::nullopt;
  }
  fs::create_directories(folder, ec);
  if (ec) {
    why = "cannot create the cache folder " + folder + " (" + ec.message() + ")";
    return std::nullopt;
  }
  // Unique names, then a rename: processes compiling the same expression at once do not clash.
  static std::atomic<int> serial{0};
  const std::string unique =
      std::string(key) + "." + std::to_string(::getpid()) + "." + std::to_string(serial++);
  const fs::path c_file = fs::path(folder) / (std::string(key) + ".c");
  const fs::path c_temp = fs::path(folder) / (unique + ".c");
  const fs::path so_temp = fs::path(folder) / (unique + ".so");
  const fs::path log = fs::path(folder) / (unique + ".log");
  {
    std::ofstream out(c_temp, std::ios::binary);
    out << source;
    if (!out) {
      why = "cannot write to the cache folder " + folder;
      return std::nullopt;
    }
  }
  const bool compiled = run_compiler(compiler, c_temp, so_temp, log);
  if (!compiled) {
    why = "the C compiler " + compiler + " failed: " + first_line(log);
    fs::remove(c_temp, ec);
    fs::remove(so_temp, ec);
    fs::remove(log, ec);
    return std::nullopt;
  }
  std::error_code kept;
  fs::rename(c_temp, c_file, kept);  // kept for the curious: the C of this expression
  if (kept) fs::remove(c_temp, kept);
  fs::remove(log, kept);
  fs::rename(so_temp, object, ec);
  if (ec) {
    why = "cannot move the compiled expression into " + folder + " (" + ec.message() + ")";
    fs::remove(so_temp, ec);
    return std::nullopt;
  }
  auto loaded = open_symbols(object, symbols);
  if (!loaded) why = std::string("cannot load the compiled expression: ") + ::dlerror();
  return loaded;
}

}  // namespace optbench::expression
