#pragma once
// Small multiples: a figure with more series than a reader can tell apart is split into panels,
// one per optimizer (or per value of an axis the user chooses), sharing their axes' ranges; then
// every panel's styles are settled (plot_style.hpp).

#include <cstddef>
#include <string>
#include <vector>

#include "optbench/report/plot_spec.hpp"
#include "optbench/report/result_data.hpp"

namespace optbench::report {

/// Above this many legend entries a figure is split into panels.
inline constexpr std::size_t kMaxSeriesPerPanel = 8;

/// At most this many panels to a figure: an axis with more values does not split it.
inline constexpr std::size_t kMaxPanels = 12;

/// The columns a folder's figures can be split by: runs.csv's identifier columns (those that
/// name a problem instance and an optimizer setting), else timings.csv's optimizer, problem and
/// batch_size.
std::vector<std::string> facet_axes(const std::string& dir);

/// Throws Error (keypath --facet) when `axis` is an axis of none of `dirs` (facet_axes), naming
/// the nearest and listing them.
void check_facet_axis(const std::string& axis, const std::vector<std::string>& dirs);

/// Splits each figure into panels where it holds more than kMaxSeriesPerPanel legend entries
/// (by optimizer, else by the identifier column giving the fewest panels of at most that many) or,
/// with `facet` set, wherever its series take two or more values of that column; panels share
/// the axes' ranges. Then assigns every panel's styles.
void arrange_plots(std::vector<PlotSpec>& plots, const std::string& facet);

}  // namespace optbench::report
