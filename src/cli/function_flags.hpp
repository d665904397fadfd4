#pragma once
// FUNCTION [--dim D] [--param k=v] or --expression TEXT: the test function a command works on
// (classify, check).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "optbench/functions/test_function.hpp"

namespace optbench::cli {

/// The function chosen on the command line and how to name it in output.
struct ChosenFunction {
  std::unique_ptr<TestFunction> function;
  std::string name;   ///< the registered name, or "expression"
  std::string title;  ///< "rosenbrock (dim 2)", "expression x0^2 - x1^2 (dim 2)"
};

/// Adds --dim, --param and --expression to a command's flags.
void add_function_flags(boost::program_options::options_description& flags);

/// The function of `vm`'s positional "function" or --expression; `point_size` (the length of
/// --at) sets the dimension when --dim does not (nor, for an expression, its variables).
ChosenFunction chosen_function(const boost::program_options::variables_map& vm,
                               std::optional<Eigen::Index> point_size);

/// A finite number from a flag's text; Error naming the flag otherwise.
double parse_number(const std::string& text, const std::string& flag);

/// "a,b,c" -> numbers.
std::vector<double> parse_list(const std::string& text, char separator, const std::string& flag);

}  // namespace optbench::cli
