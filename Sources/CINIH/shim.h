#ifndef KCW_CINIH_SHIM_H
#define KCW_CINIH_SHIM_H
#include <stdio.h>
#include <ini.h>
#endif
