# Installation and packaging. `cmake --install` puts the optbench binary, the public headers
# (include/optbench), the ready configs (share/optbench/configs), the bundled data sets and an
# exported target optbench::core with optbench-config.cmake, so another CMake project can
# find_package(optbench) and use the optimizers and test functions; `cpack -G DEB` makes a
# Debian package of the same.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Eigen objects (vectors, maps, fixed-size members) cross the library boundary, and what Eigen
# compiles (alignment, packet size, vectorised paths) depends on the target CPU flags. A consumer
# must therefore compile with the library's flags: when the library is built with -march=native
# (OPTBENCH_NATIVE=ON, the default for a developer's build), that flag is an INTERFACE compile
# option of optbench::core, so a consumer on the same machine gets it too. A package meant for
# other machines must be built with -DOPTBENCH_NATIVE=OFF (generic x86-64, as CI does); the
# installed optbench-config.cmake says which in optbench_NATIVE.
if(OPTBENCH_NATIVE)
  target_compile_options(optbench_core INTERFACE -march=native)
endif()
set_target_properties(optbench_core PROPERTIES EXPORT_NAME core)
# The installed binary finds the bundled data sets here when the source tree is gone.
target_compile_definitions(optbench_core PRIVATE
  OPTBENCH_INSTALLED_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/optbench/data")

install(TARGETS optbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# liboptbench_pagmo (shared, pagmo2 inside) sits beside the static library; the installed binary
# finds it relative to itself (libpagmo comes from the system, as Debian's package depends).
set_target_properties(optbench PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
install(TARGETS optbench_core optbench_pagmo EXPORT optbenchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/optbench DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/optbench/configs
  FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/optbench/data)
install(FILES README.md docs/config.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# What a consumer's CMake must find: the PUBLIC dependencies, and, because optbench_core is a
# STATIC library, its PRIVATE ones too (yaml-cpp, GiNaC): they are linked into the consumer.
get_target_property(_optbench_links optbench_core LINK_LIBRARIES)
set(OPTBENCH_FIND_BENCHMARK OFF)
if("benchmark::benchmark" IN_LIST _optbench_links)
  set(OPTBENCH_FIND_BENCHMARK ON)
endif()
set(_optbench_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/optbench)
install(EXPORT optbenchTargets NAMESPACE optbench:: FILE optbench-targets.cmake
  DESTINATION ${_optbench_cmake_dir})
configure_package_config_file(cmake/optbench-config.cmake.in
  ${CMAKE_BINARY_DIR}/optbench-config.cmake
  INSTALL_DESTINATION ${_optbench_cmake_dir}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/optbench-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/optbench-config.cmake
  ${CMAKE_BINARY_DIR}/optbench-config-version.cmake DESTINATION ${_optbench_cmake_dir})

# cpack -G DEB (from the build folder).
set(CPACK_PACKAGE_NAME optbench)
set(CPACK_PACKAGE_VENDOR "optbench")
set(CPACK_PACKAGE_CONTACT "optbench maintainers <optbench@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "benchmark harness for optimizers: saddles, critical points, batch norm, step cost")
set(CPACK_PACKAGE_DESCRIPTION "optbench runs YAML-described optimizer experiments (SGD, momentum, \
Adam, RMSprop, Adagrad, perturbed GD, saddle-free Newton on test functions and small networks), \
writes tidy CSV files and draws reports. Includes the C++ library optbench::core for CMake.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The library part needs these headers and link targets at a consumer's build time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libeigen3-dev, libyaml-cpp-dev, zlib1g-dev, libginac-dev, pkg-config")
if(OPTBENCH_FIND_BENCHMARK)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libbenchmark-dev")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox")
if(OPTBENCH_NATIVE)
  message(STATUS "optbench: OPTBENCH_NATIVE=ON: an installed or packaged optbench runs only on "
                 "CPUs like this one; configure with -DOPTBENCH_NATIVE=OFF for a package")
endif()
include(CPack)
