#pragma once
// Reads images and labels from IDX files (gzipped or not), as MNIST and Fashion-MNIST ship them.

#include <string>
#include <vector>

#include "optbench/data/dataset.hpp"

namespace optbench {

/// The default Fashion-MNIST folder of Debian's dataset-fashion-mnist package.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/// Reads an IDX image file (magic 0x00000803: uint8, n x rows x cols) and its IDX label file
/// (magic 0x00000801: uint8, n), each gzipped or not; pixels scaled to [0, 1], one image per
/// column (row-major pixels: feature r*cols + c is `pixel_r_c`). Throws Error naming the file for
/// a wrong magic, sizes, counts that disagree, a truncated file or trailing bytes.
Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path);

/// Fashion-MNIST from `dir` (train-*-idx?-ubyte[.gz] and t10k-*): `part` is train (60000), test
/// (10000) or all (train then test, 70000). A missing folder or file is an Error that names the
/// Debian package dataset-fashion-mnist.
Dataset load_fashion_mnist(const std::string& dir, const std::string& part);

/// The IDX files load_fashion_mnist reads for `part`, images then labels per part.
std::vector<std::string> fashion_mnist_files(const std::string& dir, const std::string& part);

}  // namespace optbench
