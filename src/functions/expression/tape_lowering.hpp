#pragma once
// GiNaC expressions -> one Tape, with common subexpressions computed once. Call with
// ginac_mutex() held.

#include <vector>

#include <ginac/ginac.h>

#include "tape.hpp"

namespace optbench::expression {

/// A tape whose outputs are `outputs`, in order, over the inputs `variables` (real symbols).
/// Sums and products are evaluated in an order fixed by the expressions' structure, not by
/// GiNaC's internal (per-process) ordering, so every process builds the same tape.
Tape lower_to_tape(const GiNaC::exvector& outputs, const GiNaC::exvector& variables);

}  // namespace optbench::expression
