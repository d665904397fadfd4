#pragma once
// The report's gnuplot scripts read back as text, and the faults a reader would see in the image:
// a legend entry off the canvas, over a plot area or over another entry, two series of a panel
// drawn alike, a plot area squeezed small. Independent of the code that wrote the script: it
// reads the terminal, the margins and each entry's place from the script alone.

#include <string>
#include <vector>

namespace optbench::testing {

/// One `plot` element with a title.
struct ScriptEntry {
  std::string title;
  bool placed = false;      ///< has `at screen X,Y`
  double x = 0.0, y = 0.0;  ///< screen fractions
  std::string look;         ///< colour, dash where a line is drawn, marker where one is
};

/// One `plot` command: a panel.
struct ScriptPanel {
  double left = 0.0, right = 1.0, bottom = 0.0, top = 1.0;  ///< screen fractions
  std::vector<ScriptEntry> entries;
  std::size_t drawn = 0;  ///< elements with data (datablocks), titled or not
};

struct ScriptFigure {
  std::string terminal;  ///< pngcairo or svg
  int width = 0, height = 0;
  double font = 0.0;     ///< points
  double samplen = 4.0;  ///< gnuplot's default sample length
  bool log_x = false, log_y = false;
  std::vector<ScriptPanel> panels;
};

/// Reads a script written by `optbench report`.
ScriptFigure parse_script(const std::string& text);

/// What is wrong with the figure, one line each; empty when nothing is.
std::vector<std::string> layout_faults(const ScriptFigure& figure);

/// Estimated width of `text` in ems (see plot_script_check.cpp).
double estimated_width_em(const std::string& text);

}  // namespace optbench::testing
