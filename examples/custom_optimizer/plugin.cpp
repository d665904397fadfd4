// libsign_sgd.so: sign_sgd for the stock binary, `optbench run CONFIG --plugin libsign_sgd.so`.

#include "optbench/plugin.hpp"
#include "sign_sgd.hpp"

OPTBENCH_PLUGIN(example::register_sign_sgd)
