// Contour plots of 2-D test functions: optimizer trajectories over them (function sweeps) and the
// critical points found and classified (critical_points sweeps).

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "optbench/io/list_cell.hpp"
#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

using detail::cell;
using detail::function_of;

constexpr int kGridSide = 141;
constexpr int kLevels = 18;
constexpr std::size_t kMaxTrajectoryPoints = 2500;

struct Box {
  double x0 = std::numeric_limits<double>::infinity();
  double x1 = -std::numeric_limits<double>::infinity();
  double y0 = std::numeric_limits<double>::infinity();
  double y1 = -std::numeric_limits<double>::infinity();
  bool empty() const { return !(x0 <= x1 && y0 <= y1); }
  void add(double x, double y) {
    x0 = std::min(x0, x);
    x1 = std::max(x1, x);
    y0 = std::min(y0, y);
    y1 = std::max(y1, y);
  }
};

Box box_of(const SearchBox& box) {
  Box b;
  if (box.size() >= 2) {
    b.x0 = box[0].first;
    b.x1 = box[0].second;
    b.y0 = box[1].first;
    b.y1 = box[1].second;
  }
  return b;
}

// Neither side thinner than a third of the other (a path along one axis still gets a readable
// picture), then a margin.
Box readable(Box b, double margin) {
  const double w = b.x1 - b.x0;
  const double h = b.y1 - b.y0;
  double side = std::max(w, h);
  if (!(side > 0.0)) side = 2.0 * std::max({1.0, std::abs(b.x0), std::abs(b.y0)}) * 0.1;
  const double least = side / 3.0;
  if (w < least) {
    const double c = 0.5 * (b.x0 + b.x1);
    b.x0 = c - least / 2;
    b.x1 = c + least / 2;
  }
  if (h < least) {
    const double c = 0.5 * (b.y0 + b.y1);
    b.y0 = c - least / 2;
    b.y1 = c + least / 2;
  }
  const double mx = margin * (b.x1 - b.x0);
  const double my = margin * (b.y1 - b.y0);
  return {b.x0 - mx, b.x1 + mx, b.y0 - my, b.y1 + my};
}

// f on a grid over `b`, shaded by the rank of its value among the grid's values.
ContourGrid sample(const TestFunction& f, const Box& b) {
  ContourGrid g;
  g.x_min = b.x0;
  g.x_max = b.x1;
  g.y_min = b.y0;
  g.y_max = b.y1;
  g.nx = kGridSide;
  g.ny = kGridSide;
  const auto n = static_cast<std::size_t>(g.nx) * static_cast<std::size_t>(g.ny);
  std::vector<double> values(n);
  Eigen::VectorXd x(2);
  for (int j = 0; j < g.ny; ++j) {
    for (int i = 0; i < g.nx; ++i) {
      x(0) = b.x0 + (b.x1 - b.x0) * i / (g.nx - 1);
      x(1) = b.y0 + (b.y1 - b.y0) * j / (g.ny - 1);
      values[static_cast<std::size_t>(j) * static_cast<std::size_t>(g.nx) +
             static_cast<std::size_t>(i)] = f.value(x);
    }
  }
  std::vector<double> sorted;
  for (const double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  g.shade.assign(n, std::numeric_limits<double>::quiet_NaN());
  if (sorted.size() < 2 || sorted.front() == sorted.back()) return g;
  const double last = static_cast<double>(sorted.size() - 1);
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(values[k])) continue;
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), values[k]);
    const auto hi = std::upper_bound(lo, sorted.end(), values[k]);
    // Ties share the middle of their ranks.
    g.shade[k] =
        (static_cast<double>(lo - sorted.begin()) + static_cast<double>(hi - sorted.begin() - 1)) /
        (2.0 * last);
  }
  for (int l = 1; l <= kLevels; ++l) g.levels.push_back(static_cast<double>(l) / (kLevels + 1));
  return g;
}

Marker marker_of(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return Marker::TriangleDown;
    case PointClass::LocalMaximum:
      return Marker::TriangleUp;
    case PointClass::SaddlePoint:
      return Marker::Diamond;
    case PointClass::Inconclusive:
      return Marker::Square;
  }
  return Marker::Square;
}

const char* name_of(PointClass c) {
  switch (c) {
    case PointClass::LocalMinimum:
      return "minimum";
    case PointClass::LocalMaximum:
      return "maximum";
    case PointClass::SaddlePoint:
      return "saddle";
    case PointClass::Inconclusive:
      return "inconclusive";
  }
  return "?";
}

std::optional<PointClass> class_from(const std::string& text) {
  if (text == "local_minimum") return PointClass::LocalMinimum;
  if (text == "local_maximum") return PointClass::LocalMaximum;
  if (text == "saddle_point") return PointClass::SaddlePoint;
  if (text == "inconclusive") return PointClass::Inconclusive;
  return std::nullopt;
}

// Black markers with a white halo, one legend entry per class present.
void add_points(PlotSpec& plot, const std::vector<KnownPoint>& points, const Box& b) {
  for (const PointClass c : {PointClass::LocalMinimum, PointClass::SaddlePoint,
                             PointClass::LocalMaximum, PointClass::Inconclusive}) {
    Series halo;
    halo.style = SeriesStyle::Points;
    halo.colour = kWhite;
    halo.marker = marker_of(c);
    halo.marker_size = 3.0;
    Series mark = halo;
    mark.colour = kBlack;
    mark.marker_size = 2.2;
    mark.label = name_of(c);
    for (const auto& p : points) {
      if (p.kind != c || p.x.size() != 2) continue;
      if (p.x(0) < b.x0 || p.x(0) > b.x1 || p.x(1) < b.y0 || p.x(1) > b.y1) continue;
      halo.rows.push_back({p.x(0), p.x(1), 0.0});
      mark.rows.push_back({p.x(0), p.x(1), 0.0});
    }
    if (mark.rows.empty()) continue;
    plot.series.push_back(std::move(halo));
    plot.series.push_back(std::move(mark));
  }
}

std::string class_counts(const std::vector<KnownPoint>& points) {
  std::map<PointClass, int> n;
  for (const auto& p : points) ++n[p.kind];
  std::string out;
  for (const PointClass c : {PointClass::LocalMinimum, PointClass::SaddlePoint,
                             PointClass::LocalMaximum, PointClass::Inconclusive}) {
    if (n[c] == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(n[c]) + " " +
           (c == PointClass::LocalMinimum   ? (n[c] == 1 ? "minimum" : "minima")
            : c == PointClass::LocalMaximum ? (n[c] == 1 ? "maximum" : "maxima")
            : c == PointClass::SaddlePoint  ? (n[c] == 1 ? "saddle" : "saddles")
                                            : "inconclusive");
  }
  return out;
}

// critical_points.csv rows of each run: the rows come in run order, n_points of them per run.
std::vector<std::vector<KnownPoint>> points_by_run(const ResultData& data) {
  std::vector<std::vector<KnownPoint>> out(data.runs.size());
  const RunGroups& g = data.groups;
  const auto problem_of = [&](std::size_t r) {
    const auto& cells = g.instance_cells[g.instance[r]];
    const auto it = cells.find("problem");
    return it == cells.end() ? std::string() : it->second;
  };
  if (!data.critical_points) return out;
  const CsvTable& cp = *data.critical_points;
  const auto point_at = [&](std::size_t r) -> std::optional<KnownPoint> {
    const auto kind = class_from(cell(cp, r, "class"));
    const auto x = parse_number_list(cell(cp, r, "point"));
    if (!kind || !x) return std::nullopt;
    KnownPoint p{Eigen::Map<const Eigen::VectorXd>(x->data(), static_cast<Eigen::Index>(x->size())),
                 *kind};
    return p;
  };
  // Order runs by run_id and give each its n_points rows, checking the function names agree.
  std::vector<std::size_t> order(data.runs.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return data.groups.run_id[a] < data.groups.run_id[b];
  });
  std::size_t next = 0;
  bool consistent = true;
  for (const std::size_t r : order) {
    const double n = data.runs.number(r, "n_points");
    if (!(n >= 0)) {
      consistent = false;
      break;
    }
    for (std::size_t k = 0; k < static_cast<std::size_t>(n); ++k, ++next) {
      if (next >= cp.rows.size() || cell(cp, next, "function") != problem_of(r)) {
        consistent = false;
        break;
      }
      if (auto p = point_at(next)) out[r].push_back(*p);
    }
    if (!consistent) break;
  }
  if (consistent && next == cp.rows.size()) return out;
  // Otherwise by function name, where one run has that function.
  out.assign(data.runs.size(), {});
  std::map<std::string, int> runs_of;
  for (std::size_t r = 0; r < data.runs.size(); ++r) ++runs_of[problem_of(r)];
  for (std::size_t r = 0; r < data.runs.size(); ++r) {
    const std::string f = problem_of(r);
    if (runs_of[f] != 1) continue;
    for (std::size_t k = 0; k < cp.rows.size(); ++k) {
      if (cell(cp, k, "function") != f) continue;
      if (auto p = point_at(k)) out[r].push_back(*p);
    }
  }
  return out;
}

}  // namespace

std::vector<PlotSpec> trajectory_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const Trace& trace = data.trace;
  const auto x0 = trace.column("x0");
  const auto x1 = trace.column("x1");
  const RunGroups& g = data.groups;
  if (!x0 || !x1 || !data.sections.function_paths) return plots;
  std::size_t eligible = 0;
  for (std::size_t i = 0; i < g.instance_rows.size(); ++i) {
    const auto dim = g.instance_cells[i].find("dim");
    if (dim != g.instance_cells[i].end() && dim->second == "2") ++eligible;
  }
  // The first seed of each setting of each 2-D instance, their rows read in one pass.
  std::vector<std::map<std::size_t, std::size_t>> first_rows(g.instance_rows.size());
  std::vector<std::size_t> drawn_ids;
  for (std::size_t i = 0; i < g.instance_rows.size(); ++i) {
    const auto& cells = g.instance_cells[i];
    if (cells.count("dim") == 0 || cells.at("dim") != "2") continue;
    auto& first_row = first_rows[i];  // setting -> runs.csv row
    for (const std::size_t r : g.instance_rows[i]) {
      const auto it = first_row.find(g.setting[r]);
      if (it == first_row.end() || number_or_nan(g.seed(r)) < number_or_nan(g.seed(it->second))) {
        first_row[g.setting[r]] = r;
      }
    }
    for (const auto& entry : first_row) drawn_ids.push_back(g.run_id[entry.second]);
  }
  const auto trace_rows = trace_rows_of(trace, drawn_ids, {*x0, *x1});
  for (std::size_t i = 0; i < g.instance_rows.size() && plots.size() < detail::kMaxPerSort; ++i) {
    const auto& cells = g.instance_cells[i];
    if (cells.count("dim") == 0 || cells.at("dim") != "2") continue;
    const auto& first_row = first_rows[i];
    const auto f = function_of(cells);
    PlotSpec plot;
    plot.section = "Trajectories";
    plot.name = "trajectory-" + std::to_string(i + 1) + "-" +
                detail::safe_name(cells.count("problem") ? cells.at("problem") : "");
    plot.title = g.instance_labels[i] + ": one run per optimizer";
    plot.x.label = "x0";
    plot.y.label = "x1";
    plot.key = KeyPlace::Below;
    plot.width = 900;
    plot.height = 800;

    Box bounds;
    std::vector<Series> paths;
    std::string seeds;
    for (const auto& [setting, r] : first_row) {
      Series path;
      path.colour = static_cast<int>(setting);
      path.cells = detail::cells_of(g, setting, i);
      path.width = 2.0;
      const auto rows = trace_rows.find(g.run_id[r]);
      for (const auto& row :
           rows != trace_rows.end() ? rows->second : std::vector<std::vector<double>>{}) {
        const double a = row[0];
        const double b = row[1];
        if (std::isfinite(a) && std::isfinite(b)) path.rows.push_back({a, b, 0.0});
      }
      if (path.rows.empty()) continue;
      path.rows = detail::thin(path.rows, kMaxTrajectoryPoints);
      for (const auto& p : path.rows) bounds.add(p[0], p[1]);
      path.label = g.setting_labels[setting] +
                   (data.runs.text(r, "status") == "diverged" ? " (diverged)" : "");
      seeds = g.seed(r);
      paths.push_back(std::move(path));
    }
    if (paths.empty()) continue;

    Box region = bounds;
    if (f) {
      const Box limit = box_of(f->search_box());
      // A diverging path would stretch the picture to nothing: keep to twice the search box.
      if (!limit.empty()) {
        const double wx = limit.x1 - limit.x0;
        const double wy = limit.y1 - limit.y0;
        region.x0 = std::max(region.x0, limit.x0 - wx / 2);
        region.x1 = std::min(region.x1, limit.x1 + wx / 2);
        region.y0 = std::max(region.y0, limit.y0 - wy / 2);
        region.y1 = std::min(region.y1, limit.y1 + wy / 2);
        if (region.empty()) region = limit;
      }
    }
    region = readable(region, 0.08);
    plot.x.min = region.x0;
    plot.x.max = region.x1;
    plot.y.min = region.y0;
    plot.y.max = region.y1;

    std::vector<KnownPoint> known;
    if (f) {
      plot.contour = sample(*f, region);
      known = f->known_points();
    }
    for (auto& path : paths) {
      Series start;
      start.style = SeriesStyle::Points;
      start.colour = path.colour;
      start.cells = path.cells;
      start.marker = Marker::Circle;
      start.marker_size = 1.8;
      start.rows.push_back(path.rows.front());
      Series end = start;
      end.marker = Marker::FilledCircle;
      end.marker_size = 1.5;
      end.rows = {path.rows.back()};
      plot.series.push_back(std::move(path));
      plot.series.push_back(std::move(start));
      plot.series.push_back(std::move(end));
    }
    add_points(plot, known, region);
    for (const auto& [label, marker] :
         {std::pair{"start", Marker::Circle}, std::pair{"end", Marker::FilledCircle}}) {
      Series key;
      key.style = SeriesStyle::Points;
      key.colour = kBlack;
      key.marker = marker;
      key.marker_size = 1.5;
      key.key_only = true;
      key.label = label;
      plot.series.push_back(std::move(key));
    }
    plot.caption = "Contours of " +
                   (cells.count("problem") ? cells.at("problem") : std::string("f")) +
                   " (shaded by value rank, blue low) with each optimizer's path from seed " +
                   seeds + ": open circle start, filled circle end" +
                   (known.empty() ? std::string() : "; known critical points in black") + ".";
    if (plots.size() + 1 == detail::kMaxPerSort && eligible > detail::kMaxPerSort) {
      plot.caption += " (Only the first " + std::to_string(detail::kMaxPerSort) + " of " +
                      std::to_string(eligible) + " 2-D problems are drawn.)";
    }
    plots.push_back(std::move(plot));
  }
  return plots;
}

std::vector<PlotSpec> critical_point_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  if (!data.critical_points || data.runs.empty()) return plots;
  const RunGroups& g = data.groups;
  const auto points = points_by_run(data);
  for (std::size_t r = 0; r < data.runs.size() && plots.size() < detail::kMaxPerSort; ++r) {
    const auto& cells = g.instance_cells[g.instance[r]];
    if (cells.count("dim") == 0 || cells.at("dim") != "2") continue;
    const auto f = function_of(cells);
    if (!f) continue;
    Box region = box_of(f->search_box());
    for (const auto& p : points[r]) {
      if (p.x.size() == 2) region.add(p.x(0), p.x(1));
    }
    region = readable(region, 0.03);
    PlotSpec plot;
    plot.section = "Critical points";
    plot.name =
        "critical-points-" + std::to_string(r + 1) + "-" + detail::safe_name(cells.at("problem"));
    plot.title = g.instance_labels[g.instance[r]] + ": critical points";
    plot.x.label = "x0";
    plot.y.label = "x1";
    plot.x.min = region.x0;
    plot.x.max = region.x1;
    plot.y.min = region.y0;
    plot.y.max = region.y1;
    plot.key = KeyPlace::Below;
    plot.width = 900;
    plot.height = 800;
    plot.contour = sample(*f, region);
    add_points(plot, points[r], region);
    const std::string counts = class_counts(points[r]);
    plot.caption = "Contours of " + cells.at("problem") +
                   " (shaded by value rank, blue low) with the " +
                   (points[r].size() == 1 ? std::string("critical point")
                                          : std::to_string(points[r].size()) + " critical points") +
                   " Newton's method found" + (counts.empty() ? std::string() : ": " + counts) +
                   ", classified by the signs of the Hessian's eigenvalues.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace optbench::report
