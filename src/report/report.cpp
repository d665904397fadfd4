// `optbench report`'s work: summary.csv where missing, a gnuplot script and image per plot under
// plots/, and report.html.

#include "optbench/report/report.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/report/facets.hpp"
#include "optbench/report/html_page.hpp"
#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace fs = std::filesystem;

namespace optbench::report {

namespace {

bool is_result(const fs::path& dir) {
  return fs::exists(dir / "runs.csv") || fs::exists(dir / "timings.csv") ||
         fs::exists(dir / "runs.csv.part");
}

bool summarizable(const std::string& runs_csv) {
  const CsvTable runs = read_csv(runs_csv);
  const auto has = [&](const char* c) {
    return std::find(runs.header.begin(), runs.header.end(), c) != runs.header.end();
  };
  return has("optimizer") && has("status");
}

// The first lines of gnuplot's complaint, on one line.
std::string first_lines(const std::string& text) {
  std::string out;
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < text.size() && lines < 3) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t^") == std::string::npos) continue;
    if (!out.empty()) out += " | ";
    out += line;
    ++lines;
  }
  return out.empty() ? "no message" : out;
}

// A whole image, not only its start: a full disk leaves a PNG without its IEND chunk and an SVG
// without its closing tag, which a browser shows half or not at all.
bool valid_image(const fs::path& path, ImageFormat format) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  if (in.gcount() < 4) return false;
  const std::string start(head, static_cast<std::size_t>(in.gcount()));
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return false;
  if (format == ImageFormat::Png) {
    static const std::string iend("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
    if (start.rfind("\x89PNG", 0) != 0 || size < 8 + iend.size()) return false;
    std::string tail(iend.size(), '\0');
    in.seekg(static_cast<std::streamoff>(size - iend.size()));
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    return in.gcount() == static_cast<std::streamsize>(tail.size()) && tail == iend;
  }
  if (start.rfind("<?xml", 0) != 0 && start.rfind("<svg", 0) != 0) return false;
  const std::size_t want = static_cast<std::size_t>(std::min<std::uintmax_t>(size, 64));
  std::string tail(want, '\0');
  in.seekg(static_cast<std::streamoff>(size - want));
  in.read(tail.data(), static_cast<std::streamsize>(want));
  return tail.find("</svg>") != std::string::npos;
}

}  // namespace

std::vector<std::string> result_folders(const std::string& dir) {
  const fs::path root(dir);
  if (!fs::is_directory(root)) throw Error({dir, 0, 0}, "", "no such folder");
  if (is_result(root)) return {dir};
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && is_result(entry.path())) found.push_back(entry.path().string());
  }
  if (found.empty()) {
    throw Error({dir, 0, 0}, "",
                "no runs.csv here or in its subfolders: not an optbench result "
                "(make one with optbench run CONFIG.yaml)");
  }
  std::sort(found.begin(), found.end());
  return found;
}

ReportOutcome write_report(const std::string& dir, const ReportOptions& options) {
  ReportOutcome outcome;
  const fs::path root(dir);
  const fs::path runs = root / "runs.csv";
  ResultData data = load_results(dir);
  if (!options.facet.empty()) check_facet_axis(options.facet, {dir});
  const bool missing = !fs::exists(root / "summary.csv") || !fs::exists(root / "comparisons.csv");
  if (fs::exists(runs) && missing && summarizable(runs.string()) && data.rule) {
    // The kind's own verdict, as its sweep would have written it.
    write_kind_verdicts(*find_experiment(data.kind).make(), dir);
    data.summary = read_csv((root / "summary.csv").string());
    outcome.wrote_summary = true;
  }
  std::vector<PlotSpec> plots = all_plots(data);
  arrange_plots(plots, options.facet);
  outcome.plots = plots.size();

  // plots/ holds only what this report writes: earlier scripts and images go first.
  const fs::path plot_dir = root / "plots";
  fs::create_directories(plot_dir);
  for (const auto& entry : fs::directory_iterator(plot_dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".gp" || ext == ".png" || ext == ".svg")) {
      fs::remove(entry.path());
    }
  }

  std::string gnuplot = options.gnuplot;
  if (gnuplot.empty()) gnuplot = find_on_path("gnuplot").value_or("");
  outcome.gnuplot_missing = gnuplot.empty();

  std::vector<Figure> figures;
  for (const PlotSpec& plot : plots) {
    const std::string image = plot.name + "." + extension(options.format);
    const std::string script = plot.name + ".gp";
    write_file_atomically((plot_dir / script).string(),
                          gnuplot_script(plot, options.format, image));
    Figure figure{plot.section, plot.title,        plot.caption,
                  "",           "plots/" + script, !plot.panels.empty()};
    if (!gnuplot.empty() && !plots.empty()) {
      const GnuplotResult run = run_gnuplot(gnuplot, plot_dir.string(), script);
      if (run.ok && valid_image(plot_dir / image, options.format)) {
        figure.image = "plots/" + image;
        ++outcome.drawn;
      } else {
        std::error_code ec;
        fs::remove(plot_dir / image, ec);  // never leave a cut image to be shown
        outcome.failed.push_back(script + ": " +
                                 (run.ok ? std::string("the image is incomplete (a full disk?)")
                                         : first_lines(run.output)));
      }
    }
    figures.push_back(std::move(figure));
  }

  std::vector<std::string> notices;
  if (outcome.gnuplot_missing && !plots.empty()) {
    notices.push_back("gnuplot was not found on PATH, so the " + std::to_string(plots.size()) +
                      " plots were not drawn. Install it (Debian: apt-get install gnuplot-nox) and "
                      "run optbench report again, or run gnuplot on the scripts in plots/.");
  }
  if (!outcome.failed.empty()) {
    notices.push_back("gnuplot failed on " + std::to_string(outcome.failed.size()) + " of " +
                      std::to_string(plots.size()) + " plots: " + outcome.failed.front());
  }
  outcome.html = (root / "report.html").string();
  write_file_atomically(outcome.html, html_page(data, figures, notices));
  return outcome;
}

}  // namespace optbench::report
