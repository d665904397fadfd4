// The geometry of a figure: plot areas at a fixed size, legends outside them with each entry
// placed where it fits whole, and the canvas as large as both need.

#include "optbench/report/plot_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optbench::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// In ems, or lines (v_char) where gnuplot measures them so.
constexpr double kPad = 0.6;         // canvas edge to legend
constexpr double kLeft = 7.4;        // y tic labels and the rotated y label
constexpr double kInnerLeft = 1.2;   // a panel whose row's first panel labels the y axis
constexpr double kRight = 2.0;       // the last x tic label runs past the plot area
constexpr double kTitleLines = 2.4;  // the figure's title (18 pt) above the plot
constexpr double kPanelTitleLines = 2.0;
constexpr double kAxisLines = 2.5;  // x tic labels and the x label, in lines...
constexpr double kAxisExtra = 0.5;  // ... and the tics
constexpr double kKeyGap = 0.5;     // between the x label and the legend
constexpr double kKeyBottom = 0.5;  // below the legend's last row
constexpr double kColumnGap = 1.0;
// A panel of small multiples is this share of a lone plot's area, each way.
constexpr double kPanelScale = 0.62;
// Small multiples: at most this many columns, and as many as fit this width (pixels).
constexpr std::size_t kMaxColumns = 4;
constexpr double kMaxCanvasWidth = 2000.0;
// Smallest plot area (pixels): a legend never squeezes a plot below this.
constexpr double kMinPlotWidth = 300.0;
constexpr double kMinPlotHeight = 220.0;

bool has_entry(const Series& s) {
  return !s.label.empty() && (s.key_only || !s.rows.empty());
}

struct Legend {
  std::size_t rows = 0, columns = 0;
  std::vector<double> column_width;  // pixels, sample included
  double width() const {
    double w = 0.0;
    for (const double c : column_width) w += c;
    return w;
  }
};

struct Geometry {
  TextMetrics m;
  double pitch = 0.0;   // legend row height
  double sample = 0.0;  // from the sample's left end to the text
  double gap = 0.0;     // between legend columns
  double entry_width(const std::string& label) const {
    return sample + text_width_em(label) * m.em;
  }
};

Geometry geometry(ImageFormat format) {
  Geometry g;
  g.m = text_metrics(format);
  g.pitch = std::max(g.m.v_char, 1.25 * g.m.em);
  g.sample = (kSampleLength + 1.0) * g.m.h_char + g.m.h_tic + 0.2 * g.m.em;
  g.gap = kColumnGap * g.m.em;
  return g;
}

// Entries filled down the columns (a setting's neighbours stay together), `rows` to a column.
Legend with_rows(const std::vector<double>& widths, std::size_t rows, double gap) {
  Legend out;
  const std::size_t n = widths.size();
  if (n == 0 || rows == 0) return out;
  out.rows = rows;
  out.columns = (n + rows - 1) / rows;
  out.column_width.assign(out.columns, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    out.column_width[k / rows] = std::max(out.column_width[k / rows], widths[k]);
  }
  for (std::size_t c = 0; c + 1 < out.columns; ++c) out.column_width[c] += gap;
  return out;
}

// As many columns as fit across `available` pixels; one column when not even that fits.
Legend fit_legend(const std::vector<double>& widths, double available, double gap) {
  const std::size_t n = widths.size();
  for (std::size_t columns = n; columns > 1; --columns) {
    Legend legend = with_rows(widths, (n + columns - 1) / columns, gap);
    if (legend.width() <= available) return legend;
  }
  return with_rows(widths, n, gap);
}

std::vector<double> entry_widths(const std::vector<Series>& series, const Geometry& g) {
  std::vector<double> out;
  for (const auto& s : series) {
    if (has_entry(s)) out.push_back(g.entry_width(s.label));
  }
  return out;
}

// Text positions of the entries of `series`, the legend's top-left corner at (left, top).
std::vector<std::array<double, 2>> place_entries(const std::vector<Series>& series,
                                                 const Legend& legend, const Geometry& g,
                                                 double left, double top) {
  std::vector<std::array<double, 2>> out;
  std::size_t k = 0;
  for (const auto& s : series) {
    if (!has_entry(s)) {
      out.push_back({kNaN, kNaN});
      continue;
    }
    const std::size_t column = k / legend.rows;
    const std::size_t row = k % legend.rows;
    double x = left + g.sample;
    for (std::size_t c = 0; c < column; ++c) x += legend.column_width[c];
    out.push_back({x, top - (static_cast<double>(row) + 0.5) * g.pitch});
    ++k;
  }
  return out;
}

double axis_block(const Geometry& g) {
  return kAxisLines * g.m.v_char + kAxisExtra * g.m.em;
}

double legend_height(const Legend& legend, const Geometry& g) {
  if (legend.rows == 0) return 0.0;
  return kKeyGap * g.m.em + static_cast<double>(legend.rows) * g.pitch + kKeyBottom * g.m.em;
}

PlotLayout single(const PlotSpec& plot, const std::vector<Series>& series, const Geometry& g) {
  PlotLayout out;
  out.text = g.m;
  const double em = g.m.em;
  const double left = kLeft * em;
  const double right = kRight * em;
  const double top = kTitleLines * g.m.v_char;
  const double axis = axis_block(g);
  double pw = std::max(kMinPlotWidth, plot.width - left - right);
  double ph = std::max(kMinPlotHeight, plot.height - top - axis);
  const std::vector<double> widths = entry_widths(series, g);
  PanelLayout panel;
  if (plot.key == KeyPlace::OutsideRight && !widths.empty()) {
    // Down the plot's height, then another column.
    const auto most = static_cast<std::size_t>(std::max(1.0, std::floor(ph / g.pitch)));
    const std::size_t columns = (widths.size() + most - 1) / most;
    const Legend legend = with_rows(widths, (widths.size() + columns - 1) / columns, g.gap);
    const double canvas_w = left + pw + right + legend.width() + kPad * em;
    out.width = static_cast<int>(std::ceil(canvas_w));
    out.height = static_cast<int>(std::ceil(top + ph + axis));
    panel.plot = {left, out.height - top - ph, left + pw, out.height - top};
    panel.key = place_entries(series, legend, g, left + pw + right, panel.plot.top);
  } else {
    double canvas_w = left + pw + right;
    Legend legend;
    if (plot.key != KeyPlace::None) {
      legend = fit_legend(widths, canvas_w - 2.0 * kPad * em, g.gap);
      const double need = legend.width() + 2.0 * kPad * em;
      if (need > canvas_w) {
        canvas_w = need;
        pw = canvas_w - left - right;
      }
    }
    const double key_h = legend_height(legend, g);
    out.width = static_cast<int>(std::ceil(canvas_w));
    out.height = static_cast<int>(std::ceil(top + ph + axis + key_h));
    panel.plot = {left, out.height - top - ph, left + pw, out.height - top};
    if (plot.key != KeyPlace::None) {
      panel.key =
          place_entries(series, legend, g, kPad * em, panel.plot.bottom - axis - kKeyGap * em);
    }
  }
  if (panel.key.empty()) panel.key.assign(series.size(), {kNaN, kNaN});
  out.panels.push_back(std::move(panel));
  return out;
}

PlotLayout multiple(const PlotSpec& plot, const std::vector<const std::vector<Series>*>& panels,
                    const Geometry& g) {
  PlotLayout out;
  out.text = g.m;
  const double em = g.m.em;
  const std::size_t n = panels.size();
  const double left = kLeft * em;
  const double inner_left = kInnerLeft * em;
  const double right = kRight * em;
  const double top = kTitleLines * g.m.v_char;
  const double panel_top = kPanelTitleLines * g.m.v_char;
  const double axis = axis_block(g);
  double pw =
      std::max(kMinPlotWidth, std::round(kPanelScale * (plot.width - (kLeft + kRight) * em)));
  const double ph =
      std::max(kMinPlotHeight, std::round(kPanelScale * (plot.height - top - axis_block(g))));
  const bool key = plot.key != KeyPlace::None;
  // Every legend fits the narrowest cell (one without y tic labels): cells widen for the
  // longest single entry, and every panel's legend takes the same shape.
  std::vector<std::vector<double>> widths(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (key) widths[k] = entry_widths(*panels[k], g);
    for (const double w : widths[k]) pw = std::max(pw, w + 2.0 * kPad * em - inner_left - right);
  }
  const auto cell_width = [&](std::size_t column) {
    return (column == 0 ? left : inner_left) + pw + right;
  };
  // As many columns as fit kMaxCanvasWidth (a page shows the figure across its width; wider,
  // its text turns too small to read), then rows as even as they go.
  std::size_t columns = 1;
  double across = cell_width(0);
  while (columns < std::min<std::size_t>(n, kMaxColumns) &&
         across + cell_width(columns) <= kMaxCanvasWidth) {
    across += cell_width(columns);
    ++columns;
  }
  const std::size_t rows = (n + columns - 1) / columns;
  columns = (n + rows - 1) / rows;
  std::vector<Legend> legends(n);
  double key_h = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    legends[k] = fit_legend(widths[k], cell_width(1) - 2.0 * kPad * em, g.gap);
    key_h = std::max(key_h, legend_height(legends[k], g));
  }
  const double cell_h = panel_top + ph + axis + key_h;
  double canvas_w = 0.0;
  for (std::size_t c = 0; c < columns; ++c) canvas_w += cell_width(c);
  out.width = static_cast<int>(std::ceil(canvas_w));
  out.height = static_cast<int>(std::ceil(top + static_cast<double>(rows) * cell_h));
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t row = k / columns;
    const std::size_t column = k % columns;
    double cell_left = 0.0;
    for (std::size_t c = 0; c < column; ++c) cell_left += cell_width(c);
    const double cell_top = out.height - top - static_cast<double>(row) * cell_h;
    PanelLayout panel;
    panel.y_tic_labels = column == 0;
    const double plot_left = cell_left + (column == 0 ? left : inner_left);
    panel.plot = {plot_left, cell_top - panel_top - ph, plot_left + pw, cell_top - panel_top};
    if (key) {
      panel.key = place_entries(*panels[k], legends[k], g, cell_left + kPad * em,
                                panel.plot.bottom - axis - kKeyGap * em);
    } else {
      panel.key.assign(panels[k]->size(), {kNaN, kNaN});
    }
    out.panels.push_back(std::move(panel));
  }
  return out;
}

}  // namespace

TextMetrics text_metrics(ImageFormat format) {
  // Measured with gnuplot 5.4 (GPVAL_TERM_HCHAR, VCHAR over the terminal's scale; the sample
  // length from where the key's line ends and its text begins).
  if (format == ImageFormat::Svg) return {17.0, 11.89, 25.5, 12.75};
  return {17.0 * 96.0 / 72.0, 14.0, 26.39, 11.0};
}

double text_width_em(const std::string& text) {
  double width = 0.0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // One code point: its lead byte counts, its continuation bytes do not.
      if ((c & 0xC0) != 0x80) width += 1.0;
      continue;
    }
    switch (c) {
      case 'm':
      case 'w':
      case 'M':
      case 'W':
      case '%':
      case '@':
        width += 1.0;
        break;
      case '=':
      case '+':
      case '<':
      case '>':
      case '#':
      case '~':
      case '^':
        width += 0.84;
        break;
      default:
        width += (c >= 'A' && c <= 'Z') ? 0.84 : 0.64;
    }
  }
  return width;
}

std::vector<const std::vector<Series>*> panel_series(const PlotSpec& plot) {
  std::vector<const std::vector<Series>*> out;
  if (plot.panels.empty()) {
    out.push_back(&plot.series);
  } else {
    for (const auto& p : plot.panels) out.push_back(&p.series);
  }
  return out;
}

PlotLayout layout_plot(const PlotSpec& plot, ImageFormat format) {
  const Geometry g = geometry(format);
  const auto panels = panel_series(plot);
  if (panels.size() == 1) return single(plot, *panels.front(), g);
  return multiple(plot, panels, g);
}

}  // namespace optbench::report
