// Small multiples: which column splits a figure, the panels it gives, their shared ranges.

#include "optbench/report/facets.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/record_file.hpp"
#include "optbench/report/plot_style.hpp"

namespace fs = std::filesystem;

namespace optbench::report {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Series a reader must tell apart: legend entries with data of some runs (markers of known
// points and keys are the same in every panel, and never split a figure).
bool counted(const Series& s) {
  return !s.label.empty() && !s.key_only && !s.rows.empty() && !s.cells.empty();
}

// The values of `axis` among the series, in order of first appearance.
std::vector<std::string> values_of(const std::vector<Series>& series, const std::string& axis) {
  std::vector<std::string> out;
  for (const auto& s : series) {
    const auto it = s.cells.find(axis);
    if (it == s.cells.end()) continue;
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

// The most legend entries one panel would hold when split by `axis` (shared series in each).
std::size_t largest_panel(const std::vector<Series>& series, const std::string& axis) {
  std::size_t shared = 0;
  std::map<std::string, std::size_t> per_value;
  for (const auto& s : series) {
    if (!counted(s)) continue;
    const auto it = s.cells.find(axis);
    if (it == s.cells.end())
      ++shared;
    else
      ++per_value[it->second];
  }
  std::size_t most = 0;
  for (const auto& [value, n] : per_value) most = std::max(most, n);
  return most + shared;
}

// Which column splits `series`: the user's where it takes two values or more; otherwise, only
// above kMaxSeriesPerPanel entries, optimizer where that leaves at most kMaxSeriesPerPanel to a
// panel, else the column with the fewest panels that do. Empty: no split.
std::string split_axis(const std::vector<Series>& series, const std::string& facet) {
  const auto splits = [&](const std::string& axis) {
    const std::size_t n = values_of(series, axis).size();
    return n >= 2 && n <= kMaxPanels;
  };
  if (!facet.empty() && splits(facet)) return facet;
  const auto entries =
      static_cast<std::size_t>(std::count_if(series.begin(), series.end(), counted));
  if (entries <= kMaxSeriesPerPanel) return {};
  if (splits("optimizer") && largest_panel(series, "optimizer") <= kMaxSeriesPerPanel)
    return "optimizer";
  std::vector<std::string> axes;
  for (const auto& s : series) {
    for (const auto& [axis, value] : s.cells) {
      if (std::find(axes.begin(), axes.end(), axis) == axes.end()) axes.push_back(axis);
    }
  }
  // The fewest panels that hold at most kMaxSeriesPerPanel each, else the smallest panels.
  std::string best;
  std::size_t best_size = entries;
  std::size_t best_panels = 0;
  const auto better = [&](std::size_t size, std::size_t panels) {
    if (best.empty()) return size < best_size;
    const bool fits = size <= kMaxSeriesPerPanel;
    const bool best_fits = best_size <= kMaxSeriesPerPanel;
    if (fits != best_fits) return fits;
    if (fits) return panels < best_panels || (panels == best_panels && size < best_size);
    return size < best_size || (size == best_size && panels < best_panels);
  };
  for (const auto& axis : axes) {
    if (!splits(axis)) continue;
    const std::size_t size = largest_panel(series, axis);
    const std::size_t panels = values_of(series, axis).size();
    if (better(size, panels)) {
      best = axis;
      best_size = size;
      best_panels = panels;
    }
  }
  return best;
}

// `label` without what its panel's title says: the "axis=value" word, or the leading value
// where the axis names the label's first word (an optimizer, a problem).
std::string without_facet(const std::string& label, const std::string& axis,
                          const std::string& value) {
  std::string out = label;
  const std::string word = axis + "=" + value;
  for (std::size_t at = out.find(word); at != std::string::npos; at = out.find(word, at)) {
    const std::size_t end = at + word.size();
    const bool starts = at == 0 || out[at - 1] == ' ';
    const bool ends = end == out.size() || out[end] == ' ' || out[end] == ',';
    if (!starts || !ends) {
      at = end;
      continue;
    }
    out.erase(at, word.size());
  }
  if ((axis == "optimizer" || axis == "problem") && out.rfind(value + " ", 0) == 0) {
    out.erase(0, value.size() + 1);
  }
  // Tidy what the cut left: doubled spaces, a comma with nothing before or after it.
  std::string tidy;
  for (const char c : out) {
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && (tidy.back() == ' ' || tidy.back() == ',')) tidy.pop_back();
  while (!tidy.empty() && (tidy.front() == ',' || tidy.front() == ' ')) tidy.erase(0, 1);
  for (std::size_t at = tidy.find(" ,"); at != std::string::npos; at = tidy.find(" ,"))
    tidy.erase(at, 1);
  for (std::size_t at = tidy.find(",,"); at != std::string::npos; at = tidy.find(",,"))
    tidy.erase(at, 1);
  return tidy.empty() ? label : tidy;
}

// One end of a shared range: the data's extent with a little room, on a log axis over the
// positive values only.
void share_range(PlotAxis& axis, double lo, double hi) {
  if (!(lo <= hi)) return;
  double a = lo;
  double b = hi;
  if (axis.log) {
    const double room = a == b ? 2.0 : std::pow(b / a, 0.03);
    a /= room;
    b *= room;
  } else {
    const double room = a == b ? std::max(0.5, std::abs(a) * 0.1) : 0.03 * (b - a);
    a -= room;
    b += room;
  }
  if (!axis.min) axis.min = a;
  if (!axis.max) axis.max = b;
}

void share_ranges(PlotSpec& plot) {
  double x_lo = kInf, x_hi = -kInf, y_lo = kInf, y_hi = -kInf;
  for (const auto& panel : plot.panels) {
    for (const auto& s : panel.series) {
      for (const auto& r : s.rows) {
        const auto take = [](double v, bool log, double& lo, double& hi) {
          if (!std::isfinite(v) || (log && v <= 0.0)) return;
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        };
        take(r[0], plot.x.log, x_lo, x_hi);
        take(r[1], plot.y.log, y_lo, y_hi);
        if (s.style == SeriesStyle::Band) take(r[2], plot.y.log, y_lo, y_hi);
      }
    }
  }
  share_range(plot.x, x_lo, x_hi);
  share_range(plot.y, y_lo, y_hi);
}

void split(PlotSpec& plot, const std::string& axis) {
  for (const auto& value : values_of(plot.series, axis)) {
    Panel panel;
    panel.title = axis + "=" + value;
    for (const auto& s : plot.series) {
      const auto it = s.cells.find(axis);
      if (it != s.cells.end() && it->second != value) continue;
      panel.series.push_back(s);
      if (it != s.cells.end() && !s.label.empty())
        panel.series.back().label = without_facet(s.label, axis, value);
    }
    plot.panels.push_back(std::move(panel));
  }
  plot.series.clear();
  share_ranges(plot);
  plot.caption += " One panel per " + axis + ", on shared axes.";
}

// A CSV file's header only: runs.csv may be large.
std::vector<std::string> header_of(const fs::path& path) {
  RecordReader reader(path.string());
  std::string record;
  if (!reader.next(record)) return {};
  return split_csv_line(record);
}

}  // namespace

std::vector<std::string> facet_axes(const std::string& dir) {
  const fs::path root(dir);
  std::vector<std::string> out;
  if (fs::exists(root / "runs.csv")) {
    const std::vector<std::string> header = header_of(root / "runs.csv");
    const auto run_id = std::find(header.begin(), header.end(), "run_id");
    const auto seed = std::find(header.begin(), header.end(), "seed");
    const auto first = run_id == header.end() ? header.begin() : run_id + 1;
    if (first < seed) out.assign(first, seed);
  } else if (fs::exists(root / "timings.csv")) {
    const std::vector<std::string> header = header_of(root / "timings.csv");
    for (const char* c : {"problem", "optimizer", "batch_size"}) {
      if (std::find(header.begin(), header.end(), c) != header.end()) out.emplace_back(c);
    }
  }
  return out;
}

void check_facet_axis(const std::string& axis, const std::vector<std::string>& dirs) {
  std::vector<std::string> axes;
  for (const auto& dir : dirs) {
    for (auto& a : facet_axes(dir)) {
      if (a == axis) return;
      if (std::find(axes.begin(), axes.end(), a) == axes.end()) axes.push_back(std::move(a));
    }
  }
  std::string list;
  for (const auto& a : axes) list += (list.empty() ? "" : ", ") + a;
  throw Error("--facet", "'" + axis + "' is not an axis of " +
                             (dirs.size() == 1 ? dirs.front() : std::string("these results")) +
                             did_you_mean(axis, axes) +
                             "; the columns that name a problem or an optimizer setting: " +
                             (list.empty() ? std::string("none") : list));
}

void arrange_plots(std::vector<PlotSpec>& plots, const std::string& facet) {
  for (auto& plot : plots) {
    const std::string axis = split_axis(plot.series, facet);
    if (!axis.empty()) split(plot, axis);
    if (plot.panels.empty()) {
      assign_styles(plot.series);
    } else {
      for (auto& panel : plot.panels) assign_styles(panel.series);
    }
  }
}

}  // namespace optbench::report
