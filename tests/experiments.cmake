# Test sources for the experiment kinds and their analyses.
set(OPTBENCH_EXPERIMENT_TESTS
  test_summary.cpp
  test_verdict_stream.cpp
  test_critical_points.cpp
  test_classification.cpp
  test_timing.cpp
  test_classification_options.cpp
  test_global_runs.cpp
  test_tuning.cpp
  test_network_curvature.cpp
  test_symmetric_subspace.cpp
  test_curvature_report.cpp
  test_sweep_plots.cpp
  test_wall_time_plots.cpp
  test_report_memory.cpp
)
