// gnuplot scripts from PlotSpecs (data inline as datablocks, so a script redraws its figure on
// its own) and gnuplot run as a child process.

#include "optbench/report/gnuplot.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace optbench::report {

namespace {

// A gnuplot string literal: single quotes, a quote doubled.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'')
      out += "''";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out + "'";
}

std::string num(double v) {
  if (std::isnan(v) || std::isinf(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string range(const PlotAxis& a) {
  const auto end = [&](const std::optional<double>& v) {
    if (!v || !std::isfinite(*v) || (a.log && *v <= 0.0)) return std::string("*");
    return num(*v);
  };
  return "[" + end(a.min) + ":" + end(a.max) + "]";
}

int point_type(Marker m) {
  switch (m) {
    case Marker::None:
      return 0;
    case Marker::Cross:
      return 2;
    case Marker::Square:
      return 4;
    case Marker::FilledSquare:
      return 5;
    case Marker::Circle:
      return 6;
    case Marker::FilledCircle:
      return 7;
    case Marker::TriangleUp:
      return 9;
    case Marker::TriangleDown:
      return 11;
    case Marker::Diamond:
      return 13;
  }
  return 7;
}

std::string dash_type(int dash) {
  switch (dash % 6) {
    case 0:
      return "dt solid";
    case 1:
      return "dt (9,5)";
    case 2:
      return "dt (2,4)";
    case 3:
      return "dt (12,4,2,4)";
    case 4:
      return "dt (4,4)";
    default:
      return "dt (12,4,2,4,2,4)";
  }
}

std::string key_setting(KeyPlace k) {
  switch (k) {
    case KeyPlace::TopRight:
      return "set key inside top right opaque box lc rgb '#cccccc'";
    case KeyPlace::TopLeft:
      return "set key inside top left Left reverse opaque box lc rgb '#cccccc'";
    case KeyPlace::BottomRight:
      return "set key inside bottom right opaque box lc rgb '#cccccc'";
    case KeyPlace::BottomLeft:
      return "set key inside bottom left Left reverse opaque box lc rgb '#cccccc'";
    case KeyPlace::OutsideRight:
      return "set key outside right top vertical Left reverse spacing 1.3 width 1";
    case KeyPlace::Below:
      return "set key below vertical Left reverse samplen 2.5 height 1";
    case KeyPlace::None:
      return "unset key";
  }
  return "unset key";
}

void axis_settings(std::ostringstream& s, const PlotAxis& a, const char* name) {
  s << "set " << name << "label " << quoted(a.label) << "\n";
  if (a.log) s << "set logscale " << name << " " << a.log_base << "\n";
  s << "set " << name << "range " << range(a) << "\n";
}

// The drawing style of a series in a plot command (without data and title).
std::string style_of(const Series& x) {
  const std::string colour = "lc rgb '" + colour_hex(x.colour) + "'";
  const std::string marker =
      "pt " + std::to_string(point_type(x.marker)) + " ps " + num(x.marker_size);
  const std::string line = "lw " + num(x.width) + " " + dash_type(x.dash);
  switch (x.style) {
    case SeriesStyle::Line:
      return "with lines " + line + " " + colour;
    case SeriesStyle::Steps:
      return "with steps " + line + " " + colour;
    case SeriesStyle::Points:
      return "with points " + marker + " " + colour;
    case SeriesStyle::LinePoints:
      return "with linespoints " + line + " " + marker + " " + colour;
    case SeriesStyle::Band:
      return "with filledcurves fc rgb '" + colour_hex(x.colour) +
             "' fs transparent solid 0.16 noborder";
  }
  return "with lines";
}

}  // namespace

const char* extension(ImageFormat format) {
  return format == ImageFormat::Svg ? "svg" : "png";
}

std::string gnuplot_script(const PlotSpec& plot, ImageFormat format, const std::string& image) {
  std::ostringstream s;
  s << "# optbench report: " << plot.title << "\n"
    << "# Draws " << image << "; run `gnuplot " << plot.name
    << ".gp` in this folder to draw it again.\n"
    << "reset\n";
  const std::string size = std::to_string(plot.width) + "," + std::to_string(plot.height);
  if (format == ImageFormat::Svg) {
    s << "set terminal svg size " << size
      << " noenhanced font 'DejaVu Sans,17' linewidth 1.3 background '#ffffff'\n";
  } else {
    s << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
      << "  set terminal pngcairo size " << size
      << " noenhanced font 'DejaVu Sans,17' linewidth 1.3 background '#ffffff'\n"
      << "} else {\n"
      << "  set terminal png size " << size << " noenhanced\n"
      << "}\n";
  }
  s << "set output " << quoted(image) << "\n"
    << "set encoding utf8\n"
    << "set title " << quoted(plot.title) << " font ',18'\n"
    << "set tics out nomirror scale 0.6\n"
    << "set grid back lc rgb '#dcdcdc' lw 1 dt solid\n"
    << "set border " << (plot.contour ? 15 : 3) << " lc rgb '#555555'\n"
    << "set style fill transparent solid 0.16 noborder\n"
    << "set lmargin 12\n"
    << key_setting(plot.key);
  if (plot.key == KeyPlace::Below) {
    // gnuplot overestimates text widths and would stack the key in one tall column: fill
    // columns top to bottom with a row limit that fits the labels across the width.
    std::size_t entries = 0;
    std::size_t longest = 0;
    for (const auto& x : plot.series) {
      if (x.label.empty() || (x.rows.empty() && !x.key_only)) continue;
      ++entries;
      longest = std::max(longest, x.label.size());
    }
    const std::size_t across = static_cast<std::size_t>(plot.width) / 11;  // characters
    const std::size_t columns = std::clamp<std::size_t>(across / (longest + 8), 1, 4);
    s << " maxrows " << std::max<std::size_t>(1, (entries + columns - 1) / columns);
  }
  s << "\n";
  axis_settings(s, plot.x, "x");
  axis_settings(s, plot.y, "y");
  if (plot.x.log) s << "set format x '%g'\n";
  if (plot.y.log) s << "set format y '%g'\n";

  // Data.
  std::vector<std::string> parts;
  if (plot.contour && plot.contour->nx > 1 && plot.contour->ny > 1) {
    const ContourGrid& g = *plot.contour;
    s << "$grid << EOD\n";
    for (int j = 0; j < g.ny; ++j) {
      for (int i = 0; i < g.nx; ++i) {
        const double v = g.shade[static_cast<std::size_t>(j) * static_cast<std::size_t>(g.nx) +
                                 static_cast<std::size_t>(i)];
        char buf[16];
        if (std::isnan(v))
          std::snprintf(buf, sizeof buf, "NaN");
        else
          std::snprintf(buf, sizeof buf, "%.4f", v);
        s << (i ? " " : "") << buf;
      }
      s << "\n";
    }
    s << "EOD\n";
    const std::string xy = "using (" + num(g.x_min) + "+$1*" +
                           num((g.x_max - g.x_min) / (g.nx - 1)) + "):(" + num(g.y_min) + "+$2*" +
                           num((g.y_max - g.y_min) / (g.ny - 1)) + "):3";
    if (!g.levels.empty()) {
      s << "set contour base\nset cntrparam linear\nset cntrparam levels discrete ";
      for (std::size_t k = 0; k < g.levels.size(); ++k) s << (k ? "," : "") << num(g.levels[k]);
      s << "\nunset surface\nset table $contours\n"
        << "splot $grid matrix " << xy << " with lines notitle\n"
        << "unset table\nunset contour\nset surface\n";
    }
    s << "set palette defined (0 '#b9d3ec', 0.45 '#f4f6f8', 1 '#f6cfae')\n"
      << "set cbrange [0:1]\nunset colorbox\n";
    parts.push_back("$grid matrix " + xy + " with image notitle");
    if (!g.levels.empty()) {
      parts.push_back("$contours using 1:2 with lines lc rgb '#8f8f8f' lw 0.8 notitle");
    }
  }
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& x = plot.series[k];
    const std::string title = x.label.empty() ? "notitle" : "title " + quoted(x.label);
    if (x.key_only) {
      parts.push_back("keyentry " + style_of(x) + " " + title);
      continue;
    }
    if (x.rows.empty()) continue;
    const std::string block = "$s" + std::to_string(k);
    s << block << " << EOD\n";
    for (const auto& r : x.rows) s << num(r[0]) << " " << num(r[1]) << " " << num(r[2]) << "\n";
    s << "EOD\n";
    const std::string using_ = x.style == SeriesStyle::Band ? "using 1:2:3" : "using 1:2";
    parts.push_back(block + " " + using_ + " " + style_of(x) + " " + title);
  }
  if (parts.empty()) parts.push_back("NaN notitle");
  s << "plot ";
  for (std::size_t k = 0; k < parts.size(); ++k) s << (k ? ", \\\n     " : "") << parts[k];
  s << "\nunset output\n";
  return s.str();
}

std::optional<std::string> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest(path);
  while (true) {
    const std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + program;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

GnuplotResult run_gnuplot(const std::string& gnuplot, const std::string& dir,
                          const std::string& script) {
  GnuplotResult result;
  std::error_code ec;
  const std::string log = (std::filesystem::absolute(dir, ec) / ("." + script + ".log")).string();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.output = "cannot start gnuplot: fork failed";
    return result;
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execl(gnuplot.c_str(), "gnuplot", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) break;
  }
  {
    std::ifstream in(log, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    result.output = text.str();
  }
  std::filesystem::remove(log, ec);
  result.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && result.output.empty()) {
    result.output = "could not execute " + gnuplot;
  }
  return result;
}

}  // namespace optbench::report
