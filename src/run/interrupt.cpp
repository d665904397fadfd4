#include "optbench/run/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace optbench {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int /*signal*/) {
  g_stop.store(true);
}

}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool stop_requested() {
  return g_stop.load(std::memory_order_relaxed);
}

void request_stop() {
  g_stop.store(true);
}

void clear_stop_request() {
  g_stop.store(false);
}

}  // namespace optbench
