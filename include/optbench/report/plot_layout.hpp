#pragma once
// Where everything of a figure goes, decided in one place from its series: the plot area of
// each panel at a fixed minimum size, the legend outside it (below, or to the right) with every
// entry placed by hand, and a canvas that grows with the legend instead of the plot shrinking.

#include <array>
#include <string>
#include <vector>

#include "optbench/report/plot_spec.hpp"

namespace optbench::report {

enum class ImageFormat { Png, Svg };

/// The report's font (DejaVu Sans, 17 pt) as one gnuplot terminal lays it out, in pixels.
struct TextMetrics {
  double em = 0.0;      ///< the font size: pngcairo renders at 96 dpi, svg in CSS pixels
  double h_char = 0.0;  ///< gnuplot's character width (the key sample's unit)
  double v_char = 0.0;  ///< gnuplot's line height
  double h_tic = 0.0;   ///< gnuplot's tic length, added to the key sample
};

/// The metrics of gnuplot 5.4's pngcairo or svg terminal for the report's font.
TextMetrics text_metrics(ImageFormat format);

/// Key sample length in characters (gnuplot's samplen).
inline constexpr double kSampleLength = 2.5;

/// An upper estimate of the width of `text` in DejaVu Sans, in ems: 0.64 em a character (the
/// digits' 0.636 em bounds lowercase letters and most signs), 0.84 em for = + < > # ~ ^ and
/// capitals, 1 em for m, w, M, W, % and @ and any character outside ASCII.
double text_width_em(const std::string& text);

/// A rectangle in pixels from the canvas's bottom-left corner.
struct Rect {
  double left = 0.0, bottom = 0.0, right = 0.0, top = 0.0;
};

/// One panel's place on the canvas.
struct PanelLayout {
  Rect plot;                 ///< the plot area, inside the axes
  bool y_tic_labels = true;  ///< false where a panel shares the y axis of its row's first
  /// Per series of the panel (same order): where its legend text starts (gnuplot draws the
  /// sample to its left); NaN where the series has no legend entry.
  std::vector<std::array<double, 2>> key;
};

/// A figure's canvas and panels.
struct PlotLayout {
  int width = 0, height = 0;  ///< canvas, pixels
  TextMetrics text;
  std::vector<PanelLayout> panels;  ///< one, or one per PlotSpec::panels
};

/// The series of each panel of `plot`: its panels, or its series as the only panel.
std::vector<const std::vector<Series>*> panel_series(const PlotSpec& plot);

/// Lays out `plot` for `format`.
PlotLayout layout_plot(const PlotSpec& plot, ImageFormat format);

}  // namespace optbench::report
