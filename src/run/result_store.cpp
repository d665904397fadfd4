#include "optbench/run/result_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

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

// A run's rows form one contiguous block of a part file (commit writes them under one lock).
struct Block {
  std::size_t run_id;
  std::uint64_t begin;
  std::uint64_t end;
};

std::vector<Block> blocks_of(const std::string& path) {
  std::vector<Block> blocks;
  if (!fs::exists(path)) return blocks;
  RecordReader reader(path);
  std::string record;
  while (reader.next(record)) {
    if (record.empty()) continue;
    const std::size_t id = record_run_id(record);
    if (!blocks.empty() && blocks.back().run_id == id &&
        blocks.back().end == reader.record_begin()) {
      blocks.back().end = reader.record_end();
    } else {
      blocks.push_back({id, reader.record_begin(), reader.record_end()});
    }
  }
  return blocks;
}

}  // namespace

void sort_by_run_id(std::vector<std::string>& records) {
  std::stable_sort(records.begin(), records.end(), [](const std::string& a, const std::string& b) {
    return record_run_id(a) < record_run_id(b);
  });
}

ResultStore::ResultStore(std::string dir, std::vector<TableSpec> tables)
    : dir_(std::move(dir)), tables_(std::move(tables)) {}

ResultStore::~ResultStore() {
  for (const int fd : fds_) ::close(fd);
}

std::string ResultStore::part_path(std::size_t t) const {
  return dir_ + "/" + tables_[t].file + ".part";
}

std::string ResultStore::spill_prefix(std::size_t run_id) const {
  return dir_ + "/.spill-" + std::to_string(run_id);
}

std::set<std::size_t> ResultStore::recover() {
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().filename().string().rfind(".spill-", 0) == 0) fs::remove(entry.path());
  }
  std::set<std::size_t> finished;
  for (const Block& b : blocks_of(part_path(0))) finished.insert(b.run_id);
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    if (!fs::exists(part_path(t))) continue;
    AtomicFileWriter out(part_path(t));
    for (const Block& b : blocks_of(part_path(t))) {
      if (finished.count(b.run_id) != 0) out.copy_range(part_path(t), b.begin, b.end);
    }
    out.commit();
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
  // runs.csv last: its row is the mark that the run's other rows are all there.
  for (std::size_t i = 1; i <= tables_.size(); ++i) {
    const std::size_t t = i % tables_.size();
    if (const std::string spill = rows.spilled(t); !spill.empty()) {
      append_file(fds_[t], spill, part_path(t));
    }
    write_all(fds_[t], buffers[t].data(), buffers[t].size(), part_path(t));
  }
}

void ResultStore::finalize() {
  for (const int fd : fds_) ::close(fd);
  fds_.clear();
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const TableSpec& table = tables_[t];
    std::vector<Block> blocks = blocks_of(part_path(t));
    std::stable_sort(blocks.begin(), blocks.end(),
                     [](const Block& a, const Block& b) { return a.run_id < b.run_id; });
    AtomicFileWriter out(dir_ + "/" + table.file);
    out.write(csv_line(table.columns) + '\n');
    if (table.write_run_id) {
      for (const Block& b : blocks) out.copy_range(part_path(t), b.begin, b.end);
    } else {
      RecordReader reader(part_path(t));
      std::vector<std::string> records;
      std::string record;
      while (reader.next(record)) {
        if (!record.empty()) records.push_back(record);
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
  for (std::size_t t = 0; t < tables_.size(); ++t) fs::remove(part_path(t));
}

}  // namespace optbench
