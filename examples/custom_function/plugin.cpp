// libfour_wells.so: four_wells for the stock binary (optbench run CONFIG --plugin PATH).

#include "optbench/plugin.hpp"
#include "four_wells.hpp"

OPTBENCH_PLUGIN(example::register_four_wells)
