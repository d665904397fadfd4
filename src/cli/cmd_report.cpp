// optbench report RESULTS_DIR [--format png|svg] [--facet AXIS] [--wait]: summary.csv (where
// missing), plots drawn with gnuplot and report.html, for a result folder or every result folder
// under a root.

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/folder_lock.hpp"
#include "optbench/report/facets.hpp"
#include "optbench/report/report.hpp"
#include "optbench/run/interrupt.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

int report_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench report");
  flags.add_options()("format", po::value<std::string>()->default_value("png"), "png or svg")(
      "facet", po::value<std::string>(),
      "split every figure into panels, one per value of this runs.csv column (optimizer, lr, "
      "batchnorm, problem, ...); by default only figures with more than 8 series are split, by "
      "optimizer")("wait", "wait while another process writes the folder (instead of refusing)")(
      "dir", po::value<std::string>(), "result folder");
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("dir") == 0) {
    throw Error("",
                "report: which result folder? usage: optbench report RESULTS_DIR [--format "
                "png|svg] [--facet AXIS]");
  }
  report::ReportOptions options;
  const std::string format = vm["format"].as<std::string>();
  if (format == "svg") {
    options.format = report::ImageFormat::Svg;
  } else if (format != "png") {
    throw Error("--format", "unknown image format '" + format + "' (png or svg)" +
                                did_you_mean(format, {"png", "svg"}));
  }

  const std::vector<std::string> folders = report::result_folders(vm["dir"].as<std::string>());
  // Checked before any folder is written: a misspelt axis writes nothing. Under a root, a folder
  // without the axis is drawn as if no --facet were given.
  const std::string facet = vm.count("facet") != 0 ? vm["facet"].as<std::string>() : "";
  if (!facet.empty()) report::check_facet_axis(facet, folders);

  bool failed = false;
  install_interrupt_handler();
  for (const std::string& dir : folders) {
    // The report writes summary.csv, plots/ and report.html into the folder: one writer at a time.
    const FolderLock lock(
        dir, FolderLock::Mode::exclusive, "report", vm.count("wait") != 0,
        [](const std::string& holder) {
          std::cerr << "optbench: waiting for " << holder << " to finish\n";
        },
        stop_requested);
    const auto axes = report::facet_axes(dir);
    options.facet = std::find(axes.begin(), axes.end(), facet) != axes.end() ? facet : "";
    const report::ReportOutcome out = report::write_report(dir, options);
    if (out.wrote_summary) std::cout << dir << "/summary.csv written\n";
    if (out.gnuplot_missing && out.plots > 0) {
      std::cerr << "optbench: warning: gnuplot not found on PATH: " << out.plots
                << " plots not drawn (install gnuplot-nox, or run gnuplot on the scripts in " << dir
                << "/plots/); the CSV files and report.html are written\n";
    }
    for (const auto& f : out.failed)
      std::cerr << "optbench: error: gnuplot failed: " << dir << "/plots/" << f << "\n";
    failed = failed || !out.failed.empty();
    std::cout << out.html << ": " << out.drawn << " of " << out.plots << " plots drawn\n";
  }
  return failed ? kExitRunFailed : kExitOk;
}

}  // namespace optbench::cli
