#pragma once
// Syntax tree -> GiNaC expression at a given dimension: sums expanded, x[i] resolved, numbers
// exact. GiNaC is not thread-safe (reference counts, global constants), so every use of it,
// destruction included, happens while ginac_mutex() is held.

#include <cstdint>
#include <mutex>

#include <ginac/ginac.h>

#include "expression_ast.hpp"

namespace optbench::expression {

/// The lock around every GiNaC object in the process.
std::mutex& ginac_mutex();

/// The variables x0 .. x{dim-1} as real GiNaC symbols.
GiNaC::exvector make_variables(std::int64_t dim);

/// The GiNaC expression of `ast` with x0 .. x{dim-1} = `variables`; throws ExpressionError at
/// the offending node (a variable beyond dim, a bad index, a constant division by zero, ...).
GiNaC::ex build_symbolic(const Ast& ast, const GiNaC::exvector& variables);

}  // namespace optbench::expression
