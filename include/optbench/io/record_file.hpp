#pragma once
// Streaming access to optbench's CSV part files: records one at a time with their byte
// offsets, and a file written under a temporary name and renamed when complete.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace optbench {

/// Reads CSV records (quote-aware line ends) from a file without loading it whole.
class RecordReader {
 public:
  explicit RecordReader(const std::string& path);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  /// The next complete record (without its newline); false at the end. A last record without a
  /// newline (a write torn by a kill) is not returned.
  bool next(std::string& record);
  /// Byte offset of the record last returned, and of the byte after its newline.
  std::uint64_t record_begin() const { return begin_; }
  std::uint64_t record_end() const { return end_; }

 private:
  std::FILE* file_ = nullptr;
  std::string buffer_;  // bytes read ahead, [at_, filled_) not yet consumed
  std::size_t at_ = 0;
  std::size_t filled_ = 0;
  std::uint64_t begin_ = 0;
  std::uint64_t end_ = 0;
};

/// A file written to PATH.tmp and renamed to PATH by commit(); removed if never committed.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view data);
  /// Appends bytes [begin, end) of another file.
  void copy_range(const std::string& from, std::uint64_t begin, std::uint64_t end);
  /// Flushes, syncs and renames into place.
  void commit();

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::string buffer_;
  std::string source_path_;  // the file copy_range last read, kept open
  int source_fd_ = -1;
  std::unique_ptr<char[]> chunk_;
};

/// The run_id in a record's first cell; SIZE_MAX when that cell is not a run id.
std::size_t record_run_id(std::string_view record);

}  // namespace optbench
