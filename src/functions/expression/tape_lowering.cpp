#include "tape_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>

#include "optbench/functions/expression/expression_error.hpp"

namespace optbench::expression {

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // SplitMix64's finaliser over the running hash: cheap and well spread.
  std::uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t text_hash(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

std::string printed(const GiNaC::ex& e) {
  std::ostringstream out;
  out << e;
  return out.str();
}

class Lowering {
 public:
  explicit Lowering(const GiNaC::exvector& variables) {
    tape_.inputs = static_cast<std::uint32_t>(variables.size());
    for (std::size_t i = 0; i < variables.size(); ++i) {
      variable_.emplace(GiNaC::ex_to<GiNaC::symbol>(variables[i]).get_name(),
                        static_cast<std::uint32_t>(i));
    }
  }

  std::uint32_t lower(const GiNaC::ex& e) {
    if (const auto it = done_.find(e); it != done_.end()) return it->second;
    const std::uint32_t r = lower_new(e);
    done_.emplace(e, r);
    return r;
  }

  Tape finish(std::vector<std::uint32_t> outputs) {
    // Constants were numbered apart from the code; registers are inputs, constants, code.
    const auto shift = static_cast<std::uint32_t>(constants_.size());
    auto relocate = [&](std::uint32_t r) {
      if (r < tape_.inputs) return r;
      if (r >= kConstantBase) return tape_.inputs + (r - kConstantBase);
      return r + shift;
    };
    for (Instruction& in : tape_.code) {
      in.a = relocate(in.a);
      in.b = relocate(in.b);
    }
    for (std::uint32_t& r : outputs) r = relocate(r);
    tape_.constants = constants_;
    tape_.outputs = std::move(outputs);
    return std::move(tape_);
  }

 private:
  // Until finish(), constants live in a register range of their own.
  static constexpr std::uint32_t kConstantBase = 0x80000000U;

  bool is_constant(std::uint32_t r) const { return r >= kConstantBase; }
  double constant_value(std::uint32_t r) const { return constants_[r - kConstantBase]; }

  std::uint32_t constant(double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    if (const auto it = constant_index_.find(bits); it != constant_index_.end()) return it->second;
    const auto r = kConstantBase + static_cast<std::uint32_t>(constants_.size());
    constants_.push_back(v);
    constant_index_.emplace(bits, r);
    return r;
  }

  // Emits op, or folds it when its operands are constants (the same arithmetic as at run time).
  std::uint32_t emit(Op op, std::uint32_t a, std::uint32_t b = 0) {
    if (is_constant(a) && (!is_binary(op) || is_constant(b))) {
      return constant(apply(op, constant_value(a), is_binary(op) ? constant_value(b) : 0.0));
    }
    tape_.code.push_back({op, a, is_binary(op) ? b : 0});
    return tape_.inputs + static_cast<std::uint32_t>(tape_.code.size() - 1);
  }

  /// A hash of e's structure that does not depend on GiNaC's per-process ordering: sums and
  /// products hash their (sorted) terms, symbols their names.
  std::uint64_t shape(const GiNaC::ex& e) {
    const GiNaC::basic* key = &GiNaC::ex_to<GiNaC::basic>(e);
    if (const auto it = shape_.find(key); it != shape_.end()) return it->second;
    std::uint64_t h = 0;
    if (GiNaC::is_a<GiNaC::numeric>(e) || GiNaC::is_a<GiNaC::symbol>(e) ||
        GiNaC::is_a<GiNaC::constant>(e)) {
      h = text_hash(printed(e));
    } else {
      std::vector<std::uint64_t> children;
      children.reserve(e.nops());
      for (std::size_t k = 0; k < e.nops(); ++k) children.push_back(shape(e.op(k)));
      const bool commutative = GiNaC::is_a<GiNaC::add>(e) || GiNaC::is_a<GiNaC::mul>(e);
      if (commutative) std::sort(children.begin(), children.end());
      h = text_hash(GiNaC::is_a<GiNaC::function>(e)
                        ? GiNaC::ex_to<GiNaC::function>(e).get_name()
                        : std::string(GiNaC::ex_to<GiNaC::basic>(e).class_name()));
      for (const std::uint64_t c : children) h = mix(h, c);
    }
    // Only stable objects are remembered: op(k) of a sum or product may be a temporary.
    keep_.push_back(e);
    shape_.emplace(key, h);
    return h;
  }

  /// e's operands in a process-independent order.
  GiNaC::exvector ordered_operands(const GiNaC::ex& e) {
    std::vector<std::pair<std::uint64_t, GiNaC::ex>> items;
    items.reserve(e.nops());
    for (std::size_t k = 0; k < e.nops(); ++k) {
      const GiNaC::ex op = e.op(k);
      items.emplace_back(shape(op), op);
    }
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return printed(a.second) < printed(b.second);
    });
    GiNaC::exvector out;
    out.reserve(items.size());
    for (auto& item : items) out.push_back(std::move(item.second));
    return out;
  }

  static bool negative_coefficient(const GiNaC::ex& term) {
    if (GiNaC::is_a<GiNaC::numeric>(term)) return GiNaC::ex_to<GiNaC::numeric>(term).is_negative();
    if (!GiNaC::is_a<GiNaC::mul>(term)) return false;
    for (std::size_t k = 0; k < term.nops(); ++k) {
      const GiNaC::ex f = term.op(k);
      if (GiNaC::is_a<GiNaC::numeric>(f) && GiNaC::ex_to<GiNaC::numeric>(f).is_real() &&
          GiNaC::ex_to<GiNaC::numeric>(f).is_negative()) {
        return true;
      }
    }
    return false;
  }

  // a - b + 2 is computed as (a - b) + 2: positive terms first, then negative ones subtracted,
  // the constant last, as a person writes it.
  std::uint32_t lower_sum(const GiNaC::ex& e) {
    GiNaC::exvector terms = ordered_operands(e);
    std::stable_partition(terms.begin(), terms.end(), [](const GiNaC::ex& t) {
      return !GiNaC::is_a<GiNaC::numeric>(t) && !negative_coefficient(t);
    });
    std::stable_partition(terms.begin(), terms.end(),
                          [](const GiNaC::ex& t) { return !GiNaC::is_a<GiNaC::numeric>(t); });
    std::optional<std::uint32_t> total;
    for (const GiNaC::ex& term : terms) {
      if (total && negative_coefficient(term)) {
        total = emit(Op::Sub, *total, lower(-term));
      } else {
        const std::uint32_t r = lower(term);
        total = total ? emit(Op::Add, *total, r) : r;
      }
    }
    return total ? *total : constant(0.0);
  }

  std::uint32_t product(const std::vector<std::uint32_t>& factors) {
    std::uint32_t p = factors.front();
    for (std::size_t k = 1; k < factors.size(); ++k) p = emit(Op::Mul, p, factors[k]);
    return p;
  }

  // c * numerator / denominator, with x^-k factors moved below the line as a person writes it.
  std::uint32_t lower_product(const GiNaC::ex& e) {
    GiNaC::numeric coefficient(1);
    std::vector<std::uint32_t> above;
    std::vector<std::uint32_t> below;
    for (const GiNaC::ex& f : ordered_operands(e)) {
      if (GiNaC::is_a<GiNaC::numeric>(f)) {
        coefficient *= GiNaC::ex_to<GiNaC::numeric>(f);
      } else if (GiNaC::is_a<GiNaC::power>(f) && GiNaC::is_a<GiNaC::numeric>(f.op(1)) &&
                 GiNaC::ex_to<GiNaC::numeric>(f.op(1)).is_real() &&
                 GiNaC::ex_to<GiNaC::numeric>(f.op(1)).is_negative()) {
        below.push_back(lower(GiNaC::pow(f.op(0), -f.op(1))));
      } else {
        above.push_back(lower(f));
      }
    }
    if (!coefficient.is_real()) throw ExpressionError(0, "the expression takes complex values");
    const bool negative = coefficient.is_negative();
    const GiNaC::numeric c = GiNaC::abs(coefficient);
    GiNaC::numeric top = c;
    GiNaC::numeric bottom(1);
    if (c.is_rational()) {
      top = c.numer();
      bottom = c.denom();
    }
    if (!top.is_equal(GiNaC::numeric(1)) || above.empty()) {
      above.insert(above.begin(), constant(top.to_double()));
    }
    if (!bottom.is_equal(GiNaC::numeric(1)))
      below.insert(below.begin(), constant(bottom.to_double()));
    std::uint32_t value = product(above);
    if (!below.empty()) value = emit(Op::Div, value, product(below));
    return negative ? emit(Op::Neg, value) : value;
  }

  // b^k for a whole k >= 1 by repeated squaring.
  std::uint32_t integer_power(std::uint32_t b, long k) {
    std::optional<std::uint32_t> result;
    std::uint32_t square = b;
    while (true) {
      if ((k & 1) != 0) result = result ? emit(Op::Mul, *result, square) : square;
      k >>= 1;
      if (k == 0) break;
      square = emit(Op::Mul, square, square);
    }
    return *result;
  }

  std::uint32_t lower_power(const GiNaC::ex& e) {
    const GiNaC::ex base = e.op(0);
    const GiNaC::ex exponent = e.op(1);
    if (GiNaC::is_a<GiNaC::numeric>(exponent) &&
        GiNaC::ex_to<GiNaC::numeric>(exponent).is_rational()) {
      const GiNaC::numeric& k = GiNaC::ex_to<GiNaC::numeric>(exponent);
      const GiNaC::numeric twice = k * 2;
      const bool half = twice.is_integer() && !k.is_integer();
      if ((k.is_integer() || half) && GiNaC::abs(twice) <= 128) {
        std::uint32_t b = lower(base);
        long m = k.is_integer() ? k.to_long() : twice.to_long();
        if (half) b = emit(Op::Sqrt, b);
        if (m == 0) return constant(1.0);
        const std::uint32_t p = integer_power(b, m < 0 ? -m : m);
        return m < 0 ? emit(Op::Div, constant(1.0), p) : p;
      }
    }
    if (GiNaC::is_a<GiNaC::numeric>(exponent) && !GiNaC::ex_to<GiNaC::numeric>(exponent).is_real())
      throw ExpressionError(0, "the expression takes complex values");
    return emit(Op::Pow, lower(base), lower(exponent));
  }

  std::uint32_t lower_function(const GiNaC::ex& e) {
    const std::string name = GiNaC::ex_to<GiNaC::function>(e).get_name();
    // On real numbers, GiNaC's conjugate and real part are the identity.
    if (name == "conjugate" || name == "real_part") return lower(e.op(0));
    if (name == "imag_part") return constant(0.0);
    static const std::map<std::string, Op> ops{
        {"exp", Op::Exp},     {"log", Op::Log},     {"sin", Op::Sin},   {"cos", Op::Cos},
        {"tan", Op::Tan},     {"asin", Op::Asin},   {"acos", Op::Acos}, {"atan", Op::Atan},
        {"sinh", Op::Sinh},   {"cosh", Op::Cosh},   {"tanh", Op::Tanh}, {"asinh", Op::Asinh},
        {"acosh", Op::Acosh}, {"atanh", Op::Atanh}, {"abs", Op::Abs},   {"csgn", Op::Sign},
    };
    const auto it = ops.find(name);
    if (it == ops.end() || e.nops() != 1) {
      throw ExpressionError(0, "cannot evaluate " + name + "(...) numerically");
    }
    return emit(it->second, lower(e.op(0)));
  }

  std::uint32_t lower_new(const GiNaC::ex& e) {
    if (GiNaC::is_a<GiNaC::numeric>(e)) {
      const GiNaC::numeric& v = GiNaC::ex_to<GiNaC::numeric>(e);
      if (!v.is_real()) throw ExpressionError(0, "the expression takes complex values");
      return constant(v.to_double());
    }
    if (GiNaC::is_a<GiNaC::constant>(e)) {
      return constant(GiNaC::ex_to<GiNaC::numeric>(e.evalf()).to_double());
    }
    if (GiNaC::is_a<GiNaC::symbol>(e)) {
      return variable_.at(GiNaC::ex_to<GiNaC::symbol>(e).get_name());
    }
    if (GiNaC::is_a<GiNaC::add>(e)) return lower_sum(e);
    if (GiNaC::is_a<GiNaC::mul>(e)) return lower_product(e);
    if (GiNaC::is_a<GiNaC::power>(e)) return lower_power(e);
    if (GiNaC::is_a<GiNaC::function>(e)) return lower_function(e);
    throw ExpressionError(0, "cannot evaluate " + printed(e) + " numerically");
  }

  Tape tape_;
  std::vector<double> constants_;
  std::unordered_map<std::uint64_t, std::uint32_t> constant_index_;
  std::map<GiNaC::ex, std::uint32_t, GiNaC::ex_is_less> done_;
  std::unordered_map<const GiNaC::basic*, std::uint64_t> shape_;
  GiNaC::exvector keep_;  // keeps every hashed object alive, so its address is not reused
  std::unordered_map<std::string, std::uint32_t> variable_;
};

}  // namespace

Tape lower_to_tape(const GiNaC::exvector& outputs, const GiNaC::exvector& variables) {
  Lowering lowering(variables);
  std::vector<std::uint32_t> registers;
  registers.reserve(outputs.size());
  for (const GiNaC::ex& e : outputs) registers.push_back(lowering.lower(e));
  return lowering.finish(std::move(registers));
}

}  // namespace optbench::expression
