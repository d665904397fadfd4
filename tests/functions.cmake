# Test sources for the test functions.
set(OPTBENCH_FUNCTION_TESTS
  test_functions.cpp
  test_function_reference.cpp
  test_multimodal_functions.cpp
)
