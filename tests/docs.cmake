# Test sources for the documentation and the report: docs/config.md's examples against the
# config loader and the registries, and `optbench report`'s page, images and statistics.
set(OPTBENCH_DOCS_TESTS
  test_docs.cpp
  test_report.cpp
)
