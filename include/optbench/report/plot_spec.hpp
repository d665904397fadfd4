#pragma once
// A plot as data, before any plotting program sees it: axes, a shaded contour background and
// series of points, possibly split into panels. The report's data preparation fills these;
// plot_style.hpp and facets.hpp settle styles and panels, gnuplot.hpp turns one into a script.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optbench::report {

/// Marker shapes (filled and open).
enum class Marker {
  None,
  Circle,
  FilledCircle,
  Square,
  FilledSquare,
  TriangleUp,
  TriangleDown,
  Diamond,
  Cross
};

/// How a series is drawn.
enum class SeriesStyle {
  Line,        ///< x, y joined by straight lines
  Steps,       ///< x, y as a step function (ECDFs, profiles)
  Points,      ///< markers only
  LinePoints,  ///< lines and markers
  Band,        ///< the area between y_low and y_high: rows hold x, low, high
};

/// Colour indices beyond the palette.
inline constexpr int kBlack = -1;
inline constexpr int kGrey = -2;
inline constexpr int kWhite = -3;

/// The dash of reference lines (2/lr, zero): dotted, never given to a series of data.
inline constexpr int kDotted = -1;

/// One series: rows of (x, y, unused) or, for a band, (x, low, high). NaN leaves a gap.
struct Series {
  std::string label;  ///< legend entry; empty: none
  SeriesStyle style = SeriesStyle::Line;
  /// What the producer means by colour and dash: series that share a value share the colour
  /// (dash). assign_styles turns them into palette and dash indices unique within a panel.
  int colour = 0;  ///< a key for the report palette, or kBlack / kGrey / kWhite
  int dash = 0;    ///< a key for the dash patterns (0 solid), or kDotted
  double width = 2.0;
  Marker marker = Marker::None;
  double marker_size = 1.0;
  bool key_only = false;  ///< a legend entry without data (explains markers)
  /// The runs.csv identifier cells (column -> value) shared by every run this series draws;
  /// faceting puts it into the panel of its value. Empty: drawn in every panel.
  std::map<std::string, std::string> cells;
  std::vector<std::array<double, 3>> rows;
};

/// A function sampled on a regular grid, drawn as a shaded background with contour lines.
/// `shade` is the rank of f among the grid's values (0 lowest, 1 highest), so any range of f
/// gives evenly spread contours; NaN where f is not finite.
struct ContourGrid {
  double x_min = 0.0, x_max = 1.0, y_min = 0.0, y_max = 1.0;
  int nx = 0, ny = 0;
  std::vector<double> shade;   ///< row-major: shade[j * nx + i] at (x_i, y_j)
  std::vector<double> levels;  ///< shade values of the contour lines
};

struct PlotAxis {
  std::string label;
  bool log = false;
  int log_base = 10;
  std::optional<double> min, max;
};

/// Where the legend goes: always outside the plot area, the canvas growing to hold it.
enum class KeyPlace { Below, OutsideRight, None };

/// One panel of a figure split into small multiples.
struct Panel {
  std::string title;  ///< "optimizer=adam"
  std::vector<Series> series;
};

/// Everything needed to draw one figure.
struct PlotSpec {
  std::string name;     ///< file stem, unique within the report: NAME.gp, NAME.png
  std::string section;  ///< heading the figure sits under on the page
  std::string title;
  std::string caption;  ///< one line under the figure
  PlotAxis x, y;
  std::optional<ContourGrid> contour;
  std::vector<Series> series;  ///< the producers' series; empty once split into panels
  std::vector<Panel> panels;   ///< small multiples sharing the axes' ranges; empty: one plot
  KeyPlace key = KeyPlace::Below;
  /// The canvas without its legend, in pixels (PNG) or points (SVG): the plot area is this
  /// less the title and axes, and the legend adds to it.
  int width = 900, height = 640;
};

}  // namespace optbench::report
