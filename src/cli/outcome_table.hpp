#pragma once

#include <ostream>
#include <string>

namespace optbench::cli {

/// Prints a short table of a finished sweep: per problem and optimizer setting, the runs, how
/// many reached the target or escaped, and medians of steps and final loss.
void print_outcome_table(const std::string& runs_csv, std::ostream& out);

}  // namespace optbench::cli
