#include "optbench/run/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace optbench {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_finishing{false};
std::atomic<bool> g_ignored{false};

extern "C" void on_signal(int signal) {
  if (g_finishing.load()) {
    g_ignored.store(true);
    static const char note[] =
        "\noptbench: note: finishing the final files; the interrupt is ignored so they are "
        "written whole\n";
    // write(2) is async-signal-safe; its result cannot be acted on here.
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, note, sizeof note - 1);
    return;
  }
  int none = 0;
  g_signal.compare_exchange_strong(none, signal);
  g_stop.store(true);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() {
  return g_stop.load(std::memory_order_relaxed);
}

int stop_signal() {
  return g_signal.load();
}

void request_stop() {
  g_stop.store(true);
}

void clear_stop_request() {
  g_stop.store(false);
  g_signal.store(0);
  g_ignored.store(false);
}

void set_finishing(bool finishing) {
  g_finishing.store(finishing);
}

bool signal_ignored_while_finishing() {
  return g_ignored.load();
}

}  // namespace optbench
