/* tensor.h - the tensors kernels receive (C and C++): ChipTensor, whose data is
 * (T *)t->buffer.addr + t->start_offset. ptoc's CPU runtime defines it in ptoc_rt.h. */
#ifndef PTOC_TENSOR_H
#define PTOC_TENSOR_H

#include "ptoc_rt.h"

#endif
