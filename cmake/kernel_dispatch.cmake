# Runtime dispatch of the element-wise update kernels (src/optimizers/kernel_dispatch.hpp): where
# the build is for other machines (OPTBENCH_NATIVE=OFF, GCC, x86-64), each optimizer's update is
# compiled for baseline x86-64 and for AVX2, and the loader picks one for the CPU.
# -ffp-contract=off keeps FMA out of every clone, so all of them give the baseline's numbers.
set(OPTBENCH_KERNEL_SOURCES
  src/optimizers/sgd.cpp
  src/optimizers/adam.cpp
  src/optimizers/rmsprop.cpp
  src/optimizers/adagrad.cpp
  src/optimizers/nadam.cpp
  src/optimizers/radam.cpp
  src/optimizers/adamax.cpp
  src/optimizers/adadelta.cpp
  src/optimizers/rprop.cpp
  src/optimizers/asgd.cpp)
set(OPTBENCH_KERNEL_CLONES OFF)
if(NOT OPTBENCH_NATIVE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU"
   AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(OPTBENCH_KERNEL_CLONES ON)
  # Without the layer's precompiled header, which was parsed with the default -ffp-contract.
  set_source_files_properties(${OPTBENCH_KERNEL_SOURCES} PROPERTIES
    COMPILE_DEFINITIONS OPTBENCH_KERNEL_CLONES COMPILE_OPTIONS -ffp-contract=off
    SKIP_PRECOMPILE_HEADERS ON)
endif()
