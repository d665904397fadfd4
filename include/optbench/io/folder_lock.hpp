#pragma once
// One writer per result folder: an advisory flock(2) on DIR/.optbench.lock, held for as long as
// the object lives. The file records who holds it (pid, host, start, command), so a process that
// is refused can say by whom, and a lock left by a process that died is recognised as stale.

#include <functional>
#include <optional>
#include <string>

namespace optbench {

/// What a lock file says about the process that holds (or held) it.
struct LockHolder {
  long pid = 0;
  std::string host;
  std::string started;  ///< UTC, ISO 8601
  std::string command;  ///< e.g. "run --resume"
};

/// The name of the lock file inside a result folder.
inline constexpr const char* kLockFileName = ".optbench.lock";

/// The holder recorded in `dir`'s lock file, if it names one.
std::optional<LockHolder> read_lock_holder(const std::string& dir);

/// An advisory lock on a result folder. Exclusive for writers (run, resume, force, merge,
/// report); shared for readers that must not see a folder change under them (merge's shards).
class FolderLock {
 public:
  enum class Mode { exclusive, shared };

  /// Locks `dir` (which must exist). When another process holds a conflicting lock: throws
  /// Error (exit 2) naming the holder, or with `wait` polls until it is free, calling
  /// `waiting(holder text)` once and giving up with an Error when `cancelled()` turns true.
  FolderLock(const std::string& dir, Mode mode, const std::string& command, bool wait = false,
             const std::function<void(const std::string&)>& waiting = {},
             const std::function<bool()>& cancelled = {});
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  /// Non-empty when the lock was taken over from a process that died holding it: what it was.
  const std::string& stale_note() const { return stale_note_; }

 private:
  std::string path_;
  int fd_ = -1;
  Mode mode_;
  std::string stale_note_;
};

/// "pid 123 on host h (since 2026-11-28T10:00:00Z, optbench run --resume)".
std::string describe(const LockHolder& holder);

}  // namespace optbench
