# Test sources for the neural-network module (include/optbench/nn, src/nn).
set(OPTBENCH_NN_TESTS
  test_nn.cpp
  test_float32.cpp
  test_network_hessian.cpp
)
