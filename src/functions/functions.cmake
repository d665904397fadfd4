# Sources of the test functions (one pair of files per function).
set(OPTBENCH_FUNCTION_SOURCES
  src/functions/function_registry.cpp
  src/functions/register_functions.cpp
  src/functions/tiny_linear_net.cpp
  src/functions/quartic_saddle.cpp
  src/functions/strict_saddle.cpp
  src/functions/monkey_saddle.cpp
  src/functions/rosenbrock.cpp
  src/functions/himmelblau.cpp
  src/functions/six_hump_camel.cpp
  src/functions/beale.cpp
  src/functions/styblinski_tang.cpp
  src/functions/rastrigin.cpp
  src/functions/quadratic.cpp
)
