// Reading the report's gnuplot scripts back, and the checks on what they would draw.
//
// The estimates, in ems of the font (DejaVu Sans at the terminal's size: pngcairo renders at
// 96 dpi, so 17 pt is 22.7 px; svg sizes are CSS pixels, 17 px):
// - a title's width: 0.64 em a character (DejaVu Sans's digits are 0.636 em, wider than every
//   lowercase letter but m and w), 0.84 em for capitals and = + < > # ~ ^ (the widest, M and W
//   aside, is = at 0.838 em), 1 em for m, w, M, W, %, @ and anything outside ASCII;
// - the key sample, drawn left of the text: h_char * (samplen + 1) + h_tic, with gnuplot's
//   h_char at most 0.7 em and h_tic at most 0.75 em (measured: pngcairo 14 px and 11 px at
//   22.7 px; svg 11.9 px and 12.75 px at 17 px);
// - an entry's height: 1.2 em centred on its y (the font's ascent and descent are 1.17 em).

#include "plot_script_check.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>

namespace optbench::testing {

namespace {

// Smallest plot area a legend may leave (pixels).
constexpr double kMinPlotWidth = 280.0;
constexpr double kMinPlotHeight = 200.0;

struct Box {
  double left, bottom, right, top;
  bool overlaps(const Box& o) const {
    // Half a pixel of touching is not an overlap.
    return left < o.right - 0.5 && o.left < right - 0.5 && bottom < o.top - 0.5 &&
           o.bottom < top - 0.5;
  }
  bool inside(double w, double h) const {
    return left >= -0.5 && bottom >= -0.5 && right <= w + 0.5 && top <= h + 0.5;
  }
};

std::string describe(const Box& b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%.0f..%.0f] x [%.0f..%.0f] px", b.left, b.right, b.bottom,
                b.top);
  return buf;
}

// A gnuplot string literal at `at` (single quotes, '' for a quote); advances `at`.
std::string read_quoted(const std::string& s, std::size_t& at) {
  std::string out;
  ++at;  // the opening quote
  while (at < s.size()) {
    if (s[at] == '\'') {
      if (at + 1 < s.size() && s[at + 1] == '\'') {
        out += '\'';
        at += 2;
        continue;
      }
      ++at;
      break;
    }
    out += s[at++];
  }
  return out;
}

std::string word_after(const std::string& part, const std::string& key) {
  const std::size_t at = part.find(" " + key + " ");
  if (at == std::string::npos) return {};
  std::size_t from = at + key.size() + 2;
  std::size_t end = from;
  int depth = 0;
  while (end < part.size() && (depth > 0 || part[end] != ' ')) {
    if (part[end] == '(') ++depth;
    if (part[end] == ')') --depth;
    ++end;
  }
  return part.substr(from, end - from);
}

ScriptEntry read_part(const std::string& part, bool& titled, bool& has_data) {
  ScriptEntry e;
  titled = false;
  has_data = part.rfind("$", 0) == 0 && part.find("with image") == std::string::npos &&
             part.rfind("$contours", 0) != 0 && part.rfind("$grid", 0) != 0;
  const std::size_t t = part.find(" title '");
  if (t == std::string::npos) return e;
  titled = true;
  std::size_t at = t + 7;
  e.title = read_quoted(part, at);
  const std::string rest = part.substr(at);
  static const std::regex place(R"(^\s*at screen ([-0-9.eE+]+),([-0-9.eE+]+))");
  std::smatch m;
  if (std::regex_search(rest, m, place)) {
    e.placed = true;
    e.x = std::stod(m[1].str());
    e.y = std::stod(m[2].str());
  }
  const std::string with = word_after(part, "with");
  const bool line = with == "lines" || with == "steps" || with == "linespoints";
  const bool points = with == "points" || with == "linespoints";
  std::string colour = word_after(part, "rgb");
  if (colour.empty()) colour = word_after(part, "fc");
  e.look = "colour " + colour + (line ? ", dash " + word_after(part, "dt") : std::string()) +
           (points ? ", marker " + word_after(part, "pt") : std::string()) +
           (with == "filledcurves" ? ", filled" : std::string());
  return e;
}

double number_after(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(key);
  return at == std::string::npos ? 0.0 : std::stod(line.substr(at + key.size()));
}

}  // namespace

double estimated_width_em(const std::string& text) {
  double w = 0.0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) w += 1.0;  // a code point's lead byte
    } else if (std::string("mwMW%@").find(ch) != std::string::npos) {
      w += 1.0;
    } else if (std::string("=+<>#~^").find(ch) != std::string::npos || (ch >= 'A' && ch <= 'Z')) {
      w += 0.84;
    } else {
      w += 0.64;
    }
  }
  return w;
}

ScriptFigure parse_script(const std::string& text) {
  ScriptFigure f;
  std::istringstream in(text);
  std::string line;
  ScriptPanel margins;
  static const std::regex terminal(
      R"(set terminal (pngcairo|svg) size (\d+),(\d+).*font '[^,]*,([0-9.]+)')");
  while (std::getline(in, line)) {
    const std::size_t first = line.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    line.erase(0, first);
    std::smatch m;
    if (f.terminal.empty() && std::regex_search(line, m, terminal)) {
      f.terminal = m[1].str();
      f.width = std::stoi(m[2].str());
      f.height = std::stoi(m[3].str());
      f.font = std::stod(m[4].str());
    } else if (line.rfind("set key", 0) == 0 && line.find("samplen") != std::string::npos) {
      f.samplen = number_after(line, "samplen ");
    } else if (line.rfind("set logscale x", 0) == 0) {
      f.log_x = true;
    } else if (line.rfind("set logscale y", 0) == 0) {
      f.log_y = true;
    } else if (line.rfind("set lmargin at screen ", 0) == 0) {
      margins.left = number_after(line, "screen ");
    } else if (line.rfind("set rmargin at screen ", 0) == 0) {
      margins.right = number_after(line, "screen ");
    } else if (line.rfind("set bmargin at screen ", 0) == 0) {
      margins.bottom = number_after(line, "screen ");
    } else if (line.rfind("set tmargin at screen ", 0) == 0) {
      margins.top = number_after(line, "screen ");
    } else if (line.rfind("plot ", 0) == 0) {
      // The command runs on over lines ending in ", \".
      std::string command = line.substr(5);
      while (command.size() >= 3 && command.compare(command.size() - 3, 3, ", \\") == 0 &&
             std::getline(in, line)) {
        command.erase(command.size() - 1);
        command += line.substr(line.find_first_not_of(' '));
      }
      ScriptPanel panel = margins;
      panel.entries.clear();
      panel.drawn = 0;
      // Elements are separated by ", " outside quotes.
      std::vector<std::string> parts;
      std::string current;
      for (std::size_t i = 0; i < command.size(); ++i) {
        if (command[i] == '\'') {
          const std::size_t from = i;
          read_quoted(command, i);
          current += command.substr(from, i - from);
          --i;
          continue;
        }
        if (command[i] == ',' && i + 1 < command.size() && command[i + 1] == ' ' &&
            (i + 2 >= command.size() || command[i + 2] == '$' || command[i + 2] == 'k' ||
             command[i + 2] == 'N')) {
          parts.push_back(current);
          current.clear();
          ++i;
          continue;
        }
        current += command[i];
      }
      if (!current.empty()) parts.push_back(current);
      for (const auto& part : parts) {
        bool titled = false;
        bool has_data = false;
        ScriptEntry e = read_part(part, titled, has_data);
        if (has_data) ++panel.drawn;
        if (titled) panel.entries.push_back(std::move(e));
      }
      f.panels.push_back(std::move(panel));
    }
  }
  return f;
}

std::vector<std::string> layout_faults(const ScriptFigure& f) {
  std::vector<std::string> faults;
  if (f.terminal.empty() || f.width <= 0 || f.height <= 0 || f.font <= 0.0) {
    faults.push_back("no terminal with a size and a font");
    return faults;
  }
  const double em = f.terminal == "pngcairo" ? f.font * 96.0 / 72.0 : f.font;
  const double w = f.width;
  const double h = f.height;
  const double sample = 0.7 * em * (f.samplen + 1.0) + 0.75 * em;
  std::vector<Box> plots;
  for (const auto& p : f.panels)
    plots.push_back({p.left * w, p.bottom * h, p.right * w, p.top * h});
  for (std::size_t k = 0; k < plots.size(); ++k) {
    const Box& b = plots[k];
    if (b.right - b.left < kMinPlotWidth || b.top - b.bottom < kMinPlotHeight) {
      faults.push_back("panel " + std::to_string(k + 1) + ": plot area " + describe(b) +
                       " is smaller than the least a legend may leave");
    }
  }
  std::vector<std::pair<Box, std::string>> placed;
  for (std::size_t k = 0; k < f.panels.size(); ++k) {
    const auto& p = f.panels[k];
    std::set<std::string> looks;
    for (const auto& e : p.entries) {
      const std::string who = "panel " + std::to_string(k + 1) + ": '" + e.title + "'";
      if (!looks.insert(e.look).second) {
        faults.push_back(who + " is drawn like another series of its panel (" + e.look + ")");
      }
      if (!e.placed) {
        faults.push_back(who + " has no place of its own (title without 'at screen')");
        continue;
      }
      const double x = e.x * w;
      const double y = e.y * h;
      const Box box{x - sample, y - 0.6 * em, x + estimated_width_em(e.title) * em, y + 0.6 * em};
      if (!box.inside(w, h)) {
        faults.push_back(who + " at " + describe(box) + " leaves the " + std::to_string(f.width) +
                         "x" + std::to_string(f.height) + " canvas");
      }
      for (std::size_t q = 0; q < plots.size(); ++q) {
        if (box.overlaps(plots[q])) {
          faults.push_back(who + " at " + describe(box) + " lies over the plot area of panel " +
                           std::to_string(q + 1));
        }
      }
      for (const auto& [other, name] : placed) {
        if (box.overlaps(other)) faults.push_back(who + " overlaps " + name);
      }
      placed.emplace_back(box, who);
    }
  }
  return faults;
}

}  // namespace optbench::testing
