# liboptbench_pagmo: every use of pagmo2, in a shared library of its own (pagmo_bridge.hpp says
# why). It is compiled like Debian's libpagmo (no -march=native, so Eigen's alignment matches the
# matrices libpagmo allocates) and exports only the bridge.
find_package(pagmo REQUIRED)
add_library(optbench_pagmo SHARED
  ${CMAKE_SOURCE_DIR}/src/optimizers/pagmo/pagmo_bridge.cpp
  ${CMAKE_SOURCE_DIR}/src/optimizers/pagmo/genetic.cpp
  ${CMAKE_SOURCE_DIR}/src/optimizers/pagmo/cmaes.cpp
  ${CMAKE_SOURCE_DIR}/src/optimizers/pagmo/differential_evolution.cpp
  ${CMAKE_SOURCE_DIR}/src/optimizers/pagmo/particle_swarm.cpp
)
add_library(optbench::pagmo ALIAS optbench_pagmo)
set_target_properties(optbench_pagmo PROPERTIES EXPORT_NAME pagmo CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_link_libraries(optbench_pagmo PRIVATE Pagmo::pagmo)
target_compile_options(optbench_pagmo PRIVATE -Wall -Wextra -Wpedantic)
if(OPTBENCH_WERROR)
  target_compile_options(optbench_pagmo PRIVATE -Werror)
endif()
