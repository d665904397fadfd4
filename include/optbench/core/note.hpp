#pragma once
// Notes from the library to the person running optbench ("no C compiler: interpreting"). The
// library never prints; the command line installs a handler that writes them to stderr.

#include <functional>
#include <string>

namespace optbench {

/// Installs the receiver of notes (none by default: notes are dropped).
void set_note_handler(std::function<void(const std::string&)> handler);

/// Hands `text` to the installed handler; safe to call from any thread.
void note(const std::string& text);

}  // namespace optbench
