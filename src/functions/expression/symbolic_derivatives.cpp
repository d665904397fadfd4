#include "symbolic_derivatives.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "optbench/functions/expression/expression_error.hpp"

namespace optbench::expression {

namespace {

class VariableIndex {
 public:
  explicit VariableIndex(const GiNaC::exvector& variables) {
    for (std::size_t i = 0; i < variables.size(); ++i) {
      by_object_.emplace(&GiNaC::ex_to<GiNaC::basic>(variables[i]), i);
      by_name_.emplace(GiNaC::ex_to<GiNaC::symbol>(variables[i]).get_name(), i);
    }
  }

  /// The variables in e (ascending, each once) and the number of distinct nodes of e.
  std::vector<std::size_t> variables_in(const GiNaC::ex& e, std::size_t& nodes) const {
    std::vector<std::size_t> found;
    std::unordered_set<std::size_t> seen_variables;
    std::unordered_set<const GiNaC::basic*> visited;
    // op(k) of a sum or product may be a temporary: every visited object stays alive until the
    // end, so that no later temporary takes its address and is mistaken for it.
    GiNaC::exvector alive;
    std::vector<GiNaC::ex> stack{e};
    nodes = 0;
    while (!stack.empty()) {
      const GiNaC::ex current = stack.back();
      stack.pop_back();
      if (!visited.insert(&GiNaC::ex_to<GiNaC::basic>(current)).second) continue;
      alive.push_back(current);
      ++nodes;
      if (GiNaC::is_a<GiNaC::symbol>(current)) {
        const std::size_t i = index_of(current);
        if (seen_variables.insert(i).second) found.push_back(i);
        continue;
      }
      for (std::size_t k = 0; k < current.nops(); ++k) stack.push_back(current.op(k));
    }
    std::sort(found.begin(), found.end());
    return found;
  }

 private:
  std::size_t index_of(const GiNaC::ex& symbol) const {
    if (const auto it = by_object_.find(&GiNaC::ex_to<GiNaC::basic>(symbol));
        it != by_object_.end())
      return it->second;
    return by_name_.at(GiNaC::ex_to<GiNaC::symbol>(symbol).get_name());
  }

  std::unordered_map<const GiNaC::basic*, std::size_t> by_object_;
  std::unordered_map<std::string, std::size_t> by_name_;
};

GiNaC::exvector terms_of(const GiNaC::ex& e) {
  GiNaC::exvector terms;
  if (GiNaC::is_a<GiNaC::add>(e)) {
    terms.reserve(e.nops());
    for (std::size_t k = 0; k < e.nops(); ++k) terms.push_back(e.op(k));
  } else {
    terms.push_back(e);
  }
  return terms;
}

class Differentiator {
 public:
  explicit Differentiator(const GiNaC::exvector& variables) : x_(variables), index_(variables) {}

  /// d e / d x_j for every j >= first that occurs in e, as (j, derivative) ascending in j.
  std::vector<std::pair<std::size_t, GiNaC::ex>> partials(const GiNaC::ex& e, std::size_t first) {
    std::map<std::size_t, GiNaC::exvector> parts;
    for (const GiNaC::ex& term : terms_of(e)) {
      std::size_t nodes = 0;
      const std::vector<std::size_t> vars = index_.variables_in(term, nodes);
      work_ += vars.size() * nodes;
      if (work_ > kMaxDifferentiationWork) {
        throw ExpressionError(0,
                              "the expression is too large to differentiate symbolically (more "
                              "than " +
                                  std::to_string(kMaxDifferentiationWork) +
                                  " variable-node pairs)");
      }
      for (const std::size_t j : vars) {
        if (j < first) continue;
        parts[j].push_back(term.diff(GiNaC::ex_to<GiNaC::symbol>(x_[j])));
      }
    }
    std::vector<std::pair<std::size_t, GiNaC::ex>> out;
    for (auto& [j, terms] : parts) {
      GiNaC::ex d = GiNaC::ex(GiNaC::add(terms));
      if (!d.is_zero()) out.emplace_back(j, std::move(d));
    }
    return out;
  }

 private:
  const GiNaC::exvector& x_;
  VariableIndex index_;
  std::size_t work_ = 0;
};

}  // namespace

SymbolicDerivatives differentiate(const GiNaC::ex& f, const GiNaC::exvector& variables) {
  const std::size_t n = variables.size();
  Differentiator d(variables);
  SymbolicDerivatives out;
  out.gradient.assign(n, GiNaC::ex(0));
  for (auto& [j, g] : d.partials(f, 0)) out.gradient[j] = std::move(g);

  // Rows with the same gradient entry have the same second derivatives: compute them once.
  std::map<GiNaC::ex, std::vector<std::pair<std::size_t, GiNaC::ex>>, GiNaC::ex_is_less> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const GiNaC::ex& g = out.gradient[i];
    if (g.is_zero()) continue;
    auto it = rows.find(g);
    if (it == rows.end()) it = rows.emplace(g, d.partials(g, i)).first;
    for (const auto& [j, h] : it->second) {
      if (j < i) continue;
      out.hessian.push_back({i, j, h});
      if (out.hessian.size() > kMaxHessianEntries) {
        throw ExpressionError(0, "the Hessian has more than " + std::to_string(kMaxHessianEntries) +
                                     " nonzero entries; optbench handles dense Hessians up to "
                                     "dim 2000");
      }
    }
  }
  return out;
}

}  // namespace optbench::expression
