#pragma once
// Progress of a sweep on stderr: a bar redrawn in place on a terminal, or a dated line every
// ten seconds where stderr is a file (a Slurm log), so that a log shows how far a shard is.

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace optbench::cli {

/// How progress is shown: `--progress auto|bar|lines|none`.
enum class ProgressMode { Auto, Bar, Lines, None };

/// The mode of a --progress value; throws Error naming the flag for anything else.
ProgressMode parse_progress_mode(const std::string& text);

/// Draws a sweep's progress; every call may come from any worker thread.
class ProgressPrinter {
 public:
  /// `mode` Auto becomes Bar on a terminal and Lines elsewhere; `out` is where it writes.
  ProgressPrinter(ProgressMode mode, std::FILE* out, bool terminal);

  /// The sweep starts with `resumed` of `total` runs already done (they do not count in the
  /// rate or the ETA).
  void start(std::size_t resumed, std::size_t total);
  /// `done` of `total` runs are finished.
  void update(std::size_t done, std::size_t total);
  /// Writes `message` (one line, newline added) on a line of its own, never over the bar.
  void message(const std::string& text);

  /// The line a Lines-mode report prints (without the date), for the tests.
  static std::string line_text(std::size_t done, std::size_t total, std::size_t resumed,
                               double seconds);

 private:
  void draw(std::size_t done, std::size_t total, double seconds);

  ProgressMode mode_;
  std::FILE* out_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::size_t resumed_ = 0;
  double last_ = -1.0;
  bool bar_shown_ = false;  ///< the cursor stands at the end of a drawn bar
};

}  // namespace optbench::cli
