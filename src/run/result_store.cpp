#include "optbench/run/result_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/record_file.hpp"

namespace optbench {

namespace fs = std::filesystem;

namespace {

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot append to " + path + ": " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

// Appends a spill file to the part file and removes it.
void append_file(int fd, const std::string& from, const std::string& path) {
  std::FILE* in = std::fopen(from.c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
  std::string chunk(std::size_t{1} << 20, '\0');
  std::size_t got = 0;
  while ((got = std::fread(chunk.data(), 1, chunk.size(), in)) > 0)
    write_all(fd, chunk.data(), got, path);
  std::fclose(in);
  fs::remove(from);
}

}  // namespace

void sort_by_run_id(std::vector<std::string>& records) {
  std::stable_sort(records.begin(), records.end(), [](const std::string& a, const std::string& b) {
    return record_run_id(a) < record_run_id(b);
  });
}

ResultStore::ResultStore(
    std::string dir, std::vector<TableSpec> tables,
    std::function<std::optional<std::vector<std::string>>(std::size_t)> expected_ids)
    : dir_(std::move(dir)),
      tables_(std::move(tables)),
      expected_ids_(std::move(expected_ids)),
      last_sync_(std::chrono::steady_clock::now()) {}

ResultStore::~ResultStore() {
  for (const int fd : fds_) ::close(fd);
}

std::string ResultStore::part_path(std::size_t t) const {
  return dir_ + "/" + tables_[t].file + ".part";
}

std::string ResultStore::spill_prefix(std::size_t run_id) const {
  return dir_ + "/.spill-" + std::to_string(run_id);
}

RecordExpectation ResultStore::expectation() const {
  RecordExpectation e;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    e.files.push_back(part_path(t));
    e.headers.push_back(tables_[t].header());
    e.timed_last_column.push_back(tables_[t].timed_last_column);
  }
  e.runs_columns = tables_[0].columns.size();
  e.expected_ids = expected_ids_;
  return e;
}

RunIds ResultStore::recover(std::vector<std::string>& notes) {
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().filename().string().rfind(".spill-", 0) == 0) fs::remove(entry.path());
  }
  CheckedRecords checked = check_records(expectation());
  notes.insert(notes.end(), checked.problems.begin(), checked.problems.end());
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    if (!fs::exists(part_path(t))) continue;
    AtomicFileWriter out(part_path(t));
    for (const RecordBlock& b : checked.blocks[t]) out.copy_range(part_path(t), b.begin, b.end);
    out.commit();
  }
  sync_directory(dir_);
  return std::move(checked.runs);
}

void ResultStore::open() {
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const std::string path = part_path(t);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    fds_.push_back(fd);
  }
  sync_directory(dir_);
}

void ResultStore::commit(const RunRecorder& rows) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto& buffers = rows.buffers();
  // runs.csv last: its row is the mark that the run's other rows are all there.
  for (std::size_t i = 1; i <= tables_.size(); ++i) {
    const std::size_t t = i % tables_.size();
    if (const std::string spill = rows.spilled(t); !spill.empty()) {
      append_file(fds_[t], spill, part_path(t));
    }
    write_all(fds_[t], buffers[t].data(), buffers[t].size(), part_path(t));
  }
  // A sync per run would cost more than a short run (0.5 ms each here); once a second bounds
  // what a power cut can take to the last second's runs, which resume finds missing and reruns.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_sync_ >= std::chrono::seconds(1)) {
    for (std::size_t t = 0; t < fds_.size(); ++t) sync_fd(fds_[t], part_path(t));
    last_sync_ = now;
  }
}

std::size_t ResultStore::verify(std::size_t wanted, std::vector<std::string>& notes) {
  for (std::size_t t = 0; t < fds_.size(); ++t) sync_fd(fds_[t], part_path(t));
  checked_ = check_records(expectation());
  // Every verified run is one of the shard's (expected_ids), so a count tells what is missing.
  const std::size_t missing = wanted - std::min(wanted, checked_.runs.size());
  if (missing > 0 || !checked_.problems.empty()) {
    notes.insert(notes.end(), checked_.problems.begin(), checked_.problems.end());
  }
  return missing;
}

void ResultStore::finalize() {
  for (const int fd : fds_) ::close(fd);
  fds_.clear();
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const TableSpec& table = tables_[t];
    const std::vector<RecordBlock>& blocks = checked_.blocks[t];  // in run_id order
    AtomicFileWriter out(dir_ + "/" + table.file);
    out.write(csv_line(table.header()) + '\n');
    if (table.write_run_id) {
      for (const RecordBlock& b : blocks) out.copy_range(part_path(t), b.begin, b.end);
    } else if (fs::exists(part_path(t))) {
      RecordReader reader(part_path(t));
      std::vector<std::string> records;
      std::string record;
      while (reader.next(record)) {
        if (!record.empty() && checked_.runs.count(record_run_id(record)) != 0)
          records.push_back(record);
      }
      sort_by_run_id(records);
      for (const auto& r : records) {
        const auto comma = r.find(',');
        out.write(std::string_view(r).substr(comma == std::string::npos ? r.size() : comma + 1));
        out.write("\n");
      }
    }
    out.commit();
  }
  sync_directory(dir_);
}

void ResultStore::remove_parts() {
  for (std::size_t t = 0; t < tables_.size(); ++t) fs::remove(part_path(t));
  sync_directory(dir_);
}

}  // namespace optbench
