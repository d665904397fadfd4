#include "progress_printer.hpp"

#include <cmath>
#include <ctime>

#include "optbench/core/error.hpp"

namespace optbench::cli {

namespace {

// A bar is redrawn at most ten times a second; a log gets a line every ten seconds.
constexpr double kBarInterval = 0.1;
constexpr double kLineInterval = 10.0;

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[48];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lldm %02llds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%llds", s);
  }
  return buf;
}

}  // namespace

ProgressMode parse_progress_mode(const std::string& text) {
  if (text == "auto") return ProgressMode::Auto;
  if (text == "bar") return ProgressMode::Bar;
  if (text == "lines") return ProgressMode::Lines;
  if (text == "none") return ProgressMode::None;
  throw Error("--progress", "must be auto, bar, lines or none, got '" + text + "'");
}

ProgressPrinter::ProgressPrinter(ProgressMode mode, std::FILE* out, bool terminal)
    : mode_(mode == ProgressMode::Auto ? (terminal ? ProgressMode::Bar : ProgressMode::Lines)
                                       : mode),
      out_(out) {}

void ProgressPrinter::start(std::size_t resumed, std::size_t total) {
  const std::lock_guard<std::mutex> lock(mutex_);
  started_ = std::chrono::steady_clock::now();
  resumed_ = resumed;
  last_ = -1.0;
  if (mode_ == ProgressMode::Lines) {
    draw(resumed, total, 0.0);
    last_ = 0.0;
  }
}

std::string ProgressPrinter::line_text(std::size_t done, std::size_t total, std::size_t resumed,
                                       double seconds) {
  // Only this process's runs make the rate: resumed ones took no time here.
  const std::size_t here = done >= resumed ? done - resumed : 0;
  const double rate = seconds > 0.0 ? static_cast<double>(here) / seconds : 0.0;
  const double left = rate > 0.0 ? static_cast<double>(total - done) / rate : NAN;
  const double percent =
      total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%zu/%zu runs (%.1f%%)", done, total, percent);
  std::string text = buf;
  if (resumed > 0) text += ", " + std::to_string(resumed) + " resumed";
  std::snprintf(buf, sizeof buf, ", %.3g runs/s", rate);
  text += buf;
  text += done == total ? ", done in " + duration_text(seconds) : ", ETA " + duration_text(left);
  return text;
}

void ProgressPrinter::draw(std::size_t done, std::size_t total, double seconds) {
  const std::string text = line_text(done, total, resumed_, seconds);
  if (mode_ == ProgressMode::Bar) {
    std::fprintf(out_, "\r%s\033[K", text.c_str());
    bar_shown_ = true;
    if (done == total) {
      std::fputc('\n', out_);
      bar_shown_ = false;
    }
  } else {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    std::fprintf(out_, "%s optbench: %s\n", stamp, text.c_str());
  }
  std::fflush(out_);
}

void ProgressPrinter::update(std::size_t done, std::size_t total) {
  if (mode_ == ProgressMode::None) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double interval = mode_ == ProgressMode::Bar ? kBarInterval : kLineInterval;
  if (done != total && last_ >= 0.0 && seconds - last_ < interval) return;
  last_ = seconds;
  draw(done, total, seconds);
}

void ProgressPrinter::message(const std::string& text) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (bar_shown_) {
    std::fputs("\r\033[K", out_);  // the bar's line is cleared; the next update redraws it
    bar_shown_ = false;
  }
  std::fprintf(out_, "%s\n", text.c_str());
  std::fflush(out_);
}

}  // namespace optbench::cli
