// The stock optbench binary: the command line with the built-ins (plugins come by --plugin).

#include "optbench/optbench_main.hpp"

OPTBENCH_MAIN()
