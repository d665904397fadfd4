#pragma once
// "did you mean ...?" for misspelt names.

#include <string>
#include <string_view>
#include <vector>

namespace optbench {

/// Levenshtein edit distance between two names.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// " (did you mean 'x'?)" for the candidate closest to `name`, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace optbench
