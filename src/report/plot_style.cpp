// Styles of the report's series: the palette, dash patterns for any number of series, and the
// one assignment every plot goes through.

#include "optbench/report/plot_style.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace optbench::report {

namespace {

// Hand-picked patterns that stay apart at a glance; more are generated after them.
constexpr std::array<const char*, 8> kPatterns{
    "(9,5)",  "(14,4,3,4)", "(4,4)",     "(14,4,3,4,3,4)",
    "(24,6)", "(24,5,8,5)", "(6,3,6,9)", "(14,4,3,4,3,4,3,4)",
};

// Markers a series drawn as points moves through when its colour and marker are taken.
constexpr std::array<Marker, 8> kMarkers{
    Marker::FilledCircle, Marker::FilledSquare, Marker::TriangleUp, Marker::TriangleDown,
    Marker::Diamond,      Marker::Circle,       Marker::Square,     Marker::Cross};

bool entry(const Series& s) {
  return !s.label.empty() && s.style != SeriesStyle::Band;
}

bool draws_line(const Series& s) {
  return s.style == SeriesStyle::Line || s.style == SeriesStyle::Steps ||
         s.style == SeriesStyle::LinePoints;
}

bool draws_marker(const Series& s) {
  return s.style == SeriesStyle::Points || s.style == SeriesStyle::LinePoints;
}

// What a reader tells series apart by: colour, dash where a line is drawn, marker where one is.
std::tuple<int, int, int> look(const Series& s) {
  return {s.colour, draws_line(s) ? s.dash : -100,
          draws_marker(s) ? static_cast<int>(s.marker) : -100};
}

Marker next_marker(Marker m, std::size_t steps) {
  const auto at = std::find(kMarkers.begin(), kMarkers.end(), m);
  const std::size_t from =
      at == kMarkers.end() ? 0 : static_cast<std::size_t>(at - kMarkers.begin());
  return kMarkers[(from + steps) % kMarkers.size()];
}

}  // namespace

const std::vector<std::string>& palette() {
  static const std::vector<std::string> colours{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                "#bcbd22", "#17becf"};
  return colours;
}

std::string colour_hex(int colour) {
  if (colour == kBlack) return "#000000";
  if (colour == kGrey) return "#8a8a8a";
  if (colour == kWhite) return "#ffffff";
  const auto& p = palette();
  return p[static_cast<std::size_t>(std::max(colour, 0)) % p.size()];
}

std::string dash_pattern(int dash) {
  if (dash == kDotted) return "(2,4)";
  if (dash <= 0) return "solid";
  const auto k = static_cast<std::size_t>(dash - 1);
  if (k < kPatterns.size()) return kPatterns[k];
  // A dash of three lengths followed by four dots or more: unlike every pattern above.
  const std::size_t extra = k - kPatterns.size();
  std::string out = "(" + std::to_string(8 + 6 * (extra % 3)) + ",4";
  for (std::size_t d = 0; d < 4 + extra / 3; ++d) out += ",3,4";
  return out + ")";
}

void assign_styles(std::vector<Series>& series) {
  // Where every entry shares one colour key (a panel holding one optimizer setting), colour
  // would say nothing: the dash keys (model variants) take the colours instead, and a reference
  // line of that one setting turns black.
  std::set<int> entry_colours;
  std::set<int> entry_dashes;
  for (const auto& s : series) {
    if (!entry(s)) continue;
    if (s.colour >= 0) entry_colours.insert(s.colour);
    if (s.dash >= 0) entry_dashes.insert(s.dash);
  }
  if (entry_colours.size() == 1 && entry_dashes.size() > 1) {
    for (auto& s : series) {
      if (s.colour < 0) continue;
      if (s.dash >= 0) {
        s.colour = s.dash;
        s.dash = 0;
      } else {
        s.colour = kBlack;
      }
    }
  }
  // Colour keys in order of first appearance: legend entries first, so they get the palette's
  // first colours; dash keys in their own order, so key 0 stays solid.
  std::map<int, int> colour_rank;
  for (const bool entries : {true, false}) {
    for (const auto& s : series) {
      if (s.colour < 0 || entry(s) != entries || colour_rank.count(s.colour) != 0) continue;
      const int rank = static_cast<int>(colour_rank.size());
      colour_rank[s.colour] = rank;
    }
  }
  std::set<int> dash_keys;
  for (const auto& s : series) {
    if (s.dash >= 0) dash_keys.insert(s.dash);
  }
  std::map<int, int> dash_rank;
  for (const int key : dash_keys) {
    const int rank = static_cast<int>(dash_rank.size());
    dash_rank[key] = rank;
  }
  const int colours = static_cast<int>(palette().size());
  const int dashes = std::max<int>(1, static_cast<int>(dash_rank.size()));
  for (auto& s : series) {
    int round = 0;
    if (s.colour >= 0) {
      const int rank = colour_rank.at(s.colour);
      round = rank / colours;
      s.colour = rank % colours;
    }
    if (s.dash >= 0) s.dash = round * dashes + dash_rank.at(s.dash);
    if (round > 0 && s.style == SeriesStyle::Points) {
      s.marker = next_marker(s.marker, static_cast<std::size_t>(round));
    }
  }
  // Whatever the producer asked for, two legend entries never look alike.
  std::set<std::tuple<int, int, int>> taken;
  for (auto& s : series) {
    if (!entry(s)) continue;
    if (draws_line(s)) {
      while (taken.count(look(s)) != 0) s.dash = std::max(s.dash, 0) + 1;
    } else {
      for (std::size_t tries = 0; taken.count(look(s)) != 0 && tries < 200; ++tries) {
        s.marker = next_marker(s.marker, 1);
        if (tries % kMarkers.size() == kMarkers.size() - 1 && s.colour >= 0)
          s.colour = (s.colour + 1) % colours;
      }
    }
    taken.insert(look(s));
  }
}

}  // namespace optbench::report
