#include "yaml_node.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "optbench/core/suggest.hpp"

namespace optbench::yaml {

namespace {

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  // yaml-cpp's marks are 0-based; messages are 1-based. A missing mark is -1.
  return {file, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

bool is_quoted(const YAML::Node& node) {
  return node.Tag() == "!";
}

// The 0-based line `index` of text, without its newline.
std::string line_of(const std::string& text, int index) {
  std::size_t begin = 0;
  for (int i = 0; i < index; ++i) {
    begin = text.find('\n', begin);
    if (begin == std::string::npos) return {};
    ++begin;
  }
  const std::size_t end = text.find('\n', begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// Where an empty value was introduced: yaml-cpp marks an empty value at the next token, often on
// a later line. When nothing precedes that mark on its line, the value belongs to the `key:` or
// `-` ending the last line before it with content; returns that 1-based line and column.
std::optional<std::pair<int, int>> introducer(const std::string& text, const YAML::Mark& mark) {
  const std::string here = line_of(text, mark.line);
  const std::size_t before = std::min(static_cast<std::size_t>(mark.column), here.size());
  if (here.substr(0, before).find_first_not_of(" \t\r") != std::string::npos) return std::nullopt;
  for (int i = mark.line - 1; i >= 0; --i) {
    std::string line = line_of(text, i);
    for (std::size_t c = 0; c < line.size(); ++c) {
      if (line[c] == '#' && (c == 0 || line[c - 1] == ' ' || line[c - 1] == '\t')) {
        line.resize(c);
        break;
      }
    }
    const std::size_t last = line.find_last_not_of(" \t\r");
    if (last == std::string::npos) continue;
    if (line[last] != ':' && line[last] != '-') return std::nullopt;
    return std::pair<int, int>{i + 1, static_cast<int>(last) + 1};
  }
  return std::nullopt;
}

// yaml-cpp reads a quoted scalar that never closes as running to the end of the file; refuse it.
void check_closed_quote(const YAML::Node& node, const std::string& text, const std::string& file,
                        const std::string& path) {
  if (!node.IsScalar() || !is_quoted(node)) return;
  const YAML::Mark mark = node.Mark();
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return;
  const char quote = text[static_cast<std::size_t>(mark.pos)];
  if (quote != '"' && quote != '\'') return;  // an explicit `!` tag, or a byte-order mark
  for (std::size_t i = static_cast<std::size_t>(mark.pos) + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return;
      }
    }
  }
  throw Error(
      location_of(mark, file), path,
      std::string("malformed YAML: the string opened with ") + quote + " here never closes");
}

// Aliases share nodes, so a small file can describe an enormous tree (each level of aliases
// multiplies it) or one that contains itself; every later reader walks the tree whole. This many
// values (aliases expanded) is far beyond any real config.
constexpr std::size_t kMaxNodes = 100000;

struct TreeWalk {
  const std::string& text;
  const std::string& file;
  std::vector<YAML::Node> ancestors;
  std::size_t visited = 0;
};

// Refuses a node that contains itself, a tree beyond kMaxNodes, duplicate keys (yaml-cpp accepts
// them silently and keeps the first) and unclosed quotes.
void check_tree(const YAML::Node& node, TreeWalk& walk, const std::string& path) {
  if (++walk.visited > kMaxNodes) {
    throw Error(location_of(node.Mark(), walk.file), path,
                "the config holds more than " + std::to_string(kMaxNodes) +
                    " values once its aliases are expanded; write it without nested aliases");
  }
  for (const YAML::Node& ancestor : walk.ancestors) {
    if (ancestor.is(node)) {
      throw Error(location_of(node.Mark(), walk.file), path,
                  "an alias makes this value contain itself (a cycle): YAML aliases may only "
                  "refer to values defined before them and outside them");
    }
  }
  if (!node.IsMap() && !node.IsSequence()) {
    check_closed_quote(node, walk.text, walk.file, path);
    return;
  }
  walk.ancestors.push_back(node);
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      const std::string child = join_key(path, key);
      check_closed_quote(kv.first, walk.text, walk.file, child);
      auto [it, inserted] = seen.emplace(key, kv.first.Mark());
      if (!inserted) {
        throw Error(
            location_of(kv.first.Mark(), walk.file), child,
            "duplicate key (first given on line " + std::to_string(it->second.line + 1) + ")");
      }
      check_tree(kv.second, walk, child);
    }
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_tree(node[i], walk, path + "[" + std::to_string(i) + "]");
    }
  }
  walk.ancestors.pop_back();
}

// A YAML error, said more plainly where a tab indents the offending line (yaml-cpp's "illegal map
// value" or "illegal block entry" hide that).
Error malformed(const YAML::Exception& e, const std::string& text, const std::string& file) {
  if (e.mark.line >= 0) {
    const std::string line = line_of(text, e.mark.line);
    const std::size_t content = line.find_first_not_of(" \t");
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos && (content == std::string::npos || tab < content)) {
      return Error({file, e.mark.line + 1, static_cast<int>(tab) + 1}, "",
                   "malformed YAML: a tab indents this line; YAML indents with spaces only");
    }
  }
  return Error(location_of(e.mark, file), "", "malformed YAML: " + e.msg);
}

// Where the second document of a multi-document file starts: its `---` line, else its root.
SourceLocation second_document(const YAML::Node& first, const YAML::Node& second,
                               const std::string& text, const std::string& file) {
  const int first_line = std::max(first.Mark().line, 0);
  const int last = second.Mark().line >= 0
                       ? second.Mark().line
                       : static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  for (int i = last; i > first_line; --i) {
    if (line_of(text, i).rfind("---", 0) == 0) return {file, i + 1, 1};
  }
  return location_of(second.Mark(), file);
}

}  // namespace

std::optional<double> parse_finite_number(const std::string& text) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (begin == end || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

SourceLocation Node::where() const {
  const YAML::Mark mark = node.Mark();
  if (source && node.IsNull() && mark.line >= 0 && mark.column >= 0) {
    if (const auto at = introducer(*source, mark)) return {file, at->first, at->second};
  }
  return location_of(mark, file);
}

void Node::fail(const std::string& message) const {
  throw Error(where(), keypath, message);
}

void Node::fail_expected(const std::string& what) const {
  fail(node.IsNull() ? "is empty: must be " + what : "must be " + what);
}

Node Node::child(const std::string& key) const {
  YAML::Node c;
  for (const auto& kv : node) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) c = kv.second;
  }
  return {c, file, join_key(keypath, key), source};
}

Node Node::item(std::size_t index) const {
  return {node[index], file, keypath + "[" + std::to_string(index) + "]", source};
}

double Node::number() const {
  if (!node.IsScalar()) fail_expected("a number");
  const std::string& s = node.Scalar();
  if (is_quoted(node)) fail("must be a number, not the quoted string \"" + s + "\"");
  if (s == ".nan" || s == ".NaN" || s == ".NAN" || s == "nan" || s == "NaN") {
    fail("must be a finite number, got " + s);
  }
  if (s.find("inf") != std::string::npos || s.find("Inf") != std::string::npos ||
      s.find("INF") != std::string::npos) {
    fail("must be a finite number, got " + s);
  }
  const auto value = parse_finite_number(s);
  if (!value) fail("must be a number, got '" + s + "'");
  return *value;
}

std::int64_t Node::integer() const {
  const double value = number();
  if (value != std::floor(value) || std::abs(value) > 9.0e15) {
    fail("must be a whole number, got " + node.Scalar());
  }
  return static_cast<std::int64_t>(value);
}

bool Node::flag() const {
  if (node.IsScalar() && !is_quoted(node)) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  fail_expected("true or false");
}

std::string Node::text() const {
  if (!node.IsScalar() || node.Scalar().empty()) fail_expected("a name");
  return node.Scalar();
}

std::vector<double> Node::numbers() const {
  if (!node.IsSequence()) fail_expected("a list of numbers");
  std::vector<double> out;
  out.reserve(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(item(i).number());
  return out;
}

Setting Node::setting(SettingType type) const {
  switch (type) {
    case SettingType::Real:
      return number();
    case SettingType::Integer:
      return integer();
    case SettingType::Bool:
      return flag();
    case SettingType::RealList:
      return numbers();
    case SettingType::Text:
      return text();
  }
  fail("unsupported value");
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  if (!node.IsMap()) fail_expected("a map of keys to values");
  std::vector<std::pair<std::string, Node>> out;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      throw Error(location_of(kv.first.Mark(), file), keypath, "keys must be names");
    }
    const std::string key = kv.first.Scalar();
    out.emplace_back(key, Node{kv.second, file, join_key(keypath, key), source});
  }
  return out;
}

void Node::expect_keys(const std::vector<std::string>& allowed) const {
  if (!node.IsMap()) fail_expected("a map of keys to values");
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      throw Error(location_of(kv.first.Mark(), file), keypath, "keys must be names");
    }
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == key;
    if (!ok) {
      throw Error(location_of(kv.first.Mark(), file), join_key(keypath, key),
                  "unknown key" + did_you_mean(key, allowed));
    }
  }
}

namespace {

// yaml-cpp 0.7 can spin for minutes (allocating all the while) on runs of commas inside a flow
// collection, which YAML forbids anyway ("[a, , b]"): refuse them before the parser sees them.
void check_flow_commas(const std::string& text, const std::string& file) {
  int depth = 0;
  int line = 1;
  int column = 0;
  char quote = 0;
  bool comment = false;
  bool after_comma = false;
  char previous = 0;  // the last character on this line that is not a blank
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
      previous = 0;
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      comment = true;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      after_comma = false;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    if (c == ' ' || c == '\t' || c == '\r') continue;
    const char before = previous;
    previous = c;
    // Outside flow collections no value starts with ',' (an indicator); yaml-cpp spins on
    // a line that does, so it is refused here too.
    if (c == ',' && depth == 0 && (before == 0 || before == ':' || before == '-')) {
      throw Error({file, line, column}, "", "malformed YAML: a value cannot start with ','");
    }
    if (c == ',' && depth > 0) {
      if (after_comma) {
        throw Error({file, line, column}, "",
                    "malformed YAML: an empty entry (two commas) in a "
                    "flow collection");
      }
      after_comma = true;
      continue;
    }
    after_comma = false;
  }
}

}  // namespace

// yaml-cpp 0.7 loops for minutes, allocating all the while, on some malformed inputs (fuzzing
// found several). A child process parses the text first; if it has not finished within a few
// seconds it is killed and the file is reported as malformed instead of hanging optbench.
void check_parser_finishes(const std::string& text, const std::string& file) {
  const pid_t child = ::fork();
  if (child < 0) return;  // no process to spare: parse directly
  if (child == 0) {
    try {
      (void)YAML::LoadAll(text);
    } catch (...) {
    }
    ::_exit(0);
  }
  constexpr int kMillisecondsAllowed = 3000;
  for (int waited = 0; waited < kMillisecondsAllowed; ++waited) {
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) return;
    ::usleep(1000);
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  throw Error({file, 1, 1}, "", "malformed YAML: the parser did not finish on this file");
}

Node parse(const std::string& text, const std::string& file) {
  check_flow_commas(text, file);
  check_parser_finishes(text, file);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw malformed(e, text, file);
  }
  const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  if (!root.IsDefined() || root.IsNull()) throw Error({file, 1, 1}, "", "the config is empty");
  if (!root.IsMap()) {
    throw Error(location_of(root.Mark(), file), "", "the config must be a map of keys to values");
  }
  if (documents.size() > 1) {
    // yaml-cpp's Load would keep the first document and drop the rest without a word.
    throw Error(second_document(root, documents[1], text, file), "",
                "a second YAML document starts here; a config is one document (remove the ---)");
  }
  TreeWalk walk{text, file, {}, 0};
  check_tree(root, walk, "");
  return {root, file, "", std::make_shared<const std::string>(text)};
}

}  // namespace optbench::yaml
