#include "optbench/run/record_check.hpp"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string_view>

#include "optbench/io/csv.hpp"
#include "optbench/io/record_file.hpp"

namespace optbench {

namespace {

constexpr std::size_t kNoRun = static_cast<std::size_t>(-1);

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

struct Found {
  RecordBlock block;
  TableDigest digest;
  std::string record;  // the runs file keeps the row itself
};

// Every run's block of one file; runs whose rows are split over two places are listed in `split`.
struct FileRecords {
  std::map<std::size_t, Found> runs;
  std::set<std::size_t> split;
  std::size_t unnumbered = 0;  // records whose first cell is not a run id
  std::string header_problem;
};

FileRecords scan(const std::string& path, bool with_header, const std::vector<std::string>* header,
                 bool keep_record, bool timed_last_column) {
  FileRecords out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  RecordReader reader(path);
  std::string record;
  if (with_header) {
    if (!reader.next(record)) {
      out.header_problem = file_name(path) + ": the file is empty (no header)";
      return out;
    }
    if (header != nullptr && split_csv_line(record) != *header) {
      out.header_problem = file_name(path) + ": its header differs from this kind's columns";
      return out;
    }
  }
  std::size_t current = kNoRun;
  while (reader.next(record)) {
    if (record.empty()) continue;
    const std::size_t id = record_run_id(record);
    if (id == kNoRun) {
      ++out.unnumbered;
      current = kNoRun;
      continue;
    }
    if (id == current) {
      Found& f = out.runs[id];
      f.block.end = reader.record_end();
      add_record(f.digest, checked_part(record, timed_last_column));
      continue;
    }
    current = id;
    const auto [it, inserted] = out.runs.try_emplace(id);
    if (!inserted) {
      out.split.insert(id);
      continue;
    }
    it->second.block = {id, reader.record_begin(), reader.record_end()};
    add_record(it->second.digest, checked_part(record, timed_last_column));
    if (keep_record) it->second.record = record;
  }
  return out;
}

}  // namespace

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

std::vector<std::string> integrity_columns(const std::string& table_file) {
  std::string stem = table_file;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0)
    stem.resize(stem.size() - 4);
  return {stem + "_rows", stem + "_checksum"};
}

std::string rows_cell(const TableDigest& d) {
  return std::to_string(d.rows);
}

std::string checksum_cell(const TableDigest& d) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(d.crc));
  return hex;
}

CheckedRecords check_records(const RecordExpectation& expected) {
  CheckedRecords out;
  const std::size_t tables = expected.files.size();
  out.blocks.resize(tables);
  std::vector<FileRecords> files;
  files.reserve(tables);
  for (std::size_t t = 0; t < tables; ++t) {
    const std::vector<std::string>* header =
        t < expected.headers.size() ? &expected.headers[t] : nullptr;
    const bool timed = t < expected.timed_last_column.size() && expected.timed_last_column[t];
    files.push_back(scan(expected.files[t], expected.with_header, header, t == 0, timed));
    const FileRecords& f = files.back();
    const std::string name = file_name(expected.files[t]);
    if (!f.header_problem.empty()) out.problems.push_back(f.header_problem);
    if (f.unnumbered > 0) {
      out.problems.push_back(name + ": " + std::to_string(f.unnumbered) +
                             " row(s) without a run id dropped");
    }
  }
  if (tables == 0) return out;
  const std::size_t integrity_begin =
      expected.runs_columns >= 2 * (tables - 1) ? expected.runs_columns - 2 * (tables - 1) : 0;
  const std::string runs_name = file_name(expected.files[0]);

  for (const auto& [id, found] : files[0].runs) {
    auto drop = [&, id = id](const std::string& why) {
      out.problems.push_back(runs_name + ": run " + std::to_string(id) + ": " + why);
    };
    if (files[0].split.count(id) != 0) {
      drop("appears more than once; it runs again");
      continue;
    }
    const auto ids = expected.expected_ids(id);
    if (!ids) {
      drop("is not a run of this plan (or of this shard); dropped");
      continue;
    }
    const std::vector<std::string> cells = split_csv_line(found.record);
    if (cells.size() != expected.runs_columns) {
      drop("malformed row (" + std::to_string(cells.size()) + " cells, " +
           std::to_string(expected.runs_columns) + " expected); it runs again");
      continue;
    }
    std::string mismatch;
    for (std::size_t i = 0; i < ids->size() && mismatch.empty(); ++i) {
      if (cells[i] != (*ids)[i]) {
        const std::string column = i < expected.headers.size() && !expected.headers.empty() &&
                                           i < expected.headers[0].size()
                                       ? expected.headers[0][i]
                                       : "cell " + std::to_string(i + 1);
        mismatch = "its " + column + " is '" + cells[i] + "' where the plan has '" + (*ids)[i] +
                   "'; it runs again";
      }
    }
    if (!mismatch.empty()) {
      drop(mismatch);
      continue;
    }
    for (std::size_t t = 1; t < tables && mismatch.empty(); ++t) {
      const std::string name = file_name(expected.files[t]);
      if (files[t].split.count(id) != 0) {
        mismatch = "its " + name + " rows are split or duplicated; it runs again";
        break;
      }
      const auto it = files[t].runs.find(id);
      const TableDigest have = it == files[t].runs.end() ? TableDigest{} : it->second.digest;
      const std::string& rows = cells[integrity_begin + 2 * (t - 1)];
      const std::string& checksum = cells[integrity_begin + 2 * (t - 1) + 1];
      if (rows != rows_cell(have)) {
        mismatch = "it recorded " + rows + " " + name + " rows, " + rows_cell(have) +
                   " are there; it runs again";
      } else if (checksum != checksum_cell(have)) {
        mismatch = "its " + name + " rows differ from what it recorded (checksum " +
                   checksum_cell(have) + ", recorded " + checksum + "); it runs again";
      }
    }
    if (!mismatch.empty()) {
      drop(mismatch);
      continue;
    }
    out.runs.insert(id);
  }
  for (std::size_t t = 0; t < tables; ++t) {
    for (const auto& [id, found] : files[t].runs) {
      if (out.runs.count(id) != 0) out.blocks[t].push_back(found.block);
    }
  }
  return out;
}

}  // namespace optbench
