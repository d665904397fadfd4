#pragma once
// Where each character of a YAML scalar's value sits in the file, so an error found inside a
// value (an expression's unknown function) can name its own line and column.

#include <vector>

#include "optbench/core/error.hpp"
#include "yaml_node.hpp"

namespace optbench::yaml {

/// The file location of every byte of `node`'s scalar value, and one past its end, found by
/// walking the raw text from the scalar's mark (quotes, escapes, folded lines). Where the raw text
/// cannot be matched, every byte maps to the scalar's own location.
std::vector<SourceLocation> scalar_byte_locations(const Node& node);

}  // namespace optbench::yaml
