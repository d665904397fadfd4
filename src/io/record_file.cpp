#include "optbench/io/record_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace optbench {

namespace {

constexpr std::size_t kChunk = std::size_t{1} << 20;

void write_fd(int fd, const char* data, std::size_t size, const std::string& path) {
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

RecordReader::RecordReader(const std::string& path)
    : file_(std::fopen(path.c_str(), "rb")), buffer_(std::size_t{1} << 16, '\0') {
  if (file_ == nullptr)
    throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
}

RecordReader::~RecordReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool RecordReader::next(std::string& record) {
  record.clear();
  begin_ = end_;
  bool quoted = false;
  for (;;) {
    if (at_ == filled_) {
      filled_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
      at_ = 0;
      if (filled_ == 0) return false;
    }
    // Scan the buffered bytes for the record's end; quotes toggle whether a newline ends it.
    std::size_t i = at_;
    for (; i < filled_; ++i) {
      const char c = buffer_[i];
      if (c == '"') quoted = !quoted;
      if (c == '\n' && !quoted) break;
    }
    const bool complete = i < filled_;
    record.append(buffer_.data() + at_, i - at_);
    end_ += i - at_ + (complete ? 1 : 0);
    at_ = complete ? i + 1 : i;
    if (complete) {
      if (!record.empty() && record.back() == '\r') record.pop_back();
      return true;
    }
  }
}

AtomicFileWriter::AtomicFileWriter(std::string path)
    : path_(std::move(path)), temp_(path_ + ".tmp") {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot write " + temp_ + ": " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (source_fd_ >= 0) ::close(source_fd_);
  if (fd_ >= 0) {
    ::close(fd_);
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFileWriter::write(std::string_view data) {
  buffer_.append(data);
  if (buffer_.size() >= kChunk) {
    write_fd(fd_, buffer_.data(), buffer_.size(), temp_);
    buffer_.clear();
  }
}

void AtomicFileWriter::copy_range(const std::string& from, std::uint64_t begin, std::uint64_t end) {
  // finalize copies one block per run: the source stays open and the buffer is reused, since
  // an open and a zeroed megabyte per block cost more than the copying itself.
  if (from != source_path_) {
    if (source_fd_ >= 0) ::close(source_fd_);
    source_path_.clear();
    source_fd_ = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (source_fd_ < 0)
      throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
    source_path_ = from;
  }
  if (!chunk_) chunk_ = std::make_unique_for_overwrite<char[]>(kChunk);
  std::uint64_t at = begin;
  while (at < end) {
    const std::size_t want = std::min<std::uint64_t>(end - at, kChunk);
    const ssize_t got = ::pread(source_fd_, chunk_.get(), want, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
    if (got == 0) break;
    write(std::string_view(chunk_.get(), static_cast<std::size_t>(got)));
    at += static_cast<std::uint64_t>(got);
  }
}

void AtomicFileWriter::commit() {
  if (source_fd_ >= 0) ::close(source_fd_);
  source_fd_ = -1;
  source_path_.clear();
  write_fd(fd_, buffer_.data(), buffer_.size(), temp_);
  buffer_.clear();
  // A full disk can show only at the sync (delayed allocation): then the old file must stay.
  if (::fsync(fd_) != 0 && errno != EINVAL) {
    throw std::runtime_error("cannot write " + temp_ + ": " + std::strerror(errno));
  }
  ::close(fd_);
  fd_ = -1;
  std::filesystem::rename(temp_, path_);
}

std::size_t record_run_id(std::string_view record) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t id = 0;
  std::size_t digits = 0;
  for (const char c : record) {
    if (c == ',') break;
    if (c < '0' || c > '9' || ++digits > 15) return kNone;  // 15 digits: beyond any plan
    id = id * 10 + static_cast<std::size_t>(c - '0');
  }
  return digits == 0 ? kNone : id;
}

}  // namespace optbench
