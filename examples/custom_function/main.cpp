// four_wells_optbench: the whole optbench command line with four_wells registered,
// `four_wells_optbench run four_wells.yaml`.

#include "four_wells.hpp"
#include "optbench/optbench_main.hpp"

OPTBENCH_MAIN(example::register_four_wells)
