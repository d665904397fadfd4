#include "optbench/io/manifest.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>

#include "optbench/core/build_info.hpp"
#include "optbench/io/atomic_file.hpp"

namespace optbench {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + '"';
}

// A string field read back whole and unescaped (the config's text can be long: no regex).
std::string string_field(const std::string& json, const std::string& key) {
  const std::string opening = "\"" + key + "\": \"";
  std::size_t i = json.find(opening);
  if (i == std::string::npos) return "";
  std::string out;
  for (i += opening.size(); i < json.size() && json[i] != '"'; ++i) {
    if (json[i] != '\\' || i + 1 >= json.size()) {
      out += json[i];
      continue;
    }
    const char c = json[++i];
    if (c == 'n')
      out += '\n';
    else if (c == 'r')
      out += '\r';
    else if (c == 't')
      out += '\t';
    else if (c == 'u' && i + 4 < json.size()) {
      out += static_cast<char>(std::strtol(json.substr(i + 1, 4).c_str(), nullptr, 16));
      i += 4;
    } else {
      out += c;
    }
  }
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

// Reads back one field of a manifest this file wrote (one "key": value per line).
std::string field(const std::string& json, const std::string& key) {
  const std::regex re("\"" + key + "\": (\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\n]*)");
  std::smatch m;
  if (!std::regex_search(json, m, re)) return "";
  return m[2].matched ? m[2].str() : m[1].str();
}

// One file per line: read_manifest reads them back line by line.
std::string file_list(const std::vector<InputFile>& files) {
  std::string out = "[";
  for (std::size_t i = 0; i < files.size(); ++i) {
    out += std::string(i == 0 ? "" : ",") + "\n    {\"path\": " + json_string(files[i].path) +
           ", \"bytes\": " + std::to_string(files[i].bytes) +
           ", \"crc32\": " + json_string(files[i].crc32) + "}";
  }
  return out + (files.empty() ? "]" : "\n  ]");
}

// The {"path", "bytes", "crc32"} entries of the list `key`, as file_list wrote them.
std::vector<InputFile> read_file_list(const std::string& json, const std::string& key) {
  static const std::regex entry(
      R"re(\{"path": "((?:[^"\\]|\\.)*)", "bytes": ([0-9]+), "crc32": "([0-9a-f]{8})"\})re");
  std::vector<InputFile> out;
  const std::string opening = "\"" + key + "\": [";
  const std::size_t begin = json.find(opening);
  // An empty list closes on its line; the next "\n  ]" would be another list's end.
  if (begin == std::string::npos || json.compare(begin + opening.size(), 1, "]") == 0) return out;
  const std::size_t end = json.find("\n  ]", begin);
  if (end == std::string::npos) return out;
  const std::string list = json.substr(begin, end - begin);
  for (auto it = std::sregex_iterator(list.begin(), list.end(), entry);
       it != std::sregex_iterator(); ++it) {
    out.push_back(
        {(*it)[1].str(), std::strtoull((*it)[2].str().c_str(), nullptr, 10), (*it)[3].str()});
  }
  return out;
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Manifest build_manifest() {
  const BuildInfo& b = build_info();
  Manifest m;
  m.version = std::string(b.version);
  m.git_revision = std::string(b.git_revision);
  m.compiler = std::string(b.compiler);
  m.flags = std::string(b.flags) + " (" + std::string(b.build_type) + ")";
  m.cpu = cpu_model();
  m.started = utc_now();
  m.csv_format = kCsvFormat;
  return m;
}

std::string to_json(const Manifest& m) {
  std::string out = "{\n";
  auto add = [&](const std::string& key, const std::string& value, bool last = false) {
    out += "  \"" + key + "\": " + value + (last ? "\n" : ",\n");
  };
  add("name", json_string(m.name));
  add("kind", json_string(m.kind));
  add("config_file", json_string(m.config_file));
  add("config_hash", json_string(m.config_hash));
  add("runs", std::to_string(m.runs));
  add("shard", json_string(std::to_string(m.shard_index) + "/" + std::to_string(m.shard_count)));
  add("optbench_version", json_string(m.version));
  add("git_revision", json_string(m.git_revision));
  add("compiler", json_string(m.compiler));
  add("flags", json_string(m.flags));
  add("cpu", json_string(m.cpu));
  add("started", json_string(m.started));
  add("finished", m.finished.empty() ? std::string("null") : json_string(m.finished));
  add("complete", m.complete ? "true" : "false");
  add("csv_format", std::to_string(m.csv_format));
  add("inputs", file_list(m.inputs));
  add("plugins", file_list(m.plugins));
  add("config", json_string(m.config_text), true);
  return out + "}\n";
}

std::optional<Manifest> read_manifest(const std::string& dir) {
  const std::string path = dir + "/manifest.json";
  if (!std::filesystem::exists(path)) return std::nullopt;
  const std::string json = read_file(path);
  Manifest m;
  m.name = field(json, "name");
  m.kind = field(json, "kind");
  m.config_hash = field(json, "config_hash");
  m.version = field(json, "optbench_version");
  m.complete = field(json, "complete") == "true";
  const std::string format = field(json, "csv_format");
  m.csv_format = format.empty() ? 1 : std::atoi(format.c_str());
  m.runs = static_cast<std::size_t>(std::strtoull(field(json, "runs").c_str(), nullptr, 10));
  const std::string shard = field(json, "shard");
  std::sscanf(shard.c_str(), "%d/%d", &m.shard_index, &m.shard_count);
  m.started = field(json, "started");
  m.finished = string_field(json, "finished");
  m.config_file = string_field(json, "config_file");
  m.git_revision = string_field(json, "git_revision");
  m.compiler = string_field(json, "compiler");
  m.flags = string_field(json, "flags");
  m.cpu = string_field(json, "cpu");
  m.config_text = string_field(json, "config");
  m.inputs = read_file_list(json, "inputs");
  m.plugins = read_file_list(json, "plugins");
  return m;
}

}  // namespace optbench
