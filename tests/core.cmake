# Test sources for optimizers, analysis, experiments, I/O and the CLI.
set(OPTBENCH_CORE_TESTS
  test_support.cpp
  test_optimizers.cpp
  test_optimizers_float32.cpp
  test_kernel_dispatch.cpp
  test_reference_traces.cpp
  test_torch_optimizers.cpp
  test_csv.cpp
  test_record_file.cpp
  test_sweep.cpp
  test_reliability.cpp
  test_statistics.cpp
  test_saddles.cpp
  test_schedules.cpp
  test_global_optimizers.cpp
  test_lbfgs_reference.cpp
)
