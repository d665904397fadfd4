#include "optbench/io/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <sstream>
#include <thread>

#include "optbench/core/error.hpp"

namespace optbench {

namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string utc_time_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<LockHolder> parse_holder(const std::string& text) {
  LockHolder h;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    if (key == "pid") h.pid = std::strtol(value.c_str(), nullptr, 10);
    if (key == "host") h.host = value;
    if (key == "started") h.started = value;
    if (key == "command") h.command = value;
  }
  if (h.pid <= 0) return std::nullopt;
  return h;
}

std::string read_fd(int fd) {
  std::string text;
  char buf[1024];
  off_t at = 0;
  while (text.size() < 4096) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  return text;
}

// Whether a process of this host with `pid` exists (EPERM: it does, owned by someone else).
bool alive_here(long pid) {
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// Why the lock could not be taken, with what the user can do.
std::string refusal(const std::string& dir, const std::optional<LockHolder>& holder) {
  std::string text = dir + " is in use by another optbench process";
  if (!holder) {
    return text +
           " (one that reads it, such as merge); wait for it to finish or pass --wait to wait";
  }
  text = dir + " is in use by " + describe(*holder);
  if (holder->host == host_name() && !alive_here(holder->pid)) {
    return text + ", which has ended; a process it started still holds the lock (see `fuser " +
           dir + "/" + kLockFileName + "`); stop it, then try again";
  }
  if (holder->host != host_name()) {
    return text +
           "; if that job was killed or its machine is down, the shared file system releases "
           "its lock when it notices (NFS: after its lease), then run again; --wait waits for it";
  }
  return text + "; wait for it to finish, or pass --wait to wait for it";
}

}  // namespace

std::string describe(const LockHolder& holder) {
  std::string text = "pid " + std::to_string(holder.pid) + " on host " + holder.host;
  if (!holder.started.empty() || !holder.command.empty()) {
    text += " (";
    if (!holder.started.empty()) text += "since " + holder.started;
    if (!holder.started.empty() && !holder.command.empty()) text += ", ";
    if (!holder.command.empty()) text += "optbench " + holder.command;
    text += ")";
  }
  return text;
}

std::optional<LockHolder> read_lock_holder(const std::string& dir) {
  const std::string path = dir + "/" + kLockFileName;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  const std::string text = read_fd(fd);
  ::close(fd);
  return parse_holder(text);
}

FolderLock::FolderLock(const std::string& dir, Mode mode, const std::string& command, bool wait,
                       const std::function<void(const std::string&)>& waiting,
                       const std::function<bool()>& cancelled)
    : path_(dir + "/" + kLockFileName), mode_(mode) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0 && mode == Mode::shared) {
    // A read-only folder can still be read: no lock is possible there, and none is needed for
    // a writer could not write to it either.
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;
  }
  if (fd_ < 0) {
    throw Error({dir, 0, 0}, "",
                std::string("cannot create its lock file: ") + std::strerror(errno));
  }
  const int operation = (mode == Mode::exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  bool told = false;
  while (::flock(fd_, operation) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      const int e = errno;
      ::close(fd_);
      throw Error({dir, 0, 0}, "", std::string("cannot lock ") + path_ + ": " + std::strerror(e));
    }
    const auto holder = parse_holder(read_fd(fd_));
    if (!wait) {
      ::close(fd_);
      throw Error({dir, 0, 0}, "", refusal(dir, holder));
    }
    if (cancelled && cancelled()) {
      ::close(fd_);
      throw Error({dir, 0, 0}, "", "interrupted while waiting for " + dir);
    }
    if (!told && waiting) {
      waiting(holder ? describe(*holder) : std::string("another optbench process"));
      told = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (mode != Mode::exclusive) return;
  // The lock is ours. Whatever the file still names is a holder that died without unlocking
  // (killed, or its machine lost): say so, then record ourselves.
  if (const auto previous = parse_holder(read_fd(fd_))) {
    stale_note_ = "took over the lock of " + describe(*previous) +
                  ", which ended without releasing it (killed or crashed)";
  }
  std::string me = "pid=" + std::to_string(::getpid()) + "\nhost=" + host_name() +
                   "\nstarted=" + utc_time_now() + "\ncommand=" + command + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, me.data(), me.size(), 0) < 0) {
    const int e = errno;
    ::close(fd_);
    throw Error({dir, 0, 0}, "",
                std::string("cannot write its lock file ") + path_ + ": " + std::strerror(e));
  }
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  // An empty lock file tells the next holder that this one ended cleanly.
  if (mode_ == Mode::exclusive) (void)::ftruncate(fd_, 0);
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace optbench
