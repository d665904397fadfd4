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
  # function: expression (GiNaC): parser, symbolic derivatives, tapes, C code, evaluators
  src/functions/expression/expression_parser.cpp
  src/functions/expression/symbolic_expression.cpp
  src/functions/expression/symbolic_derivatives.cpp
  src/functions/expression/tape.cpp
  src/functions/expression/tape_lowering.cpp
  src/functions/expression/c_source.cpp
  src/functions/expression/native_compiler.cpp
  src/functions/expression/expression_program.cpp
  src/functions/expression/evaluator.cpp
  src/functions/expression/expression_function.cpp
)
