// A small recursive-descent parser of our own: GiNaC's parser reports no column, and an error
// in a config must point at the character inside the expression. It builds a syntax tree with
// byte offsets; expression_builder.cpp turns the tree into GiNaC expressions.
//
//   expression := term (('+' | '-') term)*
//   term       := unary (('*' | '/') unary)*
//   unary      := ('-' | '+') unary | power
//   power      := primary (('^' | '**') unary)?       right-associative: 2^-x, a^b^c = a^(b^c)
//   primary    := number | name | name '(' arguments ')' | 'x' '[' expression ']'
//               | '(' expression ')'

#include "expression_parser.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "optbench/core/suggest.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"

namespace optbench {

const std::vector<ExpressionFunctionInfo>& expression_functions() {
  static const std::vector<ExpressionFunctionInfo> table{
      {"exp", 1, "e^a"},
      {"log", 1, "natural logarithm"},
      {"sqrt", 1, "square root"},
      {"abs", 1, "absolute value"},
      {"sin", 1, "sine"},
      {"cos", 1, "cosine"},
      {"tan", 1, "tangent"},
      {"asin", 1, "arcsine"},
      {"acos", 1, "arccosine"},
      {"atan", 1, "arctangent"},
      {"sinh", 1, "hyperbolic sine"},
      {"cosh", 1, "hyperbolic cosine"},
      {"tanh", 1, "hyperbolic tangent"},
      {"asinh", 1, "inverse hyperbolic sine"},
      {"acosh", 1, "inverse hyperbolic cosine"},
      {"atanh", 1, "inverse hyperbolic tangent"},
      {"pow", 2, "pow(a, b) = a^b"},
  };
  return table;
}

namespace expression {

namespace {

enum class Token : std::uint8_t {
  End,
  Number,
  Name,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,  // ^ or **
  Open,
  Close,
  OpenBracket,
  CloseBracket,
  Comma,
};

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string shown(char c) {
  if (std::isprint(static_cast<unsigned char>(c)) != 0) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02x",
                static_cast<unsigned>(static_cast<unsigned char>(c)));
  return buf;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Ast parse() {
    if (text_.size() > kMaxExpressionLength) {
      throw ExpressionError(0, "the expression has " + std::to_string(text_.size()) +
                                   " characters; at most " + std::to_string(kMaxExpressionLength) +
                                   " are accepted (write long sums with sum(i, first, last, ...))");
    }
    advance();
    if (token_ == Token::End) throw ExpressionError(0, "the expression is empty");
    ast_.root = expression(0);
    if (token_ == Token::Close) {
      throw ExpressionError(start_, "this ')' has no '(' to close");
    }
    if (token_ == Token::CloseBracket) {
      throw ExpressionError(start_, "this ']' has no '[' to close");
    }
    if (token_ != Token::End) missing_operator();
    return std::move(ast_);
  }

 private:
  // ---- lexer --------------------------------------------------------------------------------

  void advance() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    start_ = pos_;
    if (pos_ >= text_.size()) {
      token_ = Token::End;
      return;
    }
    const char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
      lex_number();
      return;
    }
    if (is_name_start(c)) {
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      token_ = Token::Name;
      lexeme_ = std::string(text_.substr(start_, pos_ - start_));
      return;
    }
    ++pos_;
    switch (c) {
      case '+':
        token_ = Token::Plus;
        return;
      case '-':
        token_ = Token::Minus;
        return;
      case '*':
        if (pos_ < text_.size() && text_[pos_] == '*') {
          ++pos_;
          token_ = Token::Caret;
          return;
        }
        token_ = Token::Star;
        return;
      case '/':
        token_ = Token::Slash;
        return;
      case '^':
        token_ = Token::Caret;
        return;
      case '(':
        token_ = Token::Open;
        return;
      case ')':
        token_ = Token::Close;
        return;
      case '[':
        token_ = Token::OpenBracket;
        return;
      case ']':
        token_ = Token::CloseBracket;
        return;
      case ',':
        token_ = Token::Comma;
        return;
      default:
        break;
    }
    throw ExpressionError(start_, "unexpected character " + shown(c) +
                                      " (an expression uses numbers, x0, x1, ..., + - * / ^, "
                                      "parentheses and functions such as exp(...))");
  }

  void lex_number() {
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p >= text_.size() || !is_digit(text_[p])) {
        throw ExpressionError(pos_, "the exponent of this number needs digits, as in 1e-3");
      }
      while (p < text_.size() && is_digit(text_[p])) ++p;
      pos_ = p;
    }
    token_ = Token::Number;
    lexeme_ = std::string(text_.substr(start_, pos_ - start_));
  }

  std::string current_text() const {
    if (token_ == Token::End) return "the end";
    return "'" + std::string(text_.substr(start_, pos_ - start_)) + "'";
  }

  [[noreturn]] void missing_operator() const {
    throw ExpressionError(
        start_, "expected an operator before " + current_text() + " (write 2*x0, not 2x0 or 2 x0)");
  }

  // ---- tree ---------------------------------------------------------------------------------

  std::size_t add(NodeKind kind, std::size_t offset, std::vector<std::size_t> children = {},
                  std::string name = {}) {
    AstNode node;
    node.kind = kind;
    node.offset = offset;
    node.children = std::move(children);
    node.name = std::move(name);
    ast_.nodes.push_back(std::move(node));
    return ast_.nodes.size() - 1;
  }

  void enter(std::size_t offset, int depth) const {
    if (depth > kMaxExpressionDepth) {
      throw ExpressionError(offset, "the expression nests more than " +
                                        std::to_string(kMaxExpressionDepth) + " levels deep");
    }
  }

  // ---- grammar ------------------------------------------------------------------------------

  std::size_t expression(int depth) {
    enter(start_, depth);
    std::size_t left = term(depth);
    while (token_ == Token::Plus || token_ == Token::Minus) {
      const NodeKind kind = token_ == Token::Plus ? NodeKind::Add : NodeKind::Subtract;
      const std::size_t at = start_;
      advance();
      const std::size_t right = term(depth);
      left = add(kind, at, {left, right});
    }
    return left;
  }

  std::size_t term(int depth) {
    std::size_t left = unary(depth);
    while (token_ == Token::Star || token_ == Token::Slash) {
      const NodeKind kind = token_ == Token::Star ? NodeKind::Multiply : NodeKind::Divide;
      const std::size_t at = start_;
      advance();
      const std::size_t right = unary(depth);
      left = add(kind, at, {left, right});
    }
    return left;
  }

  std::size_t unary(int depth) {
    enter(start_, depth);
    if (token_ == Token::Minus || token_ == Token::Plus) {
      const bool negate = token_ == Token::Minus;
      const std::size_t at = start_;
      advance();
      const std::size_t operand = unary(depth + 1);
      return negate ? add(NodeKind::Negate, at, {operand}) : operand;
    }
    return power(depth);
  }

  std::size_t power(int depth) {
    const std::size_t base = primary(depth);
    if (token_ != Token::Caret) return base;
    const std::size_t at = start_;
    advance();
    const std::size_t exponent = unary(depth + 1);
    return add(NodeKind::Power, at, {base, exponent});
  }

  [[noreturn]] void expected_value(const std::string& after) const {
    if (token_ == Token::End) {
      throw ExpressionError(start_, "the expression ends where a value is expected" + after);
    }
    throw ExpressionError(start_, "expected a value, got " + current_text() + after);
  }

  std::size_t primary(int depth) {
    const std::size_t at = start_;
    switch (token_) {
      case Token::Number: {
        const std::size_t node = add(NodeKind::Number, at, {}, lexeme_);
        advance();
        if (token_ == Token::Number || token_ == Token::Name || token_ == Token::Open) {
          missing_operator();
        }
        return node;
      }
      case Token::Name:
        return name(depth);
      case Token::Open: {
        advance();
        const std::size_t inner = expression(depth + 1);
        if (token_ != Token::Close) {
          if (token_ == Token::End || token_ == Token::Comma || token_ == Token::CloseBracket) {
            throw ExpressionError(at, "this '(' is never closed");
          }
          missing_operator();
        }
        advance();
        after_operand();
        return inner;
      }
      default:
        break;
    }
    expected_value("");
  }

  // A value followed directly by another value ("2 x0", "(a)(b)") lacks an operator.
  void after_operand() const {
    if (token_ == Token::Number || token_ == Token::Name || token_ == Token::Open) {
      missing_operator();
    }
  }

  static bool is_function(const std::string& n, int* arity) {
    for (const auto& f : expression_functions()) {
      if (f.name == n) {
        *arity = f.arity;
        return true;
      }
    }
    return false;
  }

  static std::vector<std::string> known_names() {
    std::vector<std::string> names{"sum", "pi", "dim", "x0", "x1"};
    for (const auto& f : expression_functions()) names.push_back(f.name);
    return names;
  }

  bool is_index(const std::string& n) const {
    return std::find(indices_.begin(), indices_.end(), n) != indices_.end();
  }

  // xN -> N, or nullopt when `n` is not of that form.
  static std::optional<std::int64_t> variable_number(const std::string& n, std::size_t at) {
    if (n.size() < 2 || n[0] != 'x') return std::nullopt;
    for (std::size_t i = 1; i < n.size(); ++i) {
      if (!is_digit(n[i])) return std::nullopt;
    }
    if (n.size() > 2 && n[1] == '0') {
      throw ExpressionError(at,
                            "write x" + std::to_string(std::stoll(n.substr(1, 18))) + ", not " + n);
    }
    if (n.size() > 10) throw ExpressionError(at, n + " is beyond any dimension");
    return std::stoll(n.substr(1));
  }

  std::size_t name(int depth) {
    const std::size_t at = start_;
    const std::string n = lexeme_;
    advance();
    if (token_ == Token::Open) return call(n, at, depth);
    if (n == "x" && token_ == Token::OpenBracket) {
      advance();
      const std::size_t index = expression(depth + 1);
      if (token_ != Token::CloseBracket) {
        if (token_ == Token::End || token_ == Token::Comma || token_ == Token::Close) {
          throw ExpressionError(at + 1, "this '[' is never closed");
        }
        missing_operator();
      }
      advance();
      after_operand();
      ast_.uses_dim = true;
      return add(NodeKind::Indexed, at, {index});
    }
    after_operand();
    if (is_index(n)) return add(NodeKind::Index, at, {}, n);
    if (const auto number = variable_number(n, at)) {
      const std::size_t node = add(NodeKind::Variable, at);
      ast_.nodes[node].variable = *number;
      if (!ast_.highest_variable || *number > *ast_.highest_variable) {
        ast_.highest_variable = *number;
        ast_.highest_variable_offset = at;
      }
      return node;
    }
    if (n == "pi") return add(NodeKind::Pi, at);
    if (n == "dim") {
      ast_.uses_dim = true;
      return add(NodeKind::Dim, at);
    }
    int arity = 0;
    if (n == "x") {
      throw ExpressionError(at, "x needs a number or an index: x0, x1, ... or x[i] inside sum");
    }
    if (is_function(n, &arity) || n == "sum") {
      throw ExpressionError(at, n + " is a function: write " + n + "(...)");
    }
    std::vector<std::string> candidates = known_names();
    candidates.insert(candidates.end(), indices_.begin(), indices_.end());
    // A one- or two-letter name (y, ab) is rarely a misspelling of anything.
    throw ExpressionError(at, "unknown variable '" + n +
                                  "': the variables are x0, x1, ... (x[i] inside sum)" +
                                  (n.size() > 2 ? did_you_mean(n, candidates) : std::string()));
  }

  std::vector<std::size_t> arguments(const std::string& n, std::size_t open, int depth) {
    std::vector<std::size_t> args;
    advance();  // past '('
    if (token_ == Token::Close) {
      advance();
      return args;
    }
    while (true) {
      args.push_back(expression(depth + 1));
      if (token_ == Token::Comma) {
        advance();
        continue;
      }
      if (token_ == Token::Close) break;
      if (token_ == Token::End || token_ == Token::CloseBracket) {
        throw ExpressionError(open, "this '(' of " + n + "(...) is never closed");
      }
      missing_operator();
    }
    advance();
    after_operand();
    return args;
  }

  std::size_t call(const std::string& n, std::size_t at, int depth) {
    enter(at, depth + 1);
    if (n == "sum") return sum(at, depth);
    int arity = 0;
    if (!is_function(n, &arity)) {
      std::vector<std::string> names{"sum"};
      for (const auto& f : expression_functions()) names.push_back(f.name);
      const bool variable =
          n == "x" || variable_number(n, at).has_value() || is_index(n) || n == "pi" || n == "dim";
      if (variable) {
        throw ExpressionError(
            start_, "expected an operator before '(' (write " + n + "*(...), not " + n + "(...))");
      }
      throw ExpressionError(at, "unknown function '" + n + "'" + did_you_mean(n, names));
    }
    const std::size_t open = start_;
    std::vector<std::size_t> args = arguments(n, open, depth);
    if (static_cast<int>(args.size()) != arity) {
      throw ExpressionError(at, n + " takes " + std::to_string(arity) + " argument" +
                                    (arity == 1 ? "" : "s") + ", got " +
                                    std::to_string(args.size()));
    }
    return add(NodeKind::Call, at, std::move(args), n);
  }

  // sum(i, first, last, body): the index is bound in the body only.
  std::size_t sum(std::size_t at, int depth) {
    const std::size_t open = start_;
    advance();
    const char* usage = "sum needs an index name first, as in sum(i, 0, dim-1, x[i]^2)";
    if (token_ != Token::Name) throw ExpressionError(start_, usage);
    const std::string index = lexeme_;
    const std::size_t index_at = start_;
    int arity = 0;
    if (index == "x" || variable_number(index, index_at) || index == "pi" || index == "dim" ||
        index == "sum" || is_function(index, &arity)) {
      throw ExpressionError(index_at, "'" + index + "' cannot name a sum's index; " + usage);
    }
    if (is_index(index)) {
      throw ExpressionError(index_at, "'" + index + "' is already the index of an enclosing sum");
    }
    advance();
    if (token_ != Token::Comma) throw ExpressionError(start_, usage);
    advance();
    const std::size_t first = expression(depth + 1);
    if (token_ != Token::Comma) {
      throw ExpressionError(start_, "sum(i, first, last, body) needs four arguments");
    }
    advance();
    const std::size_t last = expression(depth + 1);
    if (token_ != Token::Comma) {
      throw ExpressionError(start_, "sum(i, first, last, body) needs four arguments");
    }
    advance();
    indices_.push_back(index);
    const std::size_t body = expression(depth + 1);
    indices_.pop_back();
    if (token_ == Token::Comma) {
      throw ExpressionError(start_, "sum(i, first, last, body) takes four arguments");
    }
    if (token_ != Token::Close) {
      if (token_ == Token::End || token_ == Token::CloseBracket) {
        throw ExpressionError(open, "this '(' of sum(...) is never closed");
      }
      missing_operator();
    }
    advance();
    after_operand();
    return add(NodeKind::Sum, at, {first, last, body}, index);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  Token token_ = Token::End;
  std::string lexeme_;
  std::vector<std::string> indices_;
  Ast ast_;
};

}  // namespace

Ast parse_expression(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace expression

ExpressionShape check_expression_syntax(std::string_view text) {
  const expression::Ast ast = expression::parse_expression(text);
  return {ast.highest_variable, ast.uses_dim};
}

}  // namespace optbench
