#include "optbench/core/note.hpp"

#include <mutex>
#include <utility>

namespace optbench {

namespace {

std::mutex& note_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::function<void(const std::string&)>& handler() {
  static std::function<void(const std::string&)> h;
  return h;
}

}  // namespace

void set_note_handler(std::function<void(const std::string&)> h) {
  const std::lock_guard<std::mutex> lock(note_mutex());
  handler() = std::move(h);
}

void note(const std::string& text) {
  const std::lock_guard<std::mutex> lock(note_mutex());
  if (handler()) handler()(text);
}

}  // namespace optbench
