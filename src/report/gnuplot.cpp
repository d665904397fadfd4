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

#include "optbench/report/plot_style.hpp"

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
  const std::string line = "lw " + num(x.width) + " dt " + dash_pattern(x.dash);
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
  const PlotLayout layout = layout_plot(plot, format);
  const auto panels = panel_series(plot);
  const double w = layout.width;
  const double h = layout.height;
  std::ostringstream s;
  s << "# optbench report: " << plot.title << "\n"
    << "# Draws " << image << "; run `gnuplot " << plot.name
    << ".gp` in this folder to draw it again.\n"
    << "reset\n";
  const std::string size = std::to_string(layout.width) + "," + std::to_string(layout.height);
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
    << "set tics out nomirror scale 0.6\n"
    << "set grid back lc rgb '#dcdcdc' lw 1 dt solid\n"
    << "set border " << (plot.contour ? 15 : 3) << " lc rgb '#555555'\n"
    << "set style fill transparent solid 0.16 noborder\n";
  // Every entry carries its own place ('title ... at screen'), so gnuplot's key holds nothing.
  s << (plot.key == KeyPlace::None ? std::string("unset key\n")
                                   : "set key Left reverse samplen " + num(kSampleLength) + "\n");
  axis_settings(s, plot.x, "x");
  axis_settings(s, plot.y, "y");
  if (plot.x.log) s << "set format x '%g'\n";
  if (plot.y.log) s << "set format y '%g'\n";

  // Data, for every panel.
  std::vector<std::string> background;
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
    background.push_back("$grid matrix " + xy + " with image notitle");
    if (!g.levels.empty()) {
      background.push_back("$contours using 1:2 with lines lc rgb '#8f8f8f' lw 0.8 notitle");
    }
  }
  std::vector<std::vector<std::string>> parts(panels.size(), background);
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const std::vector<Series>& series = *panels[p];
    const PanelLayout& place = layout.panels[p];
    for (std::size_t k = 0; k < series.size(); ++k) {
      const Series& x = series[k];
      std::string title = "notitle";
      if (!x.label.empty() && std::isfinite(place.key[k][0])) {
        title = "title " + quoted(x.label) + " at screen " + num(place.key[k][0] / w) + "," +
                num(place.key[k][1] / h);
      }
      if (x.key_only) {
        parts[p].push_back("keyentry " + style_of(x) + " " + title);
        continue;
      }
      if (x.rows.empty()) continue;
      const std::string block = "$p" + std::to_string(p + 1) + "s" + std::to_string(k);
      s << block << " << EOD\n";
      for (const auto& r : x.rows) {
        // A log axis has no place for 0 (the start of a step axis): the row is left out.
        if (plot.x.log && !(r[0] > 0.0)) continue;
        s << num(r[0]) << " " << num(r[1]) << " " << num(r[2]) << "\n";
      }
      s << "EOD\n";
      const std::string using_ = x.style == SeriesStyle::Band ? "using 1:2:3" : "using 1:2";
      parts[p].push_back(block + " " + using_ + " " + style_of(x) + " " + title);
    }
    if (parts[p].empty()) parts[p].push_back("NaN notitle");
  }

  const auto margins = [&](const Rect& r) {
    s << "set lmargin at screen " << num(r.left / w) << "\nset rmargin at screen "
      << num(r.right / w) << "\nset bmargin at screen " << num(r.bottom / h)
      << "\nset tmargin at screen " << num(r.top / h) << "\n";
  };
  const auto plot_command = [&](const std::vector<std::string>& some) {
    s << "plot ";
    for (std::size_t k = 0; k < some.size(); ++k) s << (k ? ", \\\n     " : "") << some[k];
    s << "\n";
  };
  if (plot.panels.empty()) {
    s << "set title " << quoted(plot.title) << " font ',18'\n";
    margins(layout.panels[0].plot);
    plot_command(parts[0]);
  } else {
    s << "set multiplot title " << quoted(plot.title) << " font ',18'\n";
    for (std::size_t p = 0; p < plot.panels.size(); ++p) {
      s << "# panel " << p + 1 << ": " << plot.panels[p].title << "\n"
        << "set title " << quoted(plot.panels[p].title) << " font ',17'\n";
      margins(layout.panels[p].plot);
      if (layout.panels[p].y_tic_labels) {
        s << "set ylabel " << quoted(plot.y.label) << "\nset format y '"
          << (plot.y.log ? "%g" : "% h") << "'\n";
      } else {
        // The row's first panel labels the shared y axis.
        s << "unset ylabel\nset format y ''\n";
      }
      plot_command(parts[p]);
    }
    s << "unset multiplot\n";
  }
  s << "unset output\n";
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
