#ifndef KNSIM_CGSL_SHIM_H
#define KNSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>

// Swift 6 rejects GSL's generator-type globals (gsl_rng_mt19937, ...) as not
// concurrency-safe mutable state; reading them through these functions is fine.
static inline const gsl_rng_type *knsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *knsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *knsim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *knsim_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *knsim_rng_ranlux389(void) { return gsl_rng_ranlux389; }

#endif
