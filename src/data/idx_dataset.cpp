#include "optbench/data/idx_dataset.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "optbench/core/error.hpp"

namespace optbench {

namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr std::size_t kChunk = std::size_t{1} << 24;

std::string hex(std::uint32_t v) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", static_cast<unsigned>(v));
  return buffer;
}

/// A gzip (or plain) file opened for reading with zlib, closed on destruction.
class GzReader {
 public:
  explicit GzReader(const std::string& path) : path_(path) {
    if (!std::filesystem::is_regular_file(path)) {
      throw Error({path, 0, 0}, "", "cannot read the file (does it exist?)");
    }
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) throw Error({path, 0, 0}, "", "cannot open the file");
  }
  ~GzReader() { gzclose(file_); }
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;

  /// Appends up to `count` bytes to `out`; returns how many came (fewer: the file ended).
  std::size_t read(std::vector<unsigned char>& out, std::size_t count) {
    std::size_t done = 0;
    while (done < count) {
      const std::size_t want = std::min(count - done, kChunk);
      const std::size_t old = out.size();
      out.resize(old + want);
      const int got = gzread(file_, out.data() + old, static_cast<unsigned>(want));
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        throw Error({path_, 0, 0}, "",
                    std::string("corrupt compressed data (zlib: ") + message + ")");
      }
      out.resize(old + static_cast<std::size_t>(got));
      done += static_cast<std::size_t>(got);
      if (static_cast<std::size_t>(got) < want) break;
    }
    return done;
  }

  /// Reads exactly `count` bytes of `what`, else throws Error (truncated file).
  std::vector<unsigned char> read_exact(std::size_t count, std::size_t offset,
                                        const std::string& what) {
    std::vector<unsigned char> out;
    out.reserve(std::min(count, kChunk));
    const std::size_t got = read(out, count);
    if (got < count) {
      throw Error({path_, 0, 0}, "",
                  "truncated: the file ends after " + std::to_string(offset + got) +
                      " bytes, inside the " + what + " (" + std::to_string(offset + count) +
                      " expected)");
    }
    return out;
  }

  /// Throws Error when bytes follow the `end` bytes that the header announced.
  void expect_end(std::size_t end) {
    std::vector<unsigned char> extra;
    if (read(extra, 1) != 0) {
      throw Error({path_, 0, 0}, "",
                  "unexpected bytes after the " + std::to_string(end) +
                      " that the header announces (a wrong count in the header?)");
    }
  }

 private:
  std::string path_;
  gzFile file_ = nullptr;
};

// Bytes of memory a data set costs per stored byte of the file: the byte itself while read, the
// double of the feature matrix, and the copy the train/test split makes.
constexpr std::uint64_t kMemoryPerByte = 17;

std::uint64_t physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{1} << 34;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

std::string gib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / (1ULL << 30));
  return buf;
}

// Before anything is allocated: the sizes the header announces must fit the file (a plain file's
// size; a gzip file's length trailer and deflate's largest ratio, 1032:1) and this machine's
// memory. A gzip "bomb" with a huge header is refused here instead of decompressed until
// memory runs out.
void check_announced_size(const std::string& path, std::uint64_t total, const std::string& what) {
  if (total * kMemoryPerByte / kMemoryPerByte != total ||
      total * kMemoryPerByte > physical_memory() / 2) {
    throw Error({path, 0, 0}, "",
                "the header announces " + what + " (" + std::to_string(total) +
                    " bytes), which would need " + gib(total * kMemoryPerByte) +
                    " of memory; this machine has " + gib(physical_memory()));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  const auto size = static_cast<std::uint64_t>(st.st_size);
  unsigned char head[2] = {0, 0};
  unsigned char tail[4] = {0, 0, 0, 0};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return;
  const bool gzip = std::fread(head, 1, 2, f) == 2 && head[0] == 0x1F && head[1] == 0x8B;
  const bool has_tail =
      size >= 4 && std::fseek(f, -4, SEEK_END) == 0 && std::fread(tail, 1, 4, f) == 4;
  std::fclose(f);
  std::uint64_t holds = size;
  if (gzip) {
    // ISIZE, the gzip trailer: the uncompressed length modulo 2^32 (RFC 1952); deflate never
    // compresses more than 1032:1.
    const std::uint32_t isize = std::uint32_t{tail[0]} | (std::uint32_t{tail[1]} << 8) |
                                (std::uint32_t{tail[2]} << 16) | (std::uint32_t{tail[3]} << 24);
    if (!has_tail) return;  // too short to be gzip: zlib's reader reports it
    if (total > size * 1032 + 1024) {
      throw Error({path, 0, 0}, "",
                  "the header announces " + what + ", " + std::to_string(total) +
                      " bytes, more than a gzip file of " + std::to_string(size) +
                      " bytes can hold: a wrong header or a damaged file");
    }
    if (isize == static_cast<std::uint32_t>(total)) return;
    holds = isize;
  }
  const std::string source = gzip ? " (by its gzip length trailer)" : "";
  if (holds < total) {
    throw Error({path, 0, 0}, "",
                "truncated: the file ends after " + std::to_string(holds) + " bytes" + source +
                    ", inside the " + what + " (" + std::to_string(total) + " expected)");
  }
  if (holds > total) {
    throw Error({path, 0, 0}, "",
                "unexpected bytes after the " + std::to_string(total) +
                    " that the header announces for " + what + " (the file has " +
                    std::to_string(holds) + source + "; a wrong count in the header?)");
  }
}

std::uint32_t big_endian(const std::vector<unsigned char>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

void check_magic(const std::string& path, std::uint32_t magic, std::uint32_t expected,
                 const std::string& kind) {
  if (magic == expected) return;
  std::string hint;
  if (magic == kLabelsMagic) hint = " (this is a label file)";
  if (magic == kImagesMagic) hint = " (this is an image file)";
  if ((magic >> 16) == 0x1F8B) hint = " (gzip data inside gzip? decompress it once)";
  throw Error({path, 0, 0}, "",
              "not an IDX " + kind + " file: magic number " + hex(magic) + ", expected " +
                  hex(expected) + hint);
}

/// The raw bytes of an IDX image file.
struct RawImages {
  std::size_t count = 0;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<unsigned char> pixels;
};

RawImages read_images(const std::string& path) {
  GzReader in(path);
  const auto header = in.read_exact(16, 0, "16-byte header");
  check_magic(path, big_endian(header, 0), kImagesMagic, "image");
  RawImages raw;
  raw.count = big_endian(header, 4);
  raw.rows = big_endian(header, 8);
  raw.cols = big_endian(header, 12);
  if (raw.count == 0 || raw.rows == 0 || raw.cols == 0) {
    throw Error({path, 0, 0}, "",
                "empty image file: " + std::to_string(raw.count) + " images of " +
                    std::to_string(raw.rows) + " x " + std::to_string(raw.cols) + " pixels");
  }
  // Each size is below 2^32; their product must fit, and nothing real comes near 2^40 pixels.
  const std::size_t per_image = raw.rows * raw.cols;
  if (per_image > (std::size_t{1} << 32) || raw.count > (std::size_t{1} << 40) / per_image) {
    throw Error({path, 0, 0}, "",
                "implausible sizes in the header: " + std::to_string(raw.count) + " images of " +
                    std::to_string(raw.rows) + " x " + std::to_string(raw.cols) + " pixels");
  }
  const std::size_t bytes = raw.count * per_image;
  check_announced_size(path, 16 + bytes, std::to_string(raw.count) + " images");
  raw.pixels = in.read_exact(bytes, 16, "pixels of " + std::to_string(raw.count) + " images");
  in.expect_end(16 + bytes);
  return raw;
}

std::vector<unsigned char> read_labels(const std::string& path) {
  GzReader in(path);
  const auto header = in.read_exact(8, 0, "8-byte header");
  check_magic(path, big_endian(header, 0), kLabelsMagic, "label");
  const std::size_t count = big_endian(header, 4);
  check_announced_size(path, 8 + count, std::to_string(count) + " labels");
  auto labels = in.read_exact(count, 8, std::to_string(count) + " labels");
  in.expect_end(8 + count);
  return labels;
}

/// Builds the data set (pixels / 255, one image per column) and checks the classes.
Dataset assemble(std::string name, const RawImages& images,
                 const std::vector<unsigned char>& labels, const std::string& labels_path) {
  Dataset data;
  data.name = std::move(name);
  const auto features = static_cast<Eigen::Index>(images.rows * images.cols);
  const auto n = static_cast<Eigen::Index>(images.count);
  data.x.resize(features, n);
  double* out = data.x.data();
  for (std::size_t i = 0; i < images.pixels.size(); ++i) out[i] = images.pixels[i] / 255.0;
  data.y.resize(n);
  std::vector<bool> seen(256, false);
  int max_label = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    data.y[j] = labels[static_cast<std::size_t>(j)];
    seen[labels[static_cast<std::size_t>(j)]] = true;
    max_label = std::max(max_label, data.y[j]);
  }
  for (int k = 0; k <= max_label; ++k) {
    if (!seen[static_cast<std::size_t>(k)]) {
      throw Error({labels_path, 0, 0}, "",
                  "class " + std::to_string(k) + " never occurs (the labels must cover 0 to " +
                      std::to_string(max_label) + ", the largest label)");
    }
  }
  data.classes = max_label + 1;
  data.feature_names.reserve(static_cast<std::size_t>(features));
  for (std::size_t r = 0; r < images.rows; ++r) {
    for (std::size_t c = 0; c < images.cols; ++c) {
      data.feature_names.push_back("pixel_" + std::to_string(r) + "_" + std::to_string(c));
    }
  }
  return data;
}

void check_counts(const std::string& images_path, const RawImages& images,
                  const std::string& labels_path, std::size_t labels) {
  if (images.count != labels) {
    throw Error({labels_path, 0, 0}, "",
                "holds " + std::to_string(labels) + " labels, but " + images_path + " holds " +
                    std::to_string(images.count) + " images");
  }
}

std::string stem_of(const std::string& path) {
  std::filesystem::path p(path);
  if (p.extension() == ".gz") p = p.stem();
  return p.stem().string();
}

const char* const kInstallHint =
    "install the Debian package dataset-fashion-mnist, or give path: a folder holding "
    "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
    "t10k-labels-idx1-ubyte.gz (gzipped or not)";

/// `dir/base.gz`, else `dir/base`, else an Error naming the Debian package.
std::string fashion_file(const std::string& dir, const std::string& base) {
  const std::filesystem::path folder(dir);
  for (const auto& name : {base + ".gz", base}) {
    if (std::filesystem::is_regular_file(folder / name)) return (folder / name).string();
  }
  throw Error("path", "no " + base + ".gz in '" + dir + "': " + kInstallHint);
}

}  // namespace

Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path) {
  const RawImages images = read_images(images_path);
  const auto labels = read_labels(labels_path);
  check_counts(images_path, images, labels_path, labels.size());
  return assemble(stem_of(images_path), images, labels, labels_path);
}

std::vector<std::string> fashion_mnist_files(const std::string& dir, const std::string& part) {
  std::vector<std::string> files;
  for (const char* prefix : {"train", "t10k"}) {
    if ((part == "train" && std::string(prefix) == "t10k") ||
        (part == "test" && std::string(prefix) == "train"))
      continue;
    files.push_back(fashion_file(dir, std::string(prefix) + "-images-idx3-ubyte"));
    files.push_back(fashion_file(dir, std::string(prefix) + "-labels-idx1-ubyte"));
  }
  return files;
}

Dataset load_fashion_mnist(const std::string& dir, const std::string& part) {
  if (part != "train" && part != "test" && part != "all") {
    throw Error("part", "unknown value '" + part + "' (one of: train, test, all)");
  }
  if (!std::filesystem::is_directory(dir)) {
    throw Error("path", "no Fashion-MNIST folder '" + dir + "': " + kInstallHint);
  }
  RawImages images;
  std::vector<unsigned char> labels;
  std::string labels_path;
  std::vector<std::string> prefixes;
  if (part != "test") prefixes.emplace_back("train");
  if (part != "train") prefixes.emplace_back("t10k");
  for (const std::string& prefix : prefixes) {
    const std::string images_path = fashion_file(dir, prefix + "-images-idx3-ubyte");
    labels_path = fashion_file(dir, prefix + "-labels-idx1-ubyte");
    RawImages more = read_images(images_path);
    const auto more_labels = read_labels(labels_path);
    check_counts(images_path, more, labels_path, more_labels.size());
    if (images.count == 0) {
      images = std::move(more);
    } else {
      if (more.rows != images.rows || more.cols != images.cols) {
        throw Error({images_path, 0, 0}, "",
                    "images of " + std::to_string(more.rows) + " x " + std::to_string(more.cols) +
                        " pixels, the training images have " + std::to_string(images.rows) + " x " +
                        std::to_string(images.cols));
      }
      images.count += more.count;
      images.pixels.insert(images.pixels.end(), more.pixels.begin(), more.pixels.end());
    }
    labels.insert(labels.end(), more_labels.begin(), more_labels.end());
  }
  return assemble("fashion_mnist", images, labels, labels_path);
}

}  // namespace optbench
