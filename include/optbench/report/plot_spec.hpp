#pragma once
// A plot as data, before any plotting program sees it: axes, a shaded contour background and
// series of points. The report's data preparation fills these; gnuplot.hpp turns one into a
// script.

#include <array>
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

/// One series: rows of (x, y, unused) or, for a band, (x, low, high). NaN leaves a gap.
struct Series {
  std::string label;  ///< legend entry; empty: none
  SeriesStyle style = SeriesStyle::Line;
  int colour = 0;  ///< index into the report palette (cycled), or kBlack / kGrey / kWhite
  int dash = 0;    ///< 0 solid, 1.. dashed patterns (cycled)
  double width = 2.0;
  Marker marker = Marker::None;
  double marker_size = 1.0;
  bool key_only = false;  ///< a legend entry without data (explains markers)
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

/// Where the legend goes.
enum class KeyPlace { TopRight, TopLeft, BottomRight, BottomLeft, OutsideRight, Below, None };

/// Everything needed to draw one figure.
struct PlotSpec {
  std::string name;     ///< file stem, unique within the report: NAME.gp, NAME.png
  std::string section;  ///< heading the figure sits under on the page
  std::string title;
  std::string caption;  ///< one line under the figure
  PlotAxis x, y;
  std::optional<ContourGrid> contour;
  std::vector<Series> series;
  KeyPlace key = KeyPlace::TopRight;
  int width = 900, height = 640;  ///< pixels (PNG) or points (SVG)
};

/// The report palette (matplotlib's tab10): distinct colours for optimizers.
const std::vector<std::string>& palette();

/// The dash pattern of the `index`-th setting: solid until the palette's colours repeat, so
/// that no two settings of a plot share both colour and dash.
int dash_after_palette(std::size_t index);

/// "#rrggbb" of a colour index (palette cycled; kBlack, kGrey, kWhite).
std::string colour_hex(int colour);

}  // namespace optbench::report
