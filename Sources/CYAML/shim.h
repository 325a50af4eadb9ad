#ifndef KCW_CYAML_SHIM_H
#define KCW_CYAML_SHIM_H
#include <yaml.h>
#endif
