# Installation and packaging. `cmake --install` puts the optbench binary, the extension API's
# headers (cmake/api_headers.cmake), the ready configs (share/optbench/configs), the bundled data sets, the docs
# and an exported target optbench::core (every layer's library) with optbench-config.cmake, so another CMake project can
# find_package(optbench) and use the optimizers and test functions; `cpack -G DEB` makes two
# Debian packages of the same, optbench and optbench-dev (`./build.sh package` builds them for
# generic x86-64 and checks them with tests/package/check_package.sh).
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
  target_compile_options(optbench_plugin INTERFACE -march=native)
endif()
set_target_properties(optbench_core PROPERTIES EXPORT_NAME core)
set_target_properties(optbench_cli PROPERTIES EXPORT_NAME cli)
set_target_properties(optbench_plugin PROPERTIES EXPORT_NAME plugin)
# Where an installed binary looks for the bundled data sets when there are none beside it
# (PREFIX/share/optbench/data, src/data/dataset.cpp) and the source tree is gone.
target_compile_definitions(optbench_data PRIVATE
  OPTBENCH_INSTALLED_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/optbench/data")

# Two components, one Debian package each: `runtime` (the program, liboptbench_pagmo, configs,
# data sets, docs and tools: what `optbench run` and `report` need) and `dev` (headers, the static
# library and the CMake files: what a consumer's build needs). `cmake --install` installs both.
install(TARGETS optbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# liboptbench_pagmo (shared, pagmo2 inside) sits beside the static library; the installed binary
# finds it relative to itself (libpagmo comes from the system, as Debian's package depends).
set_target_properties(optbench PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
# The layers' libraries (docs/architecture.md), exported as optbench::base ... optbench::report
# under the umbrella optbench::core; optbench::cli is the command line (OPTBENCH_MAIN) and
# optbench::plugin what a plugin library compiles against.
foreach(_layer IN LISTS OPTBENCH_LAYER_LIBRARIES ITEMS optbench_numerics optbench_harness)
  string(REPLACE "optbench_" "" _export_name ${_layer})
  set_target_properties(${_layer} PROPERTIES EXPORT_NAME ${_export_name})
endforeach()
install(TARGETS optbench_core optbench_numerics optbench_harness ${OPTBENCH_LAYER_LIBRARIES}
  optbench_cli optbench_plugin optbench_pagmo EXPORT optbenchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
include(cmake/api_headers.cmake)
foreach(_header IN LISTS OPTBENCH_API_HEADERS)
  get_filename_component(_folder ${_header} DIRECTORY)
  install(FILES include/${_header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${_folder} COMPONENT dev)
endforeach()
install(FILES ${CMAKE_BINARY_DIR}/generated/include/optbench/core/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/optbench/core COMPONENT dev)
# configs/data holds the CSV files that configs read by a path relative to themselves.
install(DIRECTORY configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/optbench/configs COMPONENT runtime
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.csv")
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/optbench/data COMPONENT runtime)
# The docs keep the source tree's layout, so README.md's relative links (docs/config.md,
# results/README.md, docs/images/...) hold in /usr/share/doc/optbench as well.
install(FILES README.md cmake/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT runtime)
install(FILES results/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/results COMPONENT runtime)
# The helpers that tabulate a result folder (standard-library Python); not the ones that work on a
# source tree (clang-tidy, the reference generators writing tests/data, benchmarks_table.py over
# bench/run_benchmarks.sh's output, make_digits_4x4.py writing configs/data).
install(PROGRAMS tools/escape_offsets.py tools/escape_table.py tools/global_minima_table.py
  tools/summary_table.py DESTINATION ${CMAKE_INSTALL_DATADIR}/optbench/tools COMPONENT runtime)

# What a consumer's CMake must find: the PUBLIC dependencies, and, because the layers are STATIC
# libraries, their PRIVATE ones too (yaml-cpp, GiNaC, Google Benchmark's library, not its
# header): they are linked into the consumer.
get_target_property(_optbench_links optbench_experiments LINK_LIBRARIES)
set(OPTBENCH_FIND_BENCHMARK OFF)
if("benchmark::benchmark" IN_LIST _optbench_links)
  set(OPTBENCH_FIND_BENCHMARK ON)
endif()
set(_optbench_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/optbench)
install(EXPORT optbenchTargets NAMESPACE optbench:: FILE optbench-targets.cmake
  DESTINATION ${_optbench_cmake_dir} COMPONENT dev)
configure_package_config_file(cmake/optbench-config.cmake.in
  ${CMAKE_BINARY_DIR}/optbench-config.cmake
  INSTALL_DESTINATION ${_optbench_cmake_dir}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/optbench-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/optbench-config.cmake
  ${CMAKE_BINARY_DIR}/optbench-config-version.cmake DESTINATION ${_optbench_cmake_dir}
  COMPONENT dev)

# cpack -G DEB (from the build folder; `./build.sh package` makes and checks both packages).
set(CPACK_PACKAGE_NAME optbench)
set(CPACK_PACKAGE_VENDOR "optbench")
set(CPACK_PACKAGE_CONTACT "optbench maintainers <optbench@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME optbench)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "benchmark harness for optimizers: saddles, critical points, batch norm, step cost
optbench runs YAML-described optimizer experiments (SGD, momentum, Adam, RMSprop, Adagrad and the
other torch.optim updates, perturbed GD, saddle-free Newton, population methods) on test functions
and small networks, writes tidy CSV files and draws reports. The documentation is in
/usr/share/doc/optbench, the ready configs and data sets in /usr/share/optbench.")
# The program's shared libraries (yaml-cpp, Boost.Program_options, Google Benchmark, GiNaC, zlib,
# pagmo2) come from dpkg-shlibdeps, which reads the binaries. liboptbench_pagmo belongs to this
# package: shlibdeps finds it through the binary's RPATH.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# gnuplot draws `optbench report`'s plots; a C compiler and math.h compile `function: expression`
# to native code (without them expressions are interpreted, with a note); the tools are Python.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "gnuplot-nox, gcc | c-compiler, libc6-dev")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "python3")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME optbench-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "optbench as a C++ library for CMake: headers, static library, find_package(optbench)
The imported target optbench::core holds optbench's test functions, optimizers, networks, data
sets and analysis; examples are in optbench's source tree (examples/find_package).")
# What a consumer's build finds through optbench-config.cmake (cmake/optbench-config.cmake.in):
# Eigen's and Google Benchmark's headers reach its compiles; yaml-cpp, GiNaC (with pkg-config) and
# zlib are linked into it, since optbench::core is a static library.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "optbench (= ${PROJECT_VERSION}), libeigen3-dev, libyaml-cpp-dev, zlib1g-dev, libginac-dev, pkg-config, libboost-program-options-dev")
if(OPTBENCH_FIND_BENCHMARK)
  string(APPEND CPACK_DEBIAN_DEV_PACKAGE_DEPENDS ", libbenchmark-dev")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "cmake")
if(OPTBENCH_NATIVE)
  message(STATUS "optbench: OPTBENCH_NATIVE=ON: an installed or packaged optbench runs only on "
                 "CPUs like this one; configure with -DOPTBENCH_NATIVE=OFF for a package "
                 "(./build.sh package does)")
endif()
include(CPack)
