# The build's check of the layering (docs/architecture.md). Each layer's library is linked whole
# (--whole-archive: every object, used or not) into an empty program with nothing but the layers
# below it, so a call from a layer into a layer above it is an undefined reference here, even
# where the whole program would resolve it. Building `optbench` builds the checks.
set(_optbench_link_checks)
foreach(_layer IN LISTS OPTBENCH_LAYER_LIBRARIES)
  add_executable(${_layer}_link_check ${CMAKE_SOURCE_DIR}/cmake/link_check_main.cpp)
  target_link_libraries(${_layer}_link_check PRIVATE
    -Wl,--whole-archive ${_layer} -Wl,--no-whole-archive)
  list(APPEND _optbench_link_checks ${_layer}_link_check)
endforeach()
add_custom_target(optbench_layer_checks DEPENDS ${_optbench_link_checks})
add_dependencies(optbench optbench_layer_checks)
