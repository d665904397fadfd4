// sign_sgd_optbench: the whole optbench command line with sign_sgd registered,
// `sign_sgd_optbench run sign_sgd.yaml`.

#include "optbench/optbench_main.hpp"
#include "sign_sgd.hpp"

OPTBENCH_MAIN(example::register_sign_sgd)
