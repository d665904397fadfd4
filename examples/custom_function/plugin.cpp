// libfour_wells.so: four_wells for the stock binary, `optbench run CONFIG --plugin libfour_wells.so`.

#include "four_wells.hpp"
#include "optbench/plugin.hpp"

OPTBENCH_PLUGIN(example::register_four_wells)
