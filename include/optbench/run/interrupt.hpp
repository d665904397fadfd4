#pragma once
// Ctrl-C handling: the first SIGINT asks the sweep to finish the runs in flight and stop.

namespace optbench {

/// Installs a SIGINT/SIGTERM handler that sets the stop flag.
void install_interrupt_handler();
/// True once a stop was requested.
bool stop_requested();
/// Sets the stop flag (the handler, and tests).
void request_stop();
/// Clears the stop flag (tests that interrupt a sweep on purpose).
void clear_stop_request();

}  // namespace optbench
