# Test sources for the data sets: readers, synthetic generators, split and standardisation.
set(OPTBENCH_DATA_TESTS
  test_data.cpp
)
