# Sources of the experiment kinds (one file each, one line in register_experiments.cpp).
set(OPTBENCH_EXPERIMENT_SOURCES
  experiments/function_experiment.cpp
  experiments/critical_points_experiment.cpp
  experiments/network_critical_points.cpp
  experiments/symmetric_subspace.cpp
  experiments/register_experiments.cpp
  experiments/classification_experiment.cpp
  experiments/timing_experiment.cpp
  experiments/timing_runner.cpp
  experiments/timings_reporter.cpp
  experiments/step_kernels.cpp
  experiments/step_timer.cpp
  experiments/benchmark_names.cpp
  experiments/schedule_length.cpp
)
