// report.html: the page's text. Static: inline CSS, images by relative path, no scripts.

#include "optbench/report/html_page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "optbench/report/plot_data.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench::report {

namespace {

constexpr const char* kStyle = R"(
:root { --fg: #1d2329; --muted: #5d6873; --line: #dde2e7; --soft: #f5f7f9; --accent: #1a5fb4; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 26px 30px 70px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h1 span { color: var(--muted); font-weight: normal; }
h2 { font-size: 20px; margin: 38px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15.5px; margin: 22px 0 8px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.facts { color: var(--muted); font-size: 13.5px; margin: 0 0 4px; }
.facts b { color: var(--fg); font-weight: 600; }
nav { margin: 16px 0 0; padding: 9px 14px; background: var(--soft); border: 1px solid var(--line);
  border-radius: 6px; font-size: 14px; }
nav a { margin-right: 18px; white-space: nowrap; }
.notice { margin: 18px 0 0; padding: 10px 14px; background: #fff7e0; border: 1px solid #ecd08a;
  border-radius: 6px; font-size: 14px; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13.5px; margin: 0 0 6px; }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; vertical-align: baseline; }
th { background: var(--soft); font-weight: 600; border-top: 1px solid var(--line); }
th.l, td.l { text-align: left; }
tr.best td { background: #edf7ed; }
tr.tied td { background: #f5fbf5; }
td .q { display: block; color: var(--muted); font-size: 11.5px; line-height: 1.3; }
td.none { color: #b0b7be; }
.class-local_minimum { color: #1b7a2f; }
.class-saddle_point { color: #b35900; }
.class-local_maximum { color: #b3261e; }
.note { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 26px 28px; }
figure { margin: 0; }
figure.wide { grid-column: 1 / -1; }
figure img { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { font-size: 13.5px; color: var(--muted); margin-top: 7px; line-height: 1.45; }
figcaption b { color: var(--fg); }
.missing { display: flex; align-items: center; justify-content: center; aspect-ratio: 3 / 2;
  background: var(--soft); border: 1px dashed #c3cad1; border-radius: 4px; color: var(--muted);
  font-size: 13.5px; padding: 12px; text-align: center; }
details { margin: 6px 0; }
summary { cursor: pointer; font-size: 14px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
  font: 13px/1.5 "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-x: auto; margin: 0; }
footer { margin-top: 44px; color: var(--muted); font-size: 12.5px; }
)";

std::string e(const std::string& text) {
  return html_escape(text);
}

bool has(const CsvTable& t, const std::string& c) {
  return std::find(t.header.begin(), t.header.end(), c) != t.header.end();
}

std::string at(const RunTable& t, std::size_t r, const std::string& c) {
  return t.text(r, c);
}

std::string at(const CsvTable& t, std::size_t r, const std::string& c) {
  const auto it = std::find(t.header.begin(), t.header.end(), c);
  return it == t.header.end() ? std::string()
                              : t.rows[r][static_cast<std::size_t>(it - t.header.begin())];
}

// A number as a table shows it: 6 significant digits, integers whole.
std::string shown(const std::string& cell) {
  const double v = number_or_nan(cell);
  if (std::isnan(v)) return cell;
  char buf[40];
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e9) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string percent(const std::string& cell) {
  const double v = number_or_nan(cell);
  if (std::isnan(v)) return cell;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * v);
  return buf;
}

std::string td(const std::string& text, const std::string& cls = "") {
  if (text.empty()) return "<td class=\"none\">&ndash;</td>";
  return "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">" + text + "</td>";
}

std::string anchor(const std::string& section) {
  std::string out;
  for (const char c : section) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  return out;
}

struct MetricColumn {
  const char* name;
  const char* heading;
};

constexpr MetricColumn kMetricColumns[] = {
    {"steps_to_target", "steps to target"},
    {"escape_step", "escape step"},
    {"escape_alignment", "escape alignment"},
    {"final_test_accuracy", "test accuracy"},
    {"best_test_accuracy", "best test accuracy"},
    {"epochs_to_target", "epochs to target"},
    {"final_test_loss", "test loss"},
    {"final_loss", "final loss"},
    {"ns_per_step", "ns per step"},
};

std::string interval(const std::string& low, const std::string& high,
                     std::string (*format)(const std::string&)) {
  if (low.empty() || high.empty()) return "";
  return "<span class=\"q\">[" + e(format(low)) + ", " + e(format(high)) + "]</span>";
}

bool any_cell(const CsvTable& s, const std::string& column) {
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    if (!at(s, r, column).empty()) return true;
  }
  return false;
}

// summary.csv: one table per problem (as the kind's rule names problems), rows by rank; every
// median with its bootstrap interval, the success rate with its Wilson interval, the ERT with
// its bootstrap interval; the best row and its statistical ties highlighted.
std::string summary_tables(const CsvTable& s, const std::optional<RankingRule>& rule, int level) {
  std::string h;
  if (!has(s, "n") || !has(s, "rank")) return h;
  // Identifier columns are those before n; the problem's are those the rule names.
  const std::size_t n_at =
      static_cast<std::size_t>(std::find(s.header.begin(), s.header.end(), "n") - s.header.begin());
  const std::size_t optimizer_at = static_cast<std::size_t>(
      std::find(s.header.begin(), s.header.end(), "optimizer") - s.header.begin());
  std::vector<std::size_t> problem_columns;
  for (std::size_t c = 0; c < n_at; ++c) {
    if (s.header[c] == "setting") continue;
    const bool names =
        rule && rule->names_problem ? rule->names_problem(s.header[c]) : c < optimizer_at;
    if (names) problem_columns.push_back(c);
  }
  // The old files without a setting column: labels as the report's run groups make them.
  CsvTable ids;
  ids.header.assign(s.header.begin(), s.header.begin() + static_cast<std::ptrdiff_t>(n_at));
  for (const auto& row : s.rows)
    ids.rows.emplace_back(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(n_at));
  const RunGroups g = group_runs(ids);
  auto setting_of = [&](std::size_t r) {
    if (has(s, "setting")) return at(s, r, "setting");
    return g.setting[r] == RunGroups::npos ? at(s, r, "problem") : g.setting_labels[g.setting[r]];
  };

  std::vector<std::vector<std::string>> problems;
  std::map<std::vector<std::string>, std::vector<std::size_t>> rows_of;
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    std::vector<std::string> key;
    key.reserve(problem_columns.size());
    for (const std::size_t c : problem_columns) key.push_back(s.rows[r][c]);
    if (rows_of.count(key) == 0) problems.push_back(key);
    rows_of[key].push_back(r);
  }
  std::vector<bool> varies(problem_columns.size(), false);
  for (std::size_t i = 0; i < problem_columns.size(); ++i) {
    std::set<std::string> values;
    for (const auto& key : problems) values.insert(key[i]);
    varies[i] = values.size() > 1 || s.header[problem_columns[i]] == "problem";
  }

  const bool any_success = any_cell(s, "success_rate");
  const bool any_escape = any_cell(s, "escape_rate");
  const bool any_ert = any_cell(s, "ert");
  std::vector<const MetricColumn*> metrics;
  for (const auto& m : kMetricColumns) {
    if (any_cell(s, std::string(m.name) + "_median")) metrics.push_back(&m);
  }
  for (const auto& key : problems) {
    std::vector<std::size_t> rows = rows_of[key];
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      return number_or_nan(at(s, a, "rank")) < number_or_nan(at(s, b, "rank"));
    });
    if (problems.size() > 1) {
      std::string label;
      for (std::size_t i = 0; i < key.size(); ++i) {
        if (!varies[i]) continue;
        const std::string& column = s.header[problem_columns[i]];
        label +=
            (label.empty() ? "" : " ") + (column == "problem" ? key[i] : column + "=" + key[i]);
      }
      h += "<h3>" + e(label) + "</h3>\n";
    }
    h += "<div class=\"wrap\"><table>\n<tr><th>rank</th><th class=\"l\">setting</th><th>runs</th>";
    if (any_success) h += "<th>success</th>";
    if (any_escape) h += "<th>escaped</th>";
    if (any_ert) h += "<th>ERT</th>";
    for (const auto* m : metrics) h += std::string("<th>") + m->heading + "</th>";
    h += "</tr>\n";
    for (const std::size_t r : rows) {
      const std::string rank = at(s, r, "rank");
      const bool tied = at(s, r, "tied_with_best") == "true";
      h += rank != "1" ? "<tr>" : (tied ? "<tr class=\"tied\">" : "<tr class=\"best\">");
      h += td(e(rank + (rank == "1" ? (tied ? "=" : "") : "")));
      h += td(e(setting_of(r)), "l");
      std::string runs = e(at(s, r, "n"));
      const std::string diverged = at(s, r, "n_diverged");
      if (!diverged.empty() && diverged != "0")
        runs += "<span class=\"q\">" + e(diverged) + " diverged</span>";
      h += td(runs);
      if (any_success) {
        const std::string rate = at(s, r, "success_rate");
        h += td(rate.empty()
                    ? ""
                    : e(percent(rate)) + interval(at(s, r, "success_rate_ci_low"),
                                                  at(s, r, "success_rate_ci_high"), percent));
      }
      if (any_escape) h += td(e(percent(at(s, r, "escape_rate"))));
      if (any_ert) {
        const std::string ert = at(s, r, "ert");
        h += td(ert.empty() ? ""
                            : e(shown(ert)) +
                                  interval(at(s, r, "ert_ci_low"), at(s, r, "ert_ci_high"), shown));
      }
      for (const auto* m : metrics) {
        const std::string base = m->name;
        const std::string median = at(s, r, base + "_median");
        h += td(median.empty() ? ""
                               : e(shown(median)) + interval(at(s, r, base + "_ci_low"),
                                                             at(s, r, base + "_ci_high"), shown));
      }
      h += "</tr>\n";
    }
    h += "</table></div>\n";
  }
  // The footnote says what this page's columns are and the rule its kind ranks by.
  std::string note = "Medians over seeds with their " + std::to_string(level) +
                     "% percentile-bootstrap intervals (seeds resampled) below them";
  if (any_success) {
    note += "; success: share of runs that reached the target";
    note += any_ert ? " (without a target: that escaped the saddle)" : "";
    note += ", with its Wilson interval";
  }
  if (any_ert) {
    note +=
        "; ERT: expected running time, the steps of all runs (a failed run charged the whole "
        "budget) per success, with a bootstrap interval over runs";
  }
  note += ". ";
  if (rule) note += "Rank within each problem: " + rule->statement + ". ";
  note +=
      "A setting whose success interval lies wholly below another's never ranks above it. Rank 1 "
      "and green: the best; 1= and light green: settings the paired Wilcoxon signed-rank test "
      "(Holm-adjusted across the problem's settings) cannot tell from the best and whose success "
      "interval holds the best's rate. Quartiles are in summary.csv, the paired tests in "
      "comparisons.csv.";
  h += "<p class=\"note\">" + e(note) + "</p>\n";
  return h;
}

// Critical-points sweeps: counts per run, and each run's points.
std::string critical_point_tables(const ResultData& d) {
  std::string h;
  const RunTable& runs = d.runs;
  const RunGroups& g = d.groups;
  h += "<div class=\"wrap\"><table>\n<tr><th class=\"l\">problem</th><th>points</th><th>minima</th>"
       "<th>saddles</th><th>maxima</th><th>inconclusive</th><th>ms</th></tr>\n";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    h += "<tr>" + td(e(g.instance_labels[g.instance[r]]), "l") + td(e(at(runs, r, "n_points"))) +
         td(e(at(runs, r, "n_minima"))) + td(e(at(runs, r, "n_saddles"))) +
         td(e(at(runs, r, "n_maxima"))) + td(e(at(runs, r, "n_inconclusive"))) +
         td(e(shown(at(runs, r, "wall_ms")))) + "</tr>\n";
  }
  h += "</table></div>\n";
  if (!d.critical_points) return h;
  const CsvTable& cp = *d.critical_points;
  std::vector<std::string> functions;
  for (std::size_t r = 0; r < cp.rows.size(); ++r) {
    const std::string f = at(cp, r, "function");
    if (std::find(functions.begin(), functions.end(), f) == functions.end()) functions.push_back(f);
  }
  for (const auto& f : functions) {
    std::size_t n = 0;
    for (std::size_t r = 0; r < cp.rows.size(); ++r) n += at(cp, r, "function") == f ? 1 : 0;
    h += "<details><summary>" + e(f) + ": " + std::to_string(n) + (n == 1 ? " point" : " points") +
         "</summary>\n";
    h += "<div class=\"wrap\"><table>\n<tr><th class=\"l\">point</th><th>f</th><th>gradient "
         "norm</th>"
         "<th class=\"l\">Hessian eigenvalues</th><th class=\"l\">class</th></tr>\n";
    for (std::size_t r = 0; r < cp.rows.size(); ++r) {
      if (at(cp, r, "function") != f) continue;
      const auto list = [](const std::string& text) {
        // `[a b]`, or `a b` in a critical_points.csv written before lists were bracketed.
        const bool bracketed = text.size() >= 2 && text.front() == '[' && text.back() == ']';
        const std::string cell = bracketed ? text.substr(1, text.size() - 2) : text;
        std::string out;
        std::size_t start = 0;
        while (start < cell.size()) {
          std::size_t end = cell.find(' ', start);
          if (end == std::string::npos) end = cell.size();
          if (!out.empty()) out += ", ";
          out += shown(cell.substr(start, end - start));
          start = end + 1;
        }
        return out;
      };
      const std::string cls = at(cp, r, "class");
      h += "<tr>" + td("(" + e(list(at(cp, r, "point"))) + ")", "l") +
           td(e(shown(at(cp, r, "f")))) + td(e(shown(at(cp, r, "grad_norm")))) +
           td(e(list(at(cp, r, "eigenvalues"))), "l") + td(e(cls), "l class-" + e(cls)) + "</tr>\n";
    }
    h += "</table></div></details>\n";
  }
  h += "<p class=\"note\">Kind critical_points ranks nothing: each row is one seeded search of a "
       "problem's box, its points classified by the signs of the Hessian's eigenvalues.</p>\n";
  return h;
}

// timings.csv rows as measured (no aggregates).
std::string timing_table(const CsvTable& t) {
  std::string h = "<div class=\"wrap\"><table>\n<tr>";
  std::vector<std::string> columns;
  for (const char* c : {"problem", "optimizer", "dim", "batch_size", "real_ns_per_step"}) {
    if (has(t, c)) columns.emplace_back(c);
  }
  for (const auto& c : columns) {
    const std::string heading = c == "real_ns_per_step" ? "ns per step"
                                : c == "batch_size"     ? "batch size"
                                                        : c;
    h += "<th" + std::string(c == "problem" || c == "optimizer" ? " class=\"l\"" : "") + ">" +
         e(heading) + "</th>";
  }
  h += "</tr>\n";
  std::size_t shown_rows = 0;
  for (std::size_t r = 0; r < t.rows.size() && shown_rows < 60; ++r) {
    const std::string aggregate = at(t, r, "aggregate");
    if (!aggregate.empty() && aggregate != "median") continue;
    h += "<tr>";
    for (const auto& c : columns) {
      h += td(e(shown(at(t, r, c))), c == "problem" || c == "optimizer" ? "l" : "");
    }
    h += "</tr>\n";
    ++shown_rows;
  }
  h += "</table></div>\n";
  h += "<p class=\"note\">Kind timing ranks nothing: ns per step as Google Benchmark measured "
       "it (the median row where there are repetitions); no test says two timings differ.</p>\n";
  return h;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_page(const ResultData& d, const std::vector<Figure>& figures,
                      const std::vector<std::string>& notices) {
  const std::string name = d.manifest && !d.manifest->name.empty()
                               ? d.manifest->name
                               : std::filesystem::path(d.dir).filename().string();
  std::vector<std::string> sections;
  for (const auto& f : figures) {
    if (std::find(sections.begin(), sections.end(), f.section) == sections.end())
      sections.push_back(f.section);
  }
  const bool summary = (d.summary && !d.summary->rows.empty()) ||
                       (d.sections.critical_point_tables && !d.runs.empty()) ||
                       (d.timings && d.runs.empty());

  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>optbench report: " +
      e(name) + "</title>\n<style>" + kStyle +
      "</style>\n"
      "</head>\n<body>\n<main>\n";
  h += "<header>\n<h1>" + e(name) + " <span>&middot; optbench report</span></h1>\n";
  h += "<p class=\"facts\"><b>" + e(d.kind) + "</b> experiment";
  if (!d.runs.empty()) h += " &middot; <b>" + std::to_string(d.runs.size()) + "</b> runs";
  if (d.manifest) {
    const Manifest& m = *d.manifest;
    if (m.complete) {
      h += " &middot; finished " + e(m.finished.empty() ? m.started : m.finished);
    } else {
      h += " &middot; <b>incomplete</b> (started " + e(m.started) + ")";
    }
    if (m.shard_count > 1)
      h += " &middot; shard " + std::to_string(m.shard_index) + "/" + std::to_string(m.shard_count);
    h += "</p>\n<p class=\"facts\">optbench " + e(m.version) + " (" + e(m.git_revision) +
         ") &middot; " + e(m.compiler) + " &middot; " + e(m.flags) + " &middot; " + e(m.cpu) +
         " &middot; config " + e(m.config_hash);
  }
  h += "</p>\n<p class=\"facts\">Files:";
  for (const char* f : {"runs.csv", "summary.csv", "trace.csv", "critical_points.csv",
                        "timings.csv", "manifest.json"}) {
    if (std::filesystem::exists(std::filesystem::path(d.dir) / f))
      h += std::string(" <a href=\"") + f + "\">" + f + "</a>";
  }
  h += "</p>\n";
  h += "<nav>";
  if (summary) h += "<a href=\"#summary\">Summary</a>";
  for (const auto& s : sections) h += "<a href=\"#" + anchor(s) + "\">" + e(s) + "</a>";
  h += "<a href=\"#config\">Config</a></nav>\n";
  for (const auto& n : notices) h += "<div class=\"notice\">" + e(n) + "</div>\n";
  h += "</header>\n";

  if (summary) {
    const auto config = result_config(d.dir);
    const int level = static_cast<int>(std::lround(100.0 * (config ? config->confidence : 0.95)));
    h += "<section id=\"summary\">\n<h2>Summary</h2>\n";
    if (d.summary && !d.summary->rows.empty())
      h += summary_tables(*d.summary, d.rule, level);
    else if (d.sections.critical_point_tables)
      h += critical_point_tables(d);
    else if (d.timings)
      h += timing_table(*d.timings);
    h += "</section>\n";
  }
  for (const auto& s : sections) {
    h += "<section id=\"" + anchor(s) + "\">\n<h2>" + e(s) + "</h2>\n<div class=\"figures\">\n";
    for (const auto& f : figures) {
      if (f.section != s) continue;
      h += f.wide ? "<figure class=\"wide\">\n" : "<figure>\n";
      if (!f.image.empty()) {
        h += "<a href=\"" + e(f.image) + "\"><img src=\"" + e(f.image) + "\" alt=\"" + e(f.title) +
             "\" loading=\"lazy\"></a>\n";
      } else {
        h += "<div class=\"missing\">not drawn; gnuplot script: <a href=\"" + e(f.script) +
             "\">&nbsp;" + e(f.script) + "</a></div>\n";
      }
      h += "<figcaption><b>" + e(f.title) + ".</b> " + e(f.caption) + "</figcaption>\n</figure>\n";
    }
    h += "</div>\n</section>\n";
  }
  h += "<section id=\"config\">\n<h2>Config</h2>\n";
  if (d.manifest && !d.manifest->config_text.empty()) {
    if (!d.manifest->config_file.empty())
      h += "<p class=\"note\">" + e(d.manifest->config_file) + "</p>\n";
    h += "<pre>" + e(d.manifest->config_text) + "</pre>\n";
  } else {
    h += "<p class=\"note\">No manifest.json with the config in this folder.</p>\n";
  }
  h +=
      "</section>\n<footer>Written by <code>optbench report</code>. The plots are drawn by gnuplot "
      "from the scripts in plots/ (data inline); run <code>gnuplot NAME.gp</code> there to redraw "
      "one.</footer>\n</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace optbench::report
