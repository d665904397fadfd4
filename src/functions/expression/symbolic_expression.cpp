#include "symbolic_expression.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPTBENCH_LEAK_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(OPTBENCH_LEAK_SANITIZER)
// CLN, GiNaC's number library, keeps 26 bytes from its static initialisation for the life of the
// process: not a leak of ours. This object is in every program that links GiNaC, so the
// suppression reaches the tests, the CLI they start and the fuzz targets (tests/lsan.supp says
// the same for run.sh).
extern "C" const char* __lsan_default_suppressions() {  // NOLINT(bugprone-reserved-identifier)
  return "leak:libcln.so\n";
}
// Without the "Suppressions used" table at exit: stderr carries one error line (bad inputs).
extern "C" const char* __lsan_default_options() {  // NOLINT(bugprone-reserved-identifier)
  return "print_suppressions=0";
}
#endif

namespace optbench::expression {

std::mutex& ginac_mutex() {
  static std::mutex mutex;
  return mutex;
}

GiNaC::exvector make_variables(std::int64_t dim) {
  GiNaC::exvector x;
  x.reserve(static_cast<std::size_t>(dim));
  for (std::int64_t i = 0; i < dim; ++i) x.emplace_back(GiNaC::realsymbol("x" + std::to_string(i)));
  return x;
}

namespace {

// Exact constants keep the derivatives exact (d/dx 0.25*x^4 = x^3); a power of two numbers is
// computed exactly only while the result stays small, else in double precision.
constexpr long kMaxExactPowerBits = 4096;
// GiNaC raises the numbers in a power's base exactly as it builds the power ((2*x)^e becomes
// 2^e * x^e, and so on through the derivatives): |e| times the bits of the base's largest number
// stays below this, or CLN computes a number of millions of digits for minutes.
constexpr double kMaxSymbolicPowerBits = 65536;

// The bits of the largest exact number (numerator or denominator) in e; 1 without any.
long largest_number_bits(const GiNaC::ex& e) {
  long bits = 1;
  for (auto it = e.preorder_begin(); it != e.preorder_end(); ++it) {
    if (!GiNaC::is_a<GiNaC::numeric>(*it)) continue;
    const auto& k = GiNaC::ex_to<GiNaC::numeric>(*it);
    if (!k.is_rational()) continue;  // floating point: raised in floating point
    bits = std::max({bits, static_cast<long>(k.numer().int_length()),
                     static_cast<long>(k.denom().int_length())});
  }
  return bits;
}

struct Value {
  GiNaC::ex ex;
  bool constant = false;  ///< no variable in it
};

class Builder {
 public:
  Builder(const Ast& ast, const GiNaC::exvector& variables) : ast_(ast), x_(variables) {}

  GiNaC::ex build() { return node(ast_.root).ex; }

 private:
  [[noreturn]] static void fail(std::size_t offset, const std::string& message) {
    throw ExpressionError(offset, message);
  }

  // Only sums multiply the text: each iteration checks the nodes built so far.
  void check_expansion(std::size_t sum_offset) const {
    if (expanded_ > kMaxExpandedNodes) {
      fail(sum_offset, "this sum expands the expression to more than " +
                           std::to_string(kMaxExpandedNodes) + " terms");
    }
  }

  // A number GiNaC has computed must be real: sqrt(-4) is 2*I. (Other complex constants, such
  // as log(-1), evaluate to NaN and are reported where they are evaluated.)
  static Value checked(const AstNode& n, GiNaC::ex e, bool constant) {
    const bool number = GiNaC::is_a<GiNaC::numeric>(e);
    if (number && !GiNaC::ex_to<GiNaC::numeric>(e).is_real()) {
      fail(n.offset, "this part is not a real number: " + printed(e));
    }
    return {std::move(e), constant || number};
  }

  static std::string printed(const GiNaC::ex& e) {
    std::ostringstream out;
    out << e;
    std::string s = out.str();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
  }

  Value number(const AstNode& n) {
    // digits[.digits][e[+-]digits] -> mantissa * 10^exponent, exactly.
    const std::string& text = n.name;
    std::string digits;
    long exponent = 0;
    std::size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++];
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        digits += text[i++];
        --exponent;
      }
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
      ++i;
      const bool negative = text[i] == '-';
      if (text[i] == '+' || text[i] == '-') ++i;
      long e = 0;
      while (i < text.size()) {
        e = std::min<long>(e * 10 + (text[i++] - '0'), 100000);
      }
      exponent += negative ? -e : e;
    }
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) return {GiNaC::ex(0), true};
    digits.erase(0, first);
    const long magnitude = exponent + static_cast<long>(digits.size());
    if (magnitude > 309) fail(n.offset, "the number " + text + " is beyond the double range");
    if (magnitude < -330) fail(n.offset, "the number " + text + " is below the double range");
    GiNaC::numeric value(digits.c_str());
    value = value * GiNaC::numeric(10).power(GiNaC::numeric(exponent));
    return {GiNaC::ex(value), true};
  }

  // The integer value of an index or a sum's bound.
  std::int64_t integer(std::size_t id, const char* what) {
    const AstNode& n = ast_.nodes[id];
    const Value v = node(id);
    if (!v.constant || !GiNaC::is_a<GiNaC::numeric>(v.ex) ||
        !GiNaC::ex_to<GiNaC::numeric>(v.ex).is_integer()) {
      fail(n.offset, std::string(what) +
                         " must be a whole number made of numbers, dim and sum indices, got " +
                         printed(v.ex));
    }
    const GiNaC::numeric& k = GiNaC::ex_to<GiNaC::numeric>(v.ex);
    if (k > GiNaC::numeric(1000000000) || k < GiNaC::numeric(-1000000000)) {
      fail(n.offset, std::string(what) + " is out of range: " + printed(v.ex));
    }
    return k.to_long();
  }

  Value variable(std::int64_t index, std::size_t offset) const {
    const auto dim = static_cast<std::int64_t>(x_.size());
    if (index < 0 || index >= dim) {
      fail(offset, "x" + (index < 0 ? "[" + std::to_string(index) + "]" : std::to_string(index)) +
                       " is out of range: dim is " + std::to_string(dim) +
                       ", so the variables are " +
                       (dim == 1 ? std::string("x0") : "x0 .. x" + std::to_string(dim - 1)));
    }
    return {x_[static_cast<std::size_t>(index)], false};
  }

  Value power(const AstNode& n, const Value& base, const Value& exponent) {
    // 0^e is settled here: GiNaC throws on 0^0 and 0^-1 (leaking the power it was building)
    // and differentiates 0^g(x) into a log(0).
    if (base.ex.is_zero()) {
      if (!exponent.constant && !GiNaC::is_a<GiNaC::numeric>(exponent.ex)) {
        fail(n.offset,
             "0 to a power that depends on x cannot be differentiated (its derivative "
             "holds log(0)); write 0 instead");
      }
      const GiNaC::ex e = exponent.ex.evalf();
      if (!GiNaC::is_a<GiNaC::numeric>(e) || !GiNaC::ex_to<GiNaC::numeric>(e).is_real() ||
          !GiNaC::ex_to<GiNaC::numeric>(e).is_positive()) {
        fail(n.offset,
             "0^(" + printed(exponent.ex) +
                 ") is undefined: 0 to a power that is not positive (a division by zero)");
      }
      return {GiNaC::ex(0), true};
    }
    // Two numbers (however they were written: 1^x1 is already 1) are raised here, exactly only
    // while the result stays small: CLN would compute 0.25^(20^8000) digit by digit.
    if (GiNaC::is_a<GiNaC::numeric>(base.ex) && GiNaC::is_a<GiNaC::numeric>(exponent.ex)) {
      const auto& b = GiNaC::ex_to<GiNaC::numeric>(base.ex);
      const auto& e = GiNaC::ex_to<GiNaC::numeric>(exponent.ex);
      const bool small =
          e.is_integer() && b.is_rational() && (e.numer().int_length() <= 20) &&
          std::max(b.numer().int_length(), b.denom().int_length()) * std::abs(e.to_double()) <=
              static_cast<double>(kMaxExactPowerBits);
      if (!small && b.is_real() && e.is_real()) {
        const double v = std::pow(b.to_double(), e.to_double());
        if (std::isnan(v)) {
          fail(n.offset,
               "(" + printed(base.ex) + ")^(" + printed(exponent.ex) + ") is not a real number");
        }
        if (!std::isfinite(v)) {
          fail(n.offset, "(" + printed(base.ex) + ")^(" + printed(exponent.ex) +
                             ") is beyond the double range");
        }
        return {GiNaC::ex(GiNaC::numeric(v)), true};
      }
    }
    if (GiNaC::is_a<GiNaC::numeric>(exponent.ex) && !GiNaC::is_a<GiNaC::numeric>(base.ex)) {
      const double size = std::abs(GiNaC::ex_to<GiNaC::numeric>(exponent.ex).to_double()) *
                          static_cast<double>(largest_number_bits(base.ex));
      if (!(size <= kMaxSymbolicPowerBits)) {
        fail(n.offset, "the exponent " + printed(exponent.ex) +
                           " is too large to differentiate exactly (its magnitude times the bits "
                           "of the base's largest number is above " +
                           std::to_string(static_cast<long>(kMaxSymbolicPowerBits)) + ")");
      }
    }
    return checked(n, GiNaC::pow(base.ex, exponent.ex), base.constant && exponent.constant);
  }

  Value call(const AstNode& n) {
    std::vector<Value> args;
    for (const std::size_t c : n.children) args.push_back(node(c));
    const bool constant =
        std::all_of(args.begin(), args.end(), [](const Value& v) { return v.constant; });
    const GiNaC::ex& a = args[0].ex;
    const std::string& f = n.name;
    if (f == "pow") return power(n, args[0], args[1]);
    GiNaC::ex e;
    if (f == "exp") {
      e = GiNaC::exp(a);
    } else if (f == "log") {
      e = GiNaC::log(a);
    } else if (f == "sqrt") {
      e = GiNaC::sqrt(a);
    } else if (f == "abs") {
      e = GiNaC::abs(a);
    } else if (f == "sin") {
      e = GiNaC::sin(a);
    } else if (f == "cos") {
      e = GiNaC::cos(a);
    } else if (f == "tan") {
      e = GiNaC::tan(a);
    } else if (f == "asin") {
      e = GiNaC::asin(a);
    } else if (f == "acos") {
      e = GiNaC::acos(a);
    } else if (f == "atan") {
      e = GiNaC::atan(a);
    } else if (f == "sinh") {
      e = GiNaC::sinh(a);
    } else if (f == "cosh") {
      e = GiNaC::cosh(a);
    } else if (f == "tanh") {
      e = GiNaC::tanh(a);
    } else if (f == "asinh") {
      e = GiNaC::asinh(a);
    } else if (f == "acosh") {
      e = GiNaC::acosh(a);
    } else if (f == "atanh") {
      e = GiNaC::atanh(a);
    } else {
      fail(n.offset, "unknown function '" + f + "'");
    }
    return checked(n, e, constant);
  }

  Value sum(const AstNode& n) {
    const std::int64_t first = integer(n.children[0], "the first index of sum");
    const std::int64_t last = integer(n.children[1], "the last index of sum");
    GiNaC::exvector terms;
    bool constant = true;
    for (std::int64_t i = first; i <= last; ++i) {
      check_expansion(n.offset);
      bound_.emplace_back(n.name, i);
      Value term = node(n.children[2]);
      bound_.pop_back();
      constant = constant && term.constant;
      terms.push_back(std::move(term.ex));
    }
    return {GiNaC::ex(GiNaC::add(terms)), constant};
  }

  Value node(std::size_t id) {
    const AstNode& n = ast_.nodes[id];
    ++expanded_;
    try {
      switch (n.kind) {
        case NodeKind::Number:
          return number(n);
        case NodeKind::Pi:
          return {GiNaC::Pi, true};
        case NodeKind::Dim:
          return {GiNaC::ex(static_cast<long>(x_.size())), true};
        case NodeKind::Index:
          for (auto it = bound_.rbegin(); it != bound_.rend(); ++it) {
            if (it->first == n.name) return {GiNaC::ex(static_cast<long>(it->second)), true};
          }
          fail(n.offset, "the index " + n.name + " is used outside its sum");
        case NodeKind::Variable:
          return variable(n.variable, n.offset);
        case NodeKind::Indexed:
          return variable(integer(n.children[0], "the index of x[...]"), n.offset);
        case NodeKind::Call:
          return call(n);
        case NodeKind::Negate: {
          Value v = node(n.children[0]);
          return checked(n, -v.ex, v.constant);
        }
        case NodeKind::Add:
        case NodeKind::Subtract:
        case NodeKind::Multiply:
        case NodeKind::Divide: {
          const Value a = node(n.children[0]);
          const Value b = node(n.children[1]);
          const bool constant = a.constant && b.constant;
          if (n.kind == NodeKind::Add) return checked(n, a.ex + b.ex, constant);
          if (n.kind == NodeKind::Subtract) return checked(n, a.ex - b.ex, constant);
          if (n.kind == NodeKind::Multiply) return checked(n, a.ex * b.ex, constant);
          if (b.ex.is_zero()) fail(n.offset, "division by zero");
          return checked(n, a.ex / b.ex, constant);
        }
        case NodeKind::Power: {
          const Value a = node(n.children[0]);
          const Value b = node(n.children[1]);
          return power(n, a, b);
        }
        case NodeKind::Sum:
          return sum(n);
      }
    } catch (const ExpressionError&) {
      throw;
    } catch (const std::exception& e) {
      // GiNaC's own refusals: a pole (log(0), tan(pi/2)), a division by zero it finds itself.
      fail(n.offset, std::string("undefined: ") + e.what());
    }
    fail(n.offset, "unsupported expression");
  }

  const Ast& ast_;
  const GiNaC::exvector& x_;
  std::vector<std::pair<std::string, std::int64_t>> bound_;
  std::size_t expanded_ = 0;
};

}  // namespace

GiNaC::ex build_symbolic(const Ast& ast, const GiNaC::exvector& variables) {
  return Builder(ast, variables).build();
}

}  // namespace optbench::expression
