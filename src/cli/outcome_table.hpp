#pragma once

#include <ostream>
#include <string>

#include "optbench/analysis/ranking_rule.hpp"

namespace optbench::cli {

/// Prints a short table of a finished sweep from dir/summary.csv: per problem and setting, the
/// runs, the success rate, medians, ERT and the rank by `rule` (which names the problems), then
/// the best setting of each problem and those tied with it.
void print_outcome_table(const std::string& dir, const RankingRule& rule, std::ostream& out);

}  // namespace optbench::cli
