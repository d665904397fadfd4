#include "optbench/core/plugin_loader.hpp"

#include <dlfcn.h>
#include <elf.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "optbench/core/build_info.hpp"
#include "optbench/core/error.hpp"
#include "optbench/plugin.hpp"

namespace optbench {

namespace {

std::vector<std::string>& plugins() {
  static std::vector<std::string> loaded;
  return loaded;
}

// The four bytes every ELF file starts with; anything else is refused before dlopen, whose
// message for a text file ("invalid ELF header") says less.
bool has_elf_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  constexpr char kElf[4] = {0x7f, 'E', 'L', 'F'};
  char magic[4] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 4 && std::memcmp(magic, kElf, sizeof kElf) == 0;
}

// Whether every part the ELF headers name (program headers, their segments, section headers)
// lies inside the file. dlopen maps a truncated library's segments past the end of the file and
// the first access to them is a SIGBUS, so such a file is refused before it is loaded.
bool elf_extents_inside(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  Elf64_Ehdr header{};
  if (!in.read(reinterpret_cast<char*>(&header), sizeof header)) return false;
  if (header.e_ident[EI_CLASS] != ELFCLASS64) return true;  // dlopen explains another class
  const auto within = [size](std::uint64_t offset, std::uint64_t bytes) {
    return offset <= size && bytes <= size - offset;
  };
  const std::uint64_t phbytes = std::uint64_t{header.e_phnum} * header.e_phentsize;
  const std::uint64_t shbytes = std::uint64_t{header.e_shnum} * header.e_shentsize;
  if (!within(header.e_phoff, phbytes) || !within(header.e_shoff, shbytes)) return false;
  if (header.e_phentsize != sizeof(Elf64_Phdr)) return header.e_phnum == 0;
  for (std::uint16_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + std::uint64_t{i} * sizeof segment));
    if (!in.read(reinterpret_cast<char*>(&segment), sizeof segment)) return false;
    if (!within(segment.p_offset, segment.p_filesz)) return false;
  }
  return true;
}

template <class Function>
Function* symbol(void* handle, const char* name) {
  // POSIX guarantees that a data pointer from dlsym converts to a function pointer.
  return reinterpret_cast<Function*>(dlsym(handle, name));
}

}  // namespace

namespace {
std::atomic<bool> loading_enabled{true};
}  // namespace

void set_plugin_loading(bool enabled) {
  loading_enabled = enabled;
}

std::string load_plugin(const std::string& path) {
  namespace fs = std::filesystem;
  if (!loading_enabled) throw Error("", "plugin loading is turned off in this program");
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error("", "no such file");
  if (!fs::is_regular_file(path, ec)) throw Error("", "is not a file");
  std::string absolute = fs::canonical(path, ec).string();
  if (ec) throw Error("", "cannot resolve the path: " + ec.message());
  for (const auto& done : plugins()) {
    if (done == absolute) return absolute;
  }
  if (!has_elf_header(absolute)) {
    throw Error("",
                "is not a shared library (no ELF header); build a plugin with "
                "add_library(NAME MODULE ...) linked to optbench::plugin");
  }
  if (!elf_extents_inside(absolute)) {
    throw Error("",
                "is truncated or damaged: its ELF headers name parts past the end of the "
                "file; build or copy it again");
  }
  // RTLD_NOW: a symbol the program does not export is reported here, not at the first call.
  void* handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw Error("", std::string("cannot load it: ") + (why != nullptr ? why : "dlopen failed") +
                        " (a plugin takes optbench's functions from the program that loads "
                        "it: build it against this optbench, linked to optbench::plugin)");
  }
  // The library stays loaded for the life of the process: the registries hold its functions.
  auto* const register_fn = symbol<void()>(handle, "optbench_register_plugin");
  auto* const version_fn = symbol<const char*()>(handle, "optbench_plugin_version");
  auto* const abi_fn = symbol<int()>(handle, "optbench_plugin_abi");
  if (register_fn == nullptr || version_fn == nullptr || abi_fn == nullptr) {
    throw Error("",
                "is not an optbench plugin: it does not export optbench_register_plugin, "
                "optbench_plugin_version and optbench_plugin_abi (write "
                "OPTBENCH_PLUGIN(your_register_function) from optbench/plugin.hpp in it)");
  }
  const std::string version = version_fn();
  const int abi = abi_fn();
  const std::string mine(build_info().version);
  if (abi != OPTBENCH_PLUGIN_ABI || version != mine) {
    throw Error("", "was built for optbench " + version + " (plugin ABI " + std::to_string(abi) +
                        "), this is optbench " + mine + " (plugin ABI " +
                        std::to_string(OPTBENCH_PLUGIN_ABI) +
                        "): rebuild the plugin against this optbench");
  }
  try {
    register_fn();
  } catch (const Error& e) {
    throw Error("", "its registration failed: " + e.message());
  } catch (const std::exception& e) {
    throw Error("", std::string("its registration failed: ") + e.what());
  }
  plugins().push_back(absolute);
  return absolute;
}

const std::vector<std::string>& loaded_plugins() {
  return plugins();
}

}  // namespace optbench
