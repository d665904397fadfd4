# Sources of `optbench report` (include/optbench/report): data preparation per sort of plot,
# gnuplot scripts and the child process, the HTML page, and the command's work.
set(OPTBENCH_REPORT_SOURCES
  src/report/result_data.cpp
  src/report/run_table.cpp
  src/report/trace_reader.cpp
  src/report/plot_data.cpp
  src/report/contour_plots.cpp
  src/report/curve_plots.cpp
  src/report/classification_plots.cpp
  src/report/wall_time_plots.cpp
  src/report/curvature_plots.cpp
  src/report/sweep_plots.cpp
  src/report/timing_plots.cpp
  src/report/tuning_plots.cpp
  src/report/plot_style.cpp
  src/report/plot_layout.cpp
  src/report/facets.cpp
  src/report/gnuplot.cpp
  src/report/html_page.cpp
  src/report/report.cpp
)
