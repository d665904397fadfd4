#pragma once
// Exact gradient and Hessian by GiNaC's symbolic differentiation. Each partial derivative is taken
// only of the terms that contain its variable, so a sum of n small terms costs O(n), not O(n^2).
// Call with ginac_mutex() held.

#include <cstddef>
#include <vector>

#include <ginac/ginac.h>

namespace optbench::expression {

/// Above this many structurally nonzero Hessian entries (upper triangle) the expression is
/// refused: a dense Hessian is analysed up to dim 2000.
inline constexpr std::size_t kMaxHessianEntries = 2100000;
/// Above this many (variable, node) pairs to differentiate the expression is refused.
inline constexpr std::size_t kMaxDifferentiationWork = 50000000;

/// One structurally nonzero entry of the upper triangle of the Hessian.
struct HessianEntry {
  std::size_t row = 0;
  std::size_t col = 0;  ///< >= row
  GiNaC::ex value;
};

/// df/dx_i for every i, and the nonzero d2f/dx_i dx_j for i <= j (row-major order).
struct SymbolicDerivatives {
  GiNaC::exvector gradient;
  std::vector<HessianEntry> hessian;
};

/// Differentiates f with respect to `variables` (real symbols); throws ExpressionError when the
/// work or the Hessian would be too large.
SymbolicDerivatives differentiate(const GiNaC::ex& f, const GiNaC::exvector& variables);

}  // namespace optbench::expression
