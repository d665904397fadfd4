#pragma once
// Colours, dash patterns and markers of the report's series: one function turns what the
// producers mean (series sharing a colour key belong together) into styles that no two
// legend entries of a panel share.

#include <string>
#include <vector>

#include "optbench/report/plot_spec.hpp"

namespace optbench::report {

/// The report palette (matplotlib's tab10).
const std::vector<std::string>& palette();

/// "#rrggbb" of a colour index (palette cycled; kBlack, kGrey, kWhite).
std::string colour_hex(int colour);

/// gnuplot's dashtype of a dash index: "solid" for 0, a distinct pattern for every index above
/// (as many as asked for), dotted for kDotted.
std::string dash_pattern(int dash);

/// Settles the styles of one panel's series: colour keys become palette colours in order of
/// first appearance among the legend entries, dash keys dash patterns (0 stays solid); where
/// the entries share one colour key and differ in dash, the dash keys take the colours; where
/// there are more colour keys than palette colours, each round of the palette takes a fresh
/// set of dashes (markers, for series drawn as points). A series without a legend entry takes
/// the colour of the entries with its colour key. Afterwards no two legend entries share
/// colour, dash and marker.
void assign_styles(std::vector<Series>& series);

}  // namespace optbench::report
