#pragma once
/// The whole public API of the convolution engine.

#include "convolution/border.hpp"
#include "convolution/convolve.hpp"
#include "convolution/explain.hpp"
#include "convolution/filters.hpp"
#include "convolution/image.hpp"
#include "convolution/layer.hpp"
#include "convolution/signal.hpp"
#include "convolution/tensor.hpp"
#include "convolution/transpose.hpp"
#include "convolution/types.hpp"
