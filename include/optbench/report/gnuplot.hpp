#pragma once
// gnuplot as a child process: a PlotSpec becomes a self-contained script (data inline), and the
// script is run in the folder where the image goes.

#include <optional>
#include <string>

#include "optbench/report/plot_layout.hpp"
#include "optbench/report/plot_spec.hpp"

namespace optbench::report {

/// "png" or "svg".
const char* extension(ImageFormat format);

/// The gnuplot script that draws `plot` into `image` (a file name relative to the script's
/// folder), laid out by layout_plot: explicit margins for every panel and a screen position
/// for every legend entry. The series are drawn with the styles they carry (arrange_plots
/// settles them). PNG uses pngcairo where this gnuplot has it, else png.
std::string gnuplot_script(const PlotSpec& plot, ImageFormat format, const std::string& image);

/// The absolute path of `program` on PATH (an executable file), or nullopt.
std::optional<std::string> find_on_path(const std::string& program);

/// What running one script gave.
struct GnuplotResult {
  bool ok = false;     ///< exit status 0
  std::string output;  ///< gnuplot's stdout and stderr
};

/// Runs `gnuplot SCRIPT` with `dir` as working directory and stdin from /dev/null.
GnuplotResult run_gnuplot(const std::string& gnuplot, const std::string& dir,
                          const std::string& script);

}  // namespace optbench::report
