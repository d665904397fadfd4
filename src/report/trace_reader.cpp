#include "optbench/report/trace_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>

#include "optbench/io/csv.hpp"
#include "optbench/io/record_file.hpp"
#include "optbench/report/result_data.hpp"

namespace optbench::report {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The runs.csv rows of each run id wanted by a pass: a dense table where the ids are unique and
// few more than the rows (as optbench numbers them), else sorted (id, row) pairs.
class RowsOfId {
 public:
  RowsOfId(const std::vector<std::size_t>& run_id_of_row,
           const std::vector<std::size_t>& group_of_row) {
    std::size_t most = 0;
    std::size_t wanted = 0;
    for (std::size_t r = 0; r < run_id_of_row.size(); ++r) {
      if (group_of_row[r] == kNone) continue;
      most = std::max(most, run_id_of_row[r]);
      ++wanted;
    }
    dense_ = wanted > 0 && most < 4 * wanted + 1024 &&
             run_id_of_row.size() < std::numeric_limits<std::uint32_t>::max();
    if (dense_) {
      row_.assign(most + 1, kFree);
      for (std::size_t r = 0; r < run_id_of_row.size() && dense_; ++r) {
        if (group_of_row[r] == kNone) continue;
        std::uint32_t& slot = row_[run_id_of_row[r]];
        if (slot != kFree) dense_ = false;  // a repeated run id: pairs hold them all
        slot = static_cast<std::uint32_t>(r);
      }
    }
    if (!dense_) {
      row_ = std::vector<std::uint32_t>();
      for (std::size_t r = 0; r < run_id_of_row.size(); ++r) {
        if (group_of_row[r] != kNone) pairs_.emplace_back(run_id_of_row[r], r);
      }
      std::sort(pairs_.begin(), pairs_.end());
    }
  }

  // Calls f(row) for each runs.csv row of this run id.
  template <typename F>
  void each(std::size_t id, F&& f) const {
    if (dense_) {
      if (id < row_.size() && row_[id] != kFree) f(static_cast<std::size_t>(row_[id]));
      return;
    }
    auto it = std::lower_bound(pairs_.begin(), pairs_.end(), std::make_pair(id, std::size_t{0}));
    for (; it != pairs_.end() && it->first == id; ++it) f(it->second);
  }

 private:
  static constexpr std::uint32_t kFree = std::numeric_limits<std::uint32_t>::max();
  bool dense_ = false;
  std::vector<std::uint32_t> row_;
  std::vector<std::pair<std::size_t, std::size_t>> pairs_;
};

}  // namespace

std::optional<std::size_t> Trace::column(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) return std::nullopt;
  return static_cast<std::size_t>(it - columns.begin());
}

bool Trace::has_values(const std::string& name) const {
  const auto c = column(name);
  return c && valued[*c];
}

Trace scan_trace(const std::string& path) {
  Trace trace;
  trace.path = path;
  RecordReader reader(path);
  std::string record;
  if (!reader.next(record)) return trace;
  const std::vector<std::string> header = split_csv_line(record);
  trace.keyed = !header.empty() && header[0] == "run_id";
  const std::size_t first = trace.keyed ? 1 : 0;
  trace.columns.assign(header.begin() + static_cast<std::ptrdiff_t>(first), header.end());
  trace.valued.assign(trace.columns.size(), false);
  std::size_t unvalued = trace.columns.size();
  std::size_t last = 0;
  while (reader.next(record)) {
    const std::vector<std::string> cells = split_csv_line(record);
    if (cells.size() != header.size()) continue;  // a torn or foreign line: not plotted
    const std::size_t id = trace.keyed ? record_run_id(cells[0]) : 0;
    if (id == kNone) continue;  // not a run id: not plotted
    if (id < last) trace.ordered = false;
    last = id;
    for (std::size_t c = 0; unvalued > 0 && c < trace.columns.size(); ++c) {
      if (trace.valued[c] || std::isnan(number_or_nan(cells[first + c]))) continue;
      trace.valued[c] = true;
      --unvalued;
    }
  }
  return trace;
}

void for_each_trace_row(const Trace& trace, const std::vector<std::size_t>& wanted,
                        const std::function<void(std::size_t, const std::vector<double>&)>& visit) {
  if (trace.path.empty() || trace.columns.empty()) return;
  RecordReader reader(trace.path);
  std::string record;
  if (!reader.next(record)) return;  // the header
  const std::size_t first = trace.keyed ? 1 : 0;
  const std::size_t width = trace.columns.size() + first;
  std::vector<double> values(wanted.size());
  while (reader.next(record)) {
    const std::vector<std::string> cells = split_csv_line(record);
    if (cells.size() != width) continue;
    const std::size_t id = trace.keyed ? record_run_id(cells[0]) : 0;
    if (id == kNone) continue;
    for (std::size_t k = 0; k < wanted.size(); ++k)
      values[k] = number_or_nan(cells[first + wanted[k]]);
    visit(id, values);
  }
}

void for_each_group(const Trace& trace, const std::vector<std::size_t>& run_id_of_row,
                    const std::vector<std::size_t>& group_of_row, std::size_t x, std::size_t y,
                    bool keep_inf,
                    const std::function<void(std::size_t, std::vector<Curve>&)>& reduce) {
  // Each wanted row's place among its group's rows, the group's size and last run id.
  std::size_t groups = 0;
  for (const std::size_t g : group_of_row) {
    if (g != kNone) groups = std::max(groups, g + 1);
  }
  std::vector<std::uint32_t> place(group_of_row.size(), 0);
  std::vector<std::size_t> size(groups, 0);
  std::vector<std::size_t> last_id(groups, 0);
  for (std::size_t r = 0; r < group_of_row.size(); ++r) {
    const std::size_t g = group_of_row[r];
    if (g == kNone) continue;
    place[r] = static_cast<std::uint32_t>(size[g]++);
    last_id[g] = std::max(last_id[g], run_id_of_row[r]);
  }
  std::vector<std::size_t> by_last(groups);
  std::iota(by_last.begin(), by_last.end(), std::size_t{0});
  std::stable_sort(by_last.begin(), by_last.end(),
                   [&](std::size_t a, std::size_t b) { return last_id[a] < last_id[b]; });
  std::vector<std::vector<Curve>> open(groups);
  std::vector<bool> closed(groups, false);
  const auto close = [&](std::size_t g) {
    if (closed[g]) return;
    closed[g] = true;
    open[g].resize(size[g]);
    reduce(g, open[g]);
    open[g] = std::vector<Curve>();
  };
  std::size_t next_close = 0;
  if (!trace.path.empty() && x < trace.columns.size() && y < trace.columns.size()) {
    const RowsOfId rows(run_id_of_row, group_of_row);
    for_each_trace_row(trace, {x, y}, [&](std::size_t id, const std::vector<double>& v) {
      if (trace.ordered) {
        while (next_close < groups && last_id[by_last[next_close]] < id)
          close(by_last[next_close++]);
      }
      if (!std::isfinite(v[0]) || std::isnan(v[1]) || (!keep_inf && std::isinf(v[1]))) return;
      rows.each(id, [&](std::size_t r) {
        const std::size_t g = group_of_row[r];
        if (closed[g]) return;
        if (open[g].empty()) open[g].resize(size[g]);
        open[g][place[r]].push_back({v[0], v[1]});
      });
    });
  }
  for (std::size_t g = 0; g < groups; ++g) close(g);
}

std::map<std::size_t, std::vector<std::vector<double>>> trace_rows_of(
    const Trace& trace, const std::vector<std::size_t>& run_ids,
    const std::vector<std::size_t>& wanted) {
  std::map<std::size_t, std::vector<std::vector<double>>> out;
  std::vector<std::size_t> sorted = run_ids;
  std::sort(sorted.begin(), sorted.end());
  for_each_trace_row(trace, wanted, [&](std::size_t id, const std::vector<double>& v) {
    if (std::binary_search(sorted.begin(), sorted.end(), id)) out[id].push_back(v);
  });
  return out;
}

}  // namespace optbench::report
