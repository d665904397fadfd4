#pragma once
// A Tape printed as one C99 function, for the system compiler.

#include <string>

#include "tape.hpp"

namespace optbench::expression {

/// `double NAME(const double* x, double* out)`: runs `tape`; when `returns_first` it returns
/// output 0 and writes outputs 1.. to out[0..], else it writes every output to out and returns 0.
/// Constants are written as hexadecimal floats, so they are exact.
std::string c_function(const Tape& tape, const std::string& name, bool returns_first);

/// What every generated file starts with (math.h and the helpers the functions call).
std::string c_prelude();

}  // namespace optbench::expression
