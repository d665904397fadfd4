# Test sources for function: expression and the derivative check.
set(OPTBENCH_EXPRESSION_TESTS
  test_expressions.cpp
  test_expression_config.cpp
  test_derivative_check.cpp
)
