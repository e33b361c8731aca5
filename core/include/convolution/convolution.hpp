#pragma once
/// The whole public API of the convolution engine.

#include "convolution/border.hpp"
#include "convolution/convolve.hpp"
#include "convolution/explain.hpp"
#include "convolution/filters.hpp"
#include "convolution/image.hpp"
#include "convolution/messages.hpp"
#include "convolution/types.hpp"
