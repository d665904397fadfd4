#include "optbench/optimizers/optimizer_registry.hpp"

#include <charconv>
#include <sstream>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

const OptimizerInfo& find_optimizer(const std::string& name) {
  return optimizer_registry().get(name, "name");
}

Settings checked_optimizer_settings(const OptimizerInfo& info, const Settings& given) {
  std::vector<std::string> names;
  for (const auto& spec : info.params) names.push_back(spec.name);
  for (const auto& [key, value] : given.items()) {
    const ParamSpec* spec = nullptr;
    for (const auto& s : info.params) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      throw Error(key, "unknown hyperparameter of " + info.name + did_you_mean(key, names));
    }
    check_setting(*spec, value);
  }
  Settings complete = complete_settings(info.params, given);
  if (info.check) info.check(complete);
  return complete;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const Settings& given) {
  const OptimizerInfo& info = find_optimizer(name);
  return info.make(checked_optimizer_settings(info, given));
}

std::string optimizer_text(const std::string& name, const Settings& settings) {
  std::string out = name;
  for (const auto& [key, value] : settings.items()) {
    // A list as `0.9,0.999`: one word of the text, which parse_optimizer_text reads back.
    std::string cell = key_text(value);
    for (char& c : cell) {
      if (c == ' ') c = ',';
    }
    out += ' ' + key + '=' + cell;
  }
  return out;
}

namespace {

double parse_real(const std::string& key, const std::string& word) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size()) {
    throw Error(key, "'" + word + "' is not a number");
  }
  return value;
}

Setting parse_word(const ParamSpec& spec, const std::string& word) {
  switch (spec.type) {
    case SettingType::Real:
      return parse_real(spec.name, word);
    case SettingType::Integer: {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
      if (ec != std::errc() || end != word.data() + word.size()) {
        throw Error(spec.name, "'" + word + "' is not a whole number");
      }
      return value;
    }
    case SettingType::Bool:
      if (word == "true" || word == "false") return word == "true";
      throw Error(spec.name, "'" + word + "' is not true or false");
    case SettingType::RealList: {
      std::vector<double> values;
      std::istringstream in(word);
      for (std::string item; std::getline(in, item, ',');)
        values.push_back(parse_real(spec.name, item));
      return values;
    }
    case SettingType::Text:
      return word;
  }
  return word;
}

}  // namespace

std::pair<std::string, Settings> parse_optimizer_text(const std::string& text) {
  std::istringstream in(text);
  std::string name;
  in >> name;
  const OptimizerInfo& info = find_optimizer(name);
  Settings given;
  for (std::string word; in >> word;) {
    const auto equals = word.find('=');
    if (equals == std::string::npos) throw Error(word, "expected key=value");
    const std::string key = word.substr(0, equals);
    const ParamSpec* spec = nullptr;
    for (const auto& s : info.params) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto& s : info.params) names.push_back(s.name);
      throw Error(key, "unknown hyperparameter of " + name + did_you_mean(key, names));
    }
    given.set(key, parse_word(*spec, word.substr(equals + 1)));
  }
  return {name, checked_optimizer_settings(info, given)};
}

}  // namespace optbench
