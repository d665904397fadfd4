#include "optbench/run/record_check.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "optbench/io/csv.hpp"
#include "optbench/io/record_file.hpp"

namespace optbench {

namespace {

constexpr std::size_t kNoRun = static_cast<std::size_t>(-1);
constexpr std::uint32_t kVerified = 0;

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Where a file's runs are, in file order until sorted: a block and the digest of its rows per
// run, in two arrays so that the digests can go once verified. Rows are never kept.
struct FileIndex {
  std::vector<RecordBlock> blocks;
  std::vector<TableDigest> digests;     // other tables only
  std::vector<std::uint32_t> verdicts;  // runs table only: kVerified or 1 + index in `failures`
  std::vector<std::string> failures;    // runs table only
  std::vector<std::size_t> repeated;    // ids whose rows are in more than one place
  std::size_t unnumbered = 0;           // records whose first cell is not a run id
  std::string header_problem;
};

bool read_header(RecordReader& reader, const std::string& path,
                 const std::vector<std::string>* header, FileIndex& out) {
  std::string record;
  if (!reader.next(record)) {
    out.header_problem = file_name(path) + ": the file is empty (no header)";
    return false;
  }
  if (header != nullptr && split_csv_line(record) != *header) {
    out.header_problem = file_name(path) + ": its header differs from this kind's columns";
    return false;
  }
  return true;
}

// Sorts the blocks by run id and keeps one block per id, listing the ids found in more than
// one place (all of their blocks are dropped, so the order among equal ids does not matter).
// The part files are in run_id order but for runs that finished out of turn: the permutation is
// applied in place, cycle by cycle, so sorting costs 8 bytes a run and no copies of the arrays.
void sort_index(FileIndex& f) {
  const auto less = [&f](std::size_t a, std::size_t b) {
    return f.blocks[a].run_id < f.blocks[b].run_id;
  };
  const bool sorted = std::is_sorted(
      f.blocks.begin(), f.blocks.end(),
      [](const RecordBlock& a, const RecordBlock& b) { return a.run_id < b.run_id; });
  if (!sorted) {
    std::vector<std::size_t> order(f.blocks.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), less);
    // Position j takes the element at order[j].
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i] == i) continue;
      const RecordBlock block = f.blocks[i];
      const TableDigest digest = f.digests.empty() ? TableDigest{} : f.digests[i];
      const std::uint32_t verdict = f.verdicts.empty() ? 0 : f.verdicts[i];
      std::size_t j = i;
      for (;;) {
        const std::size_t k = order[j];
        order[j] = j;
        if (k == i) {
          f.blocks[j] = block;
          if (!f.digests.empty()) f.digests[j] = digest;
          if (!f.verdicts.empty()) f.verdicts[j] = verdict;
          break;
        }
        f.blocks[j] = f.blocks[k];
        if (!f.digests.empty()) f.digests[j] = f.digests[k];
        if (!f.verdicts.empty()) f.verdicts[j] = f.verdicts[k];
        j = k;
      }
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < f.blocks.size(); ++i) {
    if (kept > 0 && f.blocks[kept - 1].run_id == f.blocks[i].run_id) {
      if (f.repeated.empty() || f.repeated.back() != f.blocks[i].run_id)
        f.repeated.push_back(f.blocks[i].run_id);
      continue;
    }
    f.blocks[kept] = f.blocks[i];
    if (!f.digests.empty()) f.digests[kept] = f.digests[i];
    if (!f.verdicts.empty()) f.verdicts[kept] = f.verdicts[i];
    ++kept;
  }
  f.blocks.resize(kept);
  if (!f.digests.empty()) f.digests.resize(kept);
  if (!f.verdicts.empty()) f.verdicts.resize(kept);
}

// A table other than runs: each run's block and digest.
FileIndex scan_table(const std::string& path, bool with_header,
                     const std::vector<std::string>* header, bool timed_last_column) {
  FileIndex out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  RecordReader reader(path);
  if (with_header && !read_header(reader, path, header, out)) return out;
  std::string record;
  std::size_t current = kNoRun;
  while (reader.next(record)) {
    if (record.empty()) continue;
    const std::size_t id = record_run_id(record);
    if (id == kNoRun) {
      ++out.unnumbered;
      current = kNoRun;
      continue;
    }
    if (id != current) {
      out.blocks.push_back({id, reader.record_begin(), reader.record_end()});
      out.digests.emplace_back();
      current = id;
    }
    out.blocks.back().end = reader.record_end();
    add_record(out.digests.back(), checked_part(record, timed_last_column));
  }
  sort_index(out);
  return out;
}

// The block and digest of run `id` in a sorted index, or null.
const TableDigest* digest_of(const FileIndex& f, std::size_t id, std::size_t& at) {
  const auto it =
      std::lower_bound(f.blocks.begin(), f.blocks.end(), id,
                       [](const RecordBlock& b, std::size_t value) { return b.run_id < value; });
  at = static_cast<std::size_t>(it - f.blocks.begin());
  return it != f.blocks.end() && it->run_id == id ? &f.digests[at] : nullptr;
}

bool is_repeated(const FileIndex& f, std::size_t id) {
  return std::binary_search(f.repeated.begin(), f.repeated.end(), id);
}

// Why a runs row does not vouch for its run (empty: it does), checked as the row is read.
std::string judge_row(const RecordExpectation& expected, const std::vector<FileIndex>& files,
                      std::size_t id, const std::string& record, std::size_t integrity_begin) {
  const auto ids = expected.expected_ids(id);
  if (!ids) return "is not a run of this plan (or of this shard); dropped";
  const std::vector<std::string> cells = split_csv_line(record);
  if (cells.size() != expected.runs_columns) {
    return "malformed row (" + std::to_string(cells.size()) + " cells, " +
           std::to_string(expected.runs_columns) + " expected); it runs again";
  }
  for (std::size_t i = 0; i < ids->size(); ++i) {
    if (cells[i] != (*ids)[i]) {
      const std::string column = !expected.headers.empty() && i < expected.headers[0].size()
                                     ? expected.headers[0][i]
                                     : "cell " + std::to_string(i + 1);
      return "its " + column + " is '" + cells[i] + "' where the plan has '" + (*ids)[i] +
             "'; it runs again";
    }
  }
  for (std::size_t t = 1; t < files.size(); ++t) {
    const std::string name = file_name(expected.files[t]);
    if (is_repeated(files[t], id))
      return "its " + name + " rows are split or duplicated; it runs again";
    std::size_t at = 0;
    const TableDigest* found = digest_of(files[t], id, at);
    const TableDigest have = found == nullptr ? TableDigest{} : *found;
    const std::string& rows = cells[integrity_begin + 2 * (t - 1)];
    const std::string& checksum = cells[integrity_begin + 2 * (t - 1) + 1];
    if (rows != rows_cell(have)) {
      return "it recorded " + rows + " " + name + " rows, " + rows_cell(have) +
             " are there; it runs again";
    }
    if (checksum != checksum_cell(have)) {
      return "its " + name + " rows differ from what it recorded (checksum " + checksum_cell(have) +
             ", recorded " + checksum + "); it runs again";
    }
  }
  return {};
}

// The runs table, each row judged as it is read against the other tables' sorted indexes.
FileIndex scan_runs(const RecordExpectation& expected, const std::vector<FileIndex>& files,
                    std::size_t integrity_begin) {
  FileIndex out;
  const std::string& path = expected.files[0];
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  RecordReader reader(path);
  const std::vector<std::string>* header =
      expected.headers.empty() ? nullptr : &expected.headers[0];
  if (expected.with_header && !read_header(reader, path, header, out)) return out;
  std::string record;
  while (reader.next(record)) {
    if (record.empty()) continue;
    const std::size_t id = record_run_id(record);
    if (id == kNoRun) {
      ++out.unnumbered;
      continue;
    }
    out.blocks.push_back({id, reader.record_begin(), reader.record_end()});
    std::string why = judge_row(expected, files, id, record, integrity_begin);
    if (why.empty()) {
      out.verdicts.push_back(kVerified);
    } else {
      out.failures.push_back(std::move(why));
      out.verdicts.push_back(static_cast<std::uint32_t>(out.failures.size()));
    }
  }
  sort_index(out);
  return out;
}

}  // namespace

std::size_t RunIds::count(std::size_t id) const {
  return std::binary_search(ids_.begin(), ids_.end(), id) ? 1 : 0;
}

std::string_view checked_part(std::string_view record, bool timed_last_column) {
  if (!timed_last_column) return record;
  const std::size_t comma = record.rfind(',');
  return comma == std::string_view::npos ? record : record.substr(0, comma);
}

void add_record(TableDigest& digest, std::string_view record) {
  ++digest.rows;
  uLong crc = digest.crc;
  // zlib takes lengths as uInt: feed long records in pieces.
  while (!record.empty()) {
    const std::size_t piece = std::min<std::size_t>(record.size(), 1U << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(record.data()), static_cast<uInt>(piece));
    record.remove_prefix(piece);
  }
  const Bytef newline = '\n';
  crc = crc32(crc, &newline, 1);
  digest.crc = static_cast<std::uint32_t>(crc);
}

std::vector<Column> integrity_columns(const std::string& table_file) {
  std::string stem = table_file;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0)
    stem.resize(stem.size() - 4);
  return {{stem + "_rows", ColumnType::Integer}, {stem + "_checksum", ColumnType::Integer}};
}

std::string rows_cell(const TableDigest& d) {
  return std::to_string(d.rows);
}

// Decimal, not hex: 8 hex digits read as a number in pandas and R whenever they happen to be
// all digits (or digits, `e`, digits), so the column's type would depend on the values.
std::string checksum_cell(const TableDigest& d) {
  return std::to_string(d.crc);
}

CheckedRecords check_records(const RecordExpectation& expected) {
  CheckedRecords out;
  const std::size_t tables = expected.files.size();
  out.blocks.resize(tables);
  if (tables == 0) return out;
  const auto note_file_problems = [&](const FileIndex& f, std::size_t t) {
    if (!f.header_problem.empty()) out.problems.push_back(f.header_problem);
    if (f.unnumbered > 0) {
      out.problems.push_back(file_name(expected.files[t]) + ": " + std::to_string(f.unnumbered) +
                             " row(s) without a run id dropped");
    }
  };
  // The other tables first, so that each runs row is judged as it is read and then forgotten.
  std::vector<FileIndex> files(tables);
  for (std::size_t t = 1; t < tables; ++t) {
    const std::vector<std::string>* header =
        t < expected.headers.size() ? &expected.headers[t] : nullptr;
    const bool timed = t < expected.timed_last_column.size() && expected.timed_last_column[t];
    files[t] = scan_table(expected.files[t], expected.with_header, header, timed);
  }
  const std::size_t integrity_begin =
      expected.runs_columns >= 2 * (tables - 1) ? expected.runs_columns - 2 * (tables - 1) : 0;
  files[0] = scan_runs(expected, files, integrity_begin);
  for (std::size_t t = 0; t < tables; ++t) note_file_problems(files[t], t);

  const std::string runs_name = file_name(expected.files[0]);
  FileIndex& runs = files[0];
  std::size_t kept = 0;
  for (std::size_t i = 0; i < runs.blocks.size(); ++i) {
    const std::size_t id = runs.blocks[i].run_id;
    std::string why;
    if (is_repeated(runs, id)) {
      why = "appears more than once; it runs again";
    } else if (runs.verdicts[i] != kVerified) {
      why = runs.failures[runs.verdicts[i] - 1];
    }
    if (!why.empty()) {
      out.problems.push_back(runs_name + ": run " + std::to_string(id) + ": " + why);
      continue;
    }
    out.runs.push_back(id);
    runs.blocks[kept++] = runs.blocks[i];
  }
  runs.blocks.resize(kept);
  out.blocks[0] = std::move(runs.blocks);
  runs = FileIndex{};
  // Each other table keeps the blocks of the verified runs, in run_id order.
  for (std::size_t t = 1; t < tables; ++t) {
    FileIndex& f = files[t];
    f.digests = {};
    std::size_t k = 0;
    for (std::size_t i = 0; i < f.blocks.size(); ++i) {
      if (out.runs.count(f.blocks[i].run_id) != 0) f.blocks[k++] = f.blocks[i];
    }
    f.blocks.resize(k);
    out.blocks[t] = std::move(f.blocks);
    f = FileIndex{};
  }
  return out;
}

}  // namespace optbench
