# The installed headers: the extension API (an optimizer, a test function, a data set, an
# experiment kind, the registries, loading and running a config) and exactly the headers those
# include, nothing of the application around them (report, CLI, Google Benchmark).
# tools/check_layers.py (ctest layering) fails when one of them includes a header missing here.
set(OPTBENCH_API_HEADERS
  optbench/analysis/ranking_rule.hpp
  optbench/analysis/statistics.hpp
  optbench/analysis/verdicts.hpp
  optbench/config/experiment_spec.hpp
  optbench/config/load_config.hpp
  optbench/config/run_plan.hpp
  optbench/core/error.hpp
  optbench/core/registry.hpp
  optbench/core/setting.hpp
  optbench/core/suggest.hpp
  optbench/data/dataset.hpp
  optbench/data/dataset_registry.hpp
  optbench/functions/expression/expression_function.hpp
  optbench/functions/function_registry.hpp
  optbench/functions/point_class.hpp
  optbench/functions/test_function.hpp
  optbench/io/column_type.hpp
  optbench/io/csv.hpp
  optbench/io/input_file.hpp
  optbench/optbench_main.hpp
  optbench/optimizers/declared_optimizer.hpp
  optbench/optimizers/optimizer.hpp
  optbench/optimizers/optimizer_registry.hpp
  optbench/optimizers/param_fields.hpp
  optbench/optimizers/schedule_spec.hpp
  optbench/plugin.hpp
  optbench/run/experiment_kind.hpp
  optbench/run/record_check.hpp
  optbench/run/sweep.hpp
)
