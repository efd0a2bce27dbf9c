#ifndef CLINIC_CLIBPQ_SHIM_H
#define CLINIC_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
