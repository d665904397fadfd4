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

namespace optbench {

namespace {

void write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot append to " + path + ": " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

std::string join_records(const std::vector<std::string>& records) {
  std::string out;
  for (const auto& r : records) {
    out += r;
    out += '\n';
  }
  return out;
}

}  // namespace

std::size_t record_run_id(const std::string& record) {
  return static_cast<std::size_t>(std::strtoull(record.c_str(), nullptr, 10));
}

void sort_by_run_id(std::vector<std::string>& records) {
  std::vector<std::pair<std::size_t, std::size_t>> keys;
  keys.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) keys.emplace_back(record_run_id(records[i]), i);
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> sorted;
  sorted.reserve(records.size());
  for (const auto& [id, i] : keys) sorted.push_back(std::move(records[i]));
  records = std::move(sorted);
}

ResultStore::ResultStore(std::string dir, std::vector<TableSpec> tables)
    : dir_(std::move(dir)), tables_(std::move(tables)) {}

ResultStore::~ResultStore() {
  for (const int fd : fds_) ::close(fd);
}

std::string ResultStore::part_path(std::size_t t) const {
  return dir_ + "/" + tables_[t].file + ".part";
}

std::set<std::size_t> ResultStore::recover() {
  std::set<std::size_t> finished;
  if (!std::filesystem::exists(part_path(0))) return finished;
  for (const auto& record : split_records(read_file(part_path(0)), true)) {
    if (!record.empty()) finished.insert(record_run_id(record));
  }
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    if (!std::filesystem::exists(part_path(t))) continue;
    std::vector<std::string> kept;
    for (auto& record : split_records(read_file(part_path(t)), true)) {
      if (!record.empty() && finished.count(record_run_id(record)) != 0) kept.push_back(std::move(record));
    }
    write_file_atomically(part_path(t), join_records(kept));
  }
  return finished;
}

void ResultStore::open() {
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const std::string path = part_path(t);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    fds_.push_back(fd);
  }
}

void ResultStore::commit(const RunRecorder& rows) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto& buffers = rows.buffers();
  for (std::size_t t = 1; t < tables_.size(); ++t) write_all(fds_[t], buffers[t], part_path(t));
  write_all(fds_[0], buffers[0], part_path(0));
}

void ResultStore::finalize() {
  for (const int fd : fds_) ::close(fd);
  fds_.clear();
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const TableSpec& table = tables_[t];
    std::vector<std::string> records;
    if (std::filesystem::exists(part_path(t))) records = split_records(read_file(part_path(t)), true);
    records.erase(std::remove(records.begin(), records.end(), std::string()), records.end());
    sort_by_run_id(records);
    std::string out = csv_line(table.columns) + '\n';
    for (const auto& record : records) {
      if (table.write_run_id) {
        out += record;
      } else {
        const auto comma = record.find(',');
        out.append(record, comma == std::string::npos ? record.size() : comma + 1);
      }
      out += '\n';
    }
    write_file_atomically(dir_ + "/" + table.file, out);
  }
  for (std::size_t t = 0; t < tables_.size(); ++t) std::filesystem::remove(part_path(t));
}

}  // namespace optbench
