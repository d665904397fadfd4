// Plugins for the stock binary (optbench/plugin.hpp, docs/extending.md): the default build's
// libsign_sgd.so (examples/custom_optimizer) registers into the binary's own registry, its runs
// give sign-SGD's closed-form iterates, the manifest records the library's CRC-32, resume refuses
// a folder whose plugin changed, and every way a plugin can be wrong ends in a clear exit 2.

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/plugin_loader.hpp"
#include "optbench/io/atomic_file.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

// sign-SGD against SGD on (x0^2 + 4 x1^2)/2 from (1, -0.55), five steps of 0.1: no coordinate of
// sign-SGD crosses 0, so each moves by 5 * 0.1 towards it; SGD scales x0 by 0.9, x1 by 0.6.
constexpr const char* kConfig = R"(name: signs
kind: function
problems:
  - {function: quadratic, a: 1, b: 0, c: 4, start: [1.0, -0.55]}
optimizers:
  - {name: sign_sgd, lr: 0.1}
  - {name: sgd, lr: 0.1}
stop: {max_steps: 5}
)";

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string crc32_hex(const std::string& path) {
  const std::string bytes = bytes_of(path);
  const uLong crc = crc32(crc32(0, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()),
                          static_cast<uInt>(bytes.size()));
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc));
  return hex;
}

// The last trace row of each run.
std::map<std::string, std::map<std::string, std::string>> last_rows(const std::string& trace) {
  std::map<std::string, std::map<std::string, std::string>> last;
  for (const auto& row : testing::csv_records(trace)) last[row.at("run_id")] = row;
  return last;
}

// The config fuzzer turns loading off: a plugins: entry is then refused before its file is
// looked at (a missing file would otherwise say "no such file").
TEST(Plugin, LoadingTurnedOffRefusesBeforeTheFileIsTouched) {
  const auto message_of = [](const std::string& path) {
    try {
      (void)load_plugin(path);
    } catch (const Error& e) {
      return e.message();
    }
    return std::string("loaded");
  };
  set_plugin_loading(false);
  EXPECT_EQ(message_of("/nonexistent/libx.so"), "plugin loading is turned off in this program");
  set_plugin_loading(true);
  EXPECT_EQ(message_of("/nonexistent/libx.so"), "no such file");
}

TEST(Plugin, RegistersIntoTheBinaryAndRunsSignSgd) {
  testing::TempDir dir;
  const std::string config = dir.str() + "/signs.yaml";
  testing::write_text(config, kConfig);
  const auto r = testing::run_cli(
      {"run", config, "--plugin", OPTBENCH_SIGN_SGD_PLUGIN, "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = testing::csv_records(dir.str() + "/signs/runs.csv");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].at("optimizer"), "sign_sgd");
  EXPECT_EQ(runs[0].at("steps"), "5");
  const double sx0 = 1.0 - 5 * 0.1;
  const double sx1 = -0.55 + 5 * 0.1;
  EXPECT_NEAR(std::stod(runs[0].at("final_loss")), (sx0 * sx0 + 4 * sx1 * sx1) / 2, 1e-12);
  const double gx0 = std::pow(0.9, 5);
  const double gx1 = -0.55 * std::pow(0.6, 5);
  EXPECT_NEAR(std::stod(runs[1].at("final_loss")), (gx0 * gx0 + 4 * gx1 * gx1) / 2, 1e-12);
  const auto last = last_rows(dir.str() + "/signs/trace.csv");
  EXPECT_NEAR(std::stod(last.at("0").at("x0")), sx0, 1e-12);
  EXPECT_NEAR(std::stod(last.at("0").at("x1")), sx1, 1e-12);
  EXPECT_NEAR(std::stod(last.at("1").at("x1")), gx1, 1e-12);

  // The manifest names the library and the CRC-32 of its bytes.
  const std::string manifest = read_file(dir.str() + "/signs/manifest.json");
  const std::string entry =
      "{\"path\": \"" + fs::canonical(OPTBENCH_SIGN_SGD_PLUGIN).string() +
      "\", \"bytes\": " + std::to_string(fs::file_size(OPTBENCH_SIGN_SGD_PLUGIN)) +
      ", \"crc32\": \"" + crc32_hex(OPTBENCH_SIGN_SGD_PLUGIN) + "\"}";
  EXPECT_NE(manifest.find("\"plugins\": [\n    " + entry + "\n  ]"), std::string::npos) << manifest;

  // report and list see the name; the report draws a sign_sgd curve.
  const auto report = testing::run_cli(
      {"report", dir.str() + "/signs", "--plugin", OPTBENCH_SIGN_SGD_PLUGIN, "--format", "svg"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  bool drawn = false;
  for (const auto& f : fs::directory_iterator(dir.str() + "/signs/plots")) {
    if (f.path().extension() == ".gp" &&
        read_file(f.path().string()).find("sign_sgd") != std::string::npos) {
      drawn = true;
    }
  }
  EXPECT_TRUE(drawn) << "no gnuplot script under plots/ names sign_sgd";
  const auto list = testing::run_cli({"list", "optimizers", "--plugin", OPTBENCH_SIGN_SGD_PLUGIN});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("sign_sgd"), std::string::npos) << list.out;
  EXPECT_EQ(testing::run_cli({"list", "optimizers"}).out.find("sign_sgd"), std::string::npos);
}

// plugins: in a config is relative to the config's folder, whatever the working directory;
// a changed plugin file makes the folder's runs someone else's.
TEST(Plugin, ConfigKeyIsRelativeToTheConfigAndResumeRefusesAChangedPlugin) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "conf" / "lib");
  fs::copy_file(OPTBENCH_SIGN_SGD_PLUGIN, dir.path() / "conf" / "lib" / "libsign_sgd.so");
  const std::string config = (dir.path() / "conf" / "signs.yaml").string();
  testing::write_text(config, std::string("plugins: [lib/libsign_sgd.so]\n") + kConfig);
  const std::string out = dir.str() + "/out";
  ASSERT_EQ(testing::run_cli({"validate", config}).exit_code, 0);
  const auto first = testing::run_cli({"run", config, "--out", out, "--quiet"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto again = testing::run_cli({"run", config, "--out", out});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already holds the complete result"), std::string::npos) << again.out;

  // Trailing bytes leave the library loadable but make it another file.
  {
    std::ofstream append(dir.path() / "conf" / "lib" / "libsign_sgd.so",
                         std::ios::binary | std::ios::app);
    append << "changed";
  }
  const auto changed = testing::run_cli({"run", config, "--out", out, "--resume"});
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.err.find("holds runs made with other plugin code: plugin "), std::string::npos)
      << changed.err;
}

struct BadPlugin {
  std::string path;
  std::string message;  // a part of what the error says after "--plugin PATH: "
};

TEST(Plugin, EveryWayAPluginIsWrongIsAClearExit2) {
  testing::TempDir dir;
  const std::string text_file = dir.str() + "/libnotes.so";
  testing::write_text(text_file, "not a library\n");
  // A library cut short (an interrupted copy): dlopen would map past its end and die of SIGBUS.
  const std::string truncated = dir.str() + "/libtruncated.so";
  {
    std::ifstream in(OPTBENCH_SIGN_SGD_PLUGIN, std::ios::binary);
    std::string bytes(3000, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    testing::write_text(truncated, bytes);
  }
  const std::vector<BadPlugin> cases = {
      {truncated, "is truncated or damaged: its ELF headers name parts past the end"},
      {dir.str() + "/libmissing.so", "no such file"},
      {text_file, "is not a shared library (no ELF header)"},
      {OPTBENCH_BAD_PLUGIN_NO_SYMBOL, "is not an optbench plugin: it does not export"},
      {OPTBENCH_BAD_PLUGIN_OLD_VERSION, "was built for optbench 0.1.0 (plugin ABI 1), this is"},
      {OPTBENCH_BAD_PLUGIN_CLASH,
       "its registration failed: an optimizer named 'sgd' is already registered"},
  };
  for (const auto& c : cases) {
    const auto r = testing::run_cli({"list", "optimizers", "--plugin", c.path});
    EXPECT_EQ(r.exit_code, 2) << c.path << ": " << r.err;
    EXPECT_NE(r.err.find("error: --plugin " + c.path + ": " + c.message), std::string::npos)
        << r.err;
  }
  // The same in a config: located at the list item.
  const std::string config = dir.str() + "/bad.yaml";
  testing::write_text(config,
                      std::string("plugins:\n  - ") + OPTBENCH_BAD_PLUGIN_CLASH + "\n" + kConfig);
  const auto r = testing::run_cli({"validate", config});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find(config + ":2:5: error: plugins[0]: " + std::string(OPTBENCH_BAD_PLUGIN_CLASH) +
                 ": its registration failed: an optimizer named 'sgd'"),
      std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace optbench
