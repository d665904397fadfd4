# Sources of the test functions (one pair of files per function).
set(OPTBENCH_FUNCTION_SOURCES
  src/functions/function_registry.cpp
  src/functions/register_functions.cpp
  src/functions/quartic_saddle.cpp
  src/functions/rosenbrock.cpp
)
