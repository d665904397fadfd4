// The empty program each layer's link check links a whole layer into (cmake/layers.cmake): the
// link fails when the layer calls into a layer above it.
int main() {
  return 0;
}
