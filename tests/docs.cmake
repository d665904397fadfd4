# Test sources for the documentation and the report: docs/config.md's examples against the
# config loader and the registries, and `optbench report`'s page, images, statistics and layout
# (plot_script_check reads its gnuplot scripts back).
set(OPTBENCH_DOCS_TESTS
  test_docs.cpp
  test_report.cpp
  test_report_layout.cpp
  plot_script_check.cpp
)
