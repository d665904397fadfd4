#pragma once
// The four answers to "what kind of point is this?".

#include <string_view>

namespace optbench {

/// Class of a point by the signs of its Hessian's eigenvalues.
enum class PointClass { LocalMinimum, LocalMaximum, SaddlePoint, Inconclusive };

/// "local_minimum", "local_maximum", "saddle_point" or "inconclusive".
std::string_view to_string(PointClass c);

}  // namespace optbench
