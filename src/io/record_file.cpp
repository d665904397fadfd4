#include "optbench/io/record_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

RecordReader::RecordReader(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
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
  std::uint64_t position = end_;
  int c = 0;
  while ((c = std::getc(file_)) != EOF) {
    ++position;
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      if (!record.empty() && record.back() == '\r') record.pop_back();
      end_ = position;
      return true;
    }
    record += static_cast<char>(c);
  }
  return false;
}

AtomicFileWriter::AtomicFileWriter(std::string path)
    : path_(std::move(path)), temp_(path_ + ".tmp") {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot write " + temp_ + ": " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter() {
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
  std::FILE* in = std::fopen(from.c_str(), "rb");
  if (in == nullptr) throw std::runtime_error("cannot read " + from + ": " + std::strerror(errno));
  if (std::fseek(in, static_cast<long>(begin), SEEK_SET) != 0) {
    std::fclose(in);
    throw std::runtime_error("cannot seek in " + from);
  }
  std::string chunk(kChunk, '\0');
  std::uint64_t left = end - begin;
  while (left > 0) {
    const std::size_t want = left < kChunk ? static_cast<std::size_t>(left) : kChunk;
    const std::size_t got = std::fread(chunk.data(), 1, want, in);
    if (got == 0) break;
    write(std::string_view(chunk.data(), got));
    left -= got;
  }
  std::fclose(in);
}

void AtomicFileWriter::commit() {
  write_fd(fd_, buffer_.data(), buffer_.size(), temp_);
  buffer_.clear();
  ::fsync(fd_);
  ::close(fd_);
  fd_ = -1;
  std::filesystem::rename(temp_, path_);
}

std::size_t record_run_id(std::string_view record) {
  std::size_t id = 0;
  for (const char c : record) {
    if (c < '0' || c > '9') break;
    id = id * 10 + static_cast<std::size_t>(c - '0');
  }
  return id;
}

}  // namespace optbench
