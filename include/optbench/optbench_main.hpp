#pragma once
// The whole optbench command line as a function, for a program of one's own that registers its
// additions first: run, validate, list, report, compare, bench, ... all see them.
//
//   #include "optbench/optbench_main.hpp"
//   OPTBENCH_MAIN(register_sign_sgd)   // or OPTBENCH_MAIN() when main registers nothing
//
// Link optbench::cli (which brings optbench::core).

#include <initializer_list>

namespace optbench {

/// Runs the optbench command line on argc/argv after calling each of `registrations` (a `void()`
/// function registering optimizers, functions or data sets) and loading each `--plugin LIB.so`;
/// returns the exit code (0 ok, 1 a run failed, 2 bad input, 130/143 interrupted).
int main(int argc, char** argv, std::initializer_list<void (*)()> registrations = {});

}  // namespace optbench

/// Defines `int main` as optbench's command line with the given registration functions.
#define OPTBENCH_MAIN(...)                              \
  int main(int argc, char** argv) {                     \
    return ::optbench::main(argc, argv, {__VA_ARGS__}); \
  }
