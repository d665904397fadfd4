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

// GiNaC keeps expressions in a canonical form that depends on the process: sums and products
// are ordered by hash values that come from symbol serial numbers and type-name addresses, and
// which of a - b and b - a it keeps (in (a - b)^2, sin(a - b)) follows that order. Lowering
// therefore works on a form of its own: every expression is sign * canonical, where `shape`, a
// hash of the canonical form, is the same for e and -e and for every ordering of its terms.
// Terms and factors are evaluated in shape order and signs become exact negations, so every
// process computes the same operations in the same order.
struct Canonical {
  std::uint64_t shape = 0;
  int sign = 1;
};

bool is_odd_function(const std::string& name) {
  return name == "sin" || name == "tan" || name == "asin" || name == "atan" || name == "sinh" ||
         name == "tanh" || name == "asinh" || name == "atanh" || name == "csgn";
}

bool is_even_function(const std::string& name) {
  return name == "cos" || name == "cosh" || name == "abs";
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

  /// The register holding e.
  std::uint32_t lower(const GiNaC::ex& e) {
    const Canonical c = canonical(e);
    const std::uint32_t r = lower_canonical(e, c);
    if (c.sign > 0) return r;
    if (const auto it = negated_.find(r); it != negated_.end()) return it->second;
    const std::uint32_t n = emit(Op::Neg, r);
    negated_.emplace(r, n);
    return n;
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

  static const GiNaC::numeric& real_number(const GiNaC::ex& e) {
    const GiNaC::numeric& v = GiNaC::ex_to<GiNaC::numeric>(e);
    if (!v.is_real()) throw ExpressionError(0, "the expression takes complex values");
    return v;
  }

  static std::string function_name(const GiNaC::ex& e) {
    return GiNaC::ex_to<GiNaC::function>(e).get_name();
  }

  Canonical canonical(const GiNaC::ex& e) {
    const GiNaC::basic* key = &GiNaC::ex_to<GiNaC::basic>(e);
    if (const auto it = canonical_.find(key); it != canonical_.end()) return it->second;
    Canonical c;
    if (GiNaC::is_a<GiNaC::numeric>(e)) {
      const GiNaC::numeric& v = real_number(e);
      c = {text_hash("number " + printed(GiNaC::abs(v))), v.is_negative() ? -1 : 1};
    } else if (GiNaC::is_a<GiNaC::symbol>(e) || GiNaC::is_a<GiNaC::constant>(e)) {
      c = {text_hash("name " + printed(e)), 1};
    } else if (GiNaC::is_a<GiNaC::add>(e)) {
      std::vector<std::pair<std::uint64_t, int>> terms;
      for (std::size_t k = 0; k < e.nops(); ++k) {
        const Canonical t = canonical(e.op(k));
        terms.emplace_back(t.shape, t.sign);
      }
      std::sort(terms.begin(), terms.end());
      // Oriented so that the term of least shape is positive: a - b and b - a agree.
      const int orient = terms.front().second;
      std::uint64_t h = text_hash("add");
      for (const auto& [shape, sign] : terms) h = mix(mix(h, shape), sign * orient > 0 ? 1 : 2);
      c = {h, orient};
    } else if (GiNaC::is_a<GiNaC::mul>(e)) {
      // -y is y with sign -1: the same shape, or a - b and b - a would not agree.
      std::vector<std::uint64_t> factors;
      std::uint64_t magnitude = 0;
      bool unit = true;
      int sign = 1;
      for (std::size_t k = 0; k < e.nops(); ++k) {
        const GiNaC::ex f = e.op(k);
        const Canonical cf = canonical(f);
        sign *= cf.sign;
        if (GiNaC::is_a<GiNaC::numeric>(f)) {
          unit = GiNaC::abs(real_number(f)).is_equal(GiNaC::numeric(1));
          magnitude = cf.shape;
        } else {
          factors.push_back(cf.shape);
        }
      }
      if (unit && factors.size() == 1) {
        c = {factors.front(), sign};
      } else {
        std::sort(factors.begin(), factors.end());
        std::uint64_t h = text_hash("mul");
        if (!unit) h = mix(h, magnitude);
        for (const std::uint64_t f : factors) h = mix(h, f);
        c = {h, sign};
      }
    } else if (GiNaC::is_a<GiNaC::power>(e)) {
      const Canonical base = canonical(e.op(0));
      const GiNaC::ex exponent = e.op(1);
      if (GiNaC::is_a<GiNaC::numeric>(exponent) &&
          GiNaC::ex_to<GiNaC::numeric>(exponent).is_integer()) {
        const GiNaC::numeric& k = GiNaC::ex_to<GiNaC::numeric>(exponent);
        c = {mix(mix(text_hash("power"), base.shape), text_hash(printed(exponent))),
             k.is_even() ? 1 : base.sign};
      } else {
        const Canonical power = canonical(exponent);
        c = {mix(mix(mix(mix(text_hash("power"), base.shape), base.sign + 2), power.shape),
                 power.sign + 2),
             1};
      }
    } else if (GiNaC::is_a<GiNaC::function>(e)) {
      const std::string name = function_name(e);
      std::uint64_t h = text_hash("function " + name);
      int sign = 1;
      for (std::size_t k = 0; k < e.nops(); ++k) {
        const Canonical arg = canonical(e.op(k));
        h = mix(h, arg.shape);
        if (is_odd_function(name) || name == "conjugate" || name == "real_part") {
          sign *= arg.sign;
        } else if (!is_even_function(name)) {
          h = mix(h, arg.sign + 2);
        }
      }
      c = {h, sign};
    } else {
      throw ExpressionError(0, "cannot evaluate " + printed(e) + " numerically");
    }
    keep_.push_back(e);  // op(k) of a sum or product may be a temporary: keep its address taken
    canonical_.emplace(key, c);
    return c;
  }

  /// e's operands with their canonical forms, in shape order (process-independent).
  std::vector<std::pair<Canonical, GiNaC::ex>> ordered_operands(const GiNaC::ex& e) {
    std::vector<std::pair<Canonical, GiNaC::ex>> items;
    items.reserve(e.nops());
    for (std::size_t k = 0; k < e.nops(); ++k) {
      const GiNaC::ex op = e.op(k);
      items.emplace_back(canonical(op), op);
    }
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      if (a.first.shape != b.first.shape) return a.first.shape < b.first.shape;
      return a.first.sign < b.first.sign;
    });
    return items;
  }

  /// The register holding sign(e) * e, computed once per shape.
  std::uint32_t lower_canonical(const GiNaC::ex& e, const Canonical& c) {
    if (const auto it = done_.find(c.shape); it != done_.end()) return it->second;
    std::uint32_t r = 0;
    if (GiNaC::is_a<GiNaC::numeric>(e)) {
      r = constant(GiNaC::abs(real_number(e)).to_double());
    } else if (GiNaC::is_a<GiNaC::constant>(e)) {
      r = constant(GiNaC::ex_to<GiNaC::numeric>(e.evalf()).to_double());
    } else if (GiNaC::is_a<GiNaC::symbol>(e)) {
      r = variable_.at(GiNaC::ex_to<GiNaC::symbol>(e).get_name());
    } else if (GiNaC::is_a<GiNaC::add>(e)) {
      r = lower_sum(e, c.sign);
    } else if (GiNaC::is_a<GiNaC::mul>(e)) {
      r = lower_product(e);
    } else if (GiNaC::is_a<GiNaC::power>(e)) {
      r = lower_power(e);
    } else {
      r = lower_function(e);
    }
    done_.emplace(c.shape, r);
    return r;
  }

  // orient * (sum of terms): the positive terms first, then the negative ones subtracted, the
  // number last, as a person writes it.
  std::uint32_t lower_sum(const GiNaC::ex& e, int orient) {
    std::vector<std::pair<int, GiNaC::ex>> positive;
    std::vector<std::pair<int, GiNaC::ex>> negative;
    std::vector<std::pair<int, GiNaC::ex>> number;
    for (auto& [c, term] : ordered_operands(e)) {
      const int sign = c.sign * orient;
      auto& bucket = GiNaC::is_a<GiNaC::numeric>(term) ? number : (sign > 0 ? positive : negative);
      bucket.emplace_back(sign, term);
    }
    std::optional<std::uint32_t> total;
    for (const auto* bucket : {&positive, &negative, &number}) {
      for (const auto& [sign, term] : *bucket) {
        const std::uint32_t r = lower_canonical(term, canonical(term));
        if (!total) {
          total = sign > 0 ? r : emit(Op::Neg, r);
        } else {
          total = emit(sign > 0 ? Op::Add : Op::Sub, *total, r);
        }
      }
    }
    return total ? *total : constant(0.0);
  }

  std::uint32_t product(const std::vector<std::uint32_t>& factors) {
    std::uint32_t p = factors.front();
    for (std::size_t k = 1; k < factors.size(); ++k) p = emit(Op::Mul, p, factors[k]);
    return p;
  }

  // |c| * numerator / denominator, with x^-k factors moved below the line as a person writes it.
  std::uint32_t lower_product(const GiNaC::ex& e) {
    GiNaC::numeric coefficient(1);
    std::vector<std::uint32_t> above;
    std::vector<std::uint32_t> below;
    for (const auto& [c, f] : ordered_operands(e)) {
      if (GiNaC::is_a<GiNaC::numeric>(f)) {
        coefficient *= GiNaC::abs(real_number(f));
      } else if (GiNaC::is_a<GiNaC::power>(f) && GiNaC::is_a<GiNaC::numeric>(f.op(1)) &&
                 real_number(f.op(1)).is_negative()) {
        const GiNaC::ex flipped = GiNaC::pow(f.op(0), -f.op(1));
        keep_.push_back(flipped);
        below.push_back(lower_canonical(flipped, canonical(flipped)));
      } else {
        above.push_back(lower_canonical(f, c));
      }
    }
    GiNaC::numeric top = coefficient;
    GiNaC::numeric bottom(1);
    if (coefficient.is_rational()) {
      top = coefficient.numer();
      bottom = coefficient.denom();
    }
    if (!top.is_equal(GiNaC::numeric(1)) || above.empty()) {
      above.insert(above.begin(), constant(top.to_double()));
    }
    if (!bottom.is_equal(GiNaC::numeric(1))) {
      below.insert(below.begin(), constant(bottom.to_double()));
    }
    const std::uint32_t value = product(above);
    return below.empty() ? value : emit(Op::Div, value, product(below));
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
    if (GiNaC::is_a<GiNaC::numeric>(exponent) && real_number(exponent).is_rational()) {
      const GiNaC::numeric& k = GiNaC::ex_to<GiNaC::numeric>(exponent);
      const GiNaC::numeric twice = k * 2;
      const bool half = twice.is_integer() && !k.is_integer();
      if ((k.is_integer() || half) && GiNaC::abs(twice) <= 128) {
        // A whole power of the canonical base (the sign is the caller's); a half power needs
        // the base itself under the square root.
        const std::uint32_t b =
            half ? emit(Op::Sqrt, lower(base)) : lower_canonical(base, canonical(base));
        const long m = k.is_integer() ? k.to_long() : twice.to_long();
        if (m == 0) return constant(1.0);
        const std::uint32_t p = integer_power(b, m < 0 ? -m : m);
        return m < 0 ? emit(Op::Div, constant(1.0), p) : p;
      }
      if (k.is_integer()) {
        return emit(Op::Pow, lower_canonical(base, canonical(base)), constant(k.to_double()));
      }
    }
    return emit(Op::Pow, lower(base), lower(exponent));
  }

  std::uint32_t lower_function(const GiNaC::ex& e) {
    const std::string name = function_name(e);
    const GiNaC::ex arg = e.op(0);
    // On real numbers, GiNaC's conjugate and real part are the identity.
    if (name == "conjugate" || name == "real_part") return lower_canonical(arg, canonical(arg));
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
    // f(sign * a): odd functions give sign * f(a) (the sign is the caller's), even ones f(a).
    const bool symmetric = is_odd_function(name) || is_even_function(name);
    return emit(it->second, symmetric ? lower_canonical(arg, canonical(arg)) : lower(arg));
  }

  Tape tape_;
  std::vector<double> constants_;
  std::unordered_map<std::uint64_t, std::uint32_t> constant_index_;
  std::unordered_map<std::uint64_t, std::uint32_t> done_;  // shape -> register
  std::unordered_map<std::uint32_t, std::uint32_t> negated_;
  std::unordered_map<const GiNaC::basic*, Canonical> canonical_;
  GiNaC::exvector keep_;  // keeps every object whose address is a key alive
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
