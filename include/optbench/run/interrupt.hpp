#pragma once
// Ctrl-C and SIGTERM: the first signal asks every run in flight to stop at its next check
// (a run checks every few thousand steps or each minibatch, so within a second); the sweep then
// keeps the finished runs and exits. Once the final files are being written, signals are noted
// and ignored: those files are written whole or not at all, and stopping there would gain nothing.

#include <exception>

namespace optbench {

/// Thrown by a run that saw a stop request; the sweep drops the run (it is not recorded).
struct RunInterrupted : std::exception {
  const char* what() const noexcept override { return "interrupted"; }
};

/// Installs the SIGINT/SIGTERM handler that sets the stop flag.
void install_interrupt_handler();
/// True once a stop was requested.
bool stop_requested();
/// Throws RunInterrupted when a stop was requested: the check a run makes in its loops.
inline void throw_if_stopped() {
  if (stop_requested()) throw RunInterrupted{};
}
/// The signal that asked to stop (SIGINT or SIGTERM), 0 for none or a request by request_stop().
int stop_signal();
/// Sets the stop flag (tests, and callers that stop a sweep on purpose).
void request_stop();
/// Clears the stop flag (tests that interrupt a sweep on purpose).
void clear_stop_request();
/// While true, a signal only writes a note to stderr (the final files are being written).
void set_finishing(bool finishing);
/// Whether a signal arrived while finishing (and was ignored).
bool signal_ignored_while_finishing();

}  // namespace optbench
